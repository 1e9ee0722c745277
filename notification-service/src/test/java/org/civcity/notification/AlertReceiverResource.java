package org.civcity.notification;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Map;
import org.civcity.standin.AlertReceiver;

/**
 * Starts the stand-ins of everything outside the system that notification-service talks to: an HTTP endpoint for
 * webhooks, callbacks and the carrier's SMS gateway (a stand-in: no carrier runs here), and a real SMTP server
 * (GreenMail) on loopback, and https endpoints with certificates of a test CA; retries are short enough for a test.
 */
public class AlertReceiverResource implements QuarkusTestResourceLifecycleManager {

    public static AlertReceiver receiver;
    public static GreenMail mail;
    /** https stand-ins reached as alerts.civcity.test: a certificate for that name from the trusted test CA... */
    public static AlertReceiver tlsTrusted;
    /** ...one for another name from the same CA... */
    public static AlertReceiver tlsWrongName;
    /** ...and one for that name from a CA nobody configured. */
    public static AlertReceiver tlsUnknownAuthority;
    /** WeChat Work's and DingTalk's robot webhooks, at robots.civcity.test with a certificate from the test CA. */
    public static RobotStandIn robots;
    private static Path trustedAuthority;

    @Override
    public Map<String, String> start() {
        if (receiver == null) {
            receiver = AlertReceiver.start();
            mail = new GreenMail(new ServerSetup(freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
            mail.start();
            TestCertificates.Authority ca = TestCertificates.authority("CivCity Test CA");
            trustedAuthority = TestCertificates.pem(ca);
            String host = "alerts." + TestZone.DOMAIN;
            tlsTrusted = AlertReceiver.startTls(TestCertificates.server(ca, host), host);
            tlsWrongName = AlertReceiver.startTls(TestCertificates.server(ca, "elsewhere." + TestZone.DOMAIN), host);
            tlsUnknownAuthority = AlertReceiver.startTls(
                    TestCertificates.server(TestCertificates.authority("Unknown CA"), host), host);
            robots = RobotStandIn.start(TestCertificates.server(ca, "robots." + TestZone.DOMAIN),
                    "robots." + TestZone.DOMAIN);
        }
        return Map.ofEntries(
                Map.entry("notification.webhook.default-url", receiver.url("/alerts")),
                Map.entry("notification.webhook.targets.DISTRICT_LEADER", receiver.url("/leaders/always-500")),
                // Destinations the outbound policy must refuse or handle with care (NoServerSideRequestForgeryTest).
                Map.entry("notification.webhook.targets.METADATA_PROBE", "http://169.254.169.254/latest/meta-data/"),
                Map.entry("notification.webhook.targets.LOOPBACK_PROBE", "http://127.0.0.2:" + port() + "/alerts"),
                Map.entry("notification.webhook.targets.REDIRECTING", receiver.url("/moved/redirect")),
                Map.entry("notification.webhook.targets.ENDLESS_BODY", receiver.url("/endless-body")),
                Map.entry("notification.webhook.targets.TLS_TRUSTED", tlsTrusted.url("/alerts")),
                Map.entry("notification.webhook.targets.TLS_WRONG_NAME", tlsWrongName.url("/alerts")),
                Map.entry("notification.webhook.targets.TLS_UNKNOWN_AUTHORITY", tlsUnknownAuthority.url("/alerts")),
                Map.entry("notification.outbound.trust-certificates", trustedAuthority.toString()),
                Map.entry("notification.delivery.initial-backoff", "PT0.2S"),
                Map.entry("notification.delivery.max-backoff", "PT0.5S"),
                Map.entry("notification.delivery.max-attempts", "3"),
                Map.entry("notification.delivery.poll-interval", "PT0.1S"),
                Map.entry("notification.sms.gateway-url", receiver.url("/sms")),
                Map.entry("notification.sms.headers.Authorization", "Bearer carrier-test-key"),
                Map.entry("notification.channels.SMS.per-second", "2"),
                Map.entry("notification.channels.SMS.burst", "2"),
                // Alerts that must be acknowledged: re-sent after 2 s, twice per person, then handed over.
                Map.entry("notification.acknowledgement.resend-after", "PT2S"),
                Map.entry("notification.acknowledgement.urgent-resend-after", "PT2S"),
                Map.entry("notification.acknowledgement.tries-per-person", "2"),
                Map.entry("notification.acknowledgement.poll-interval", "PT0.2S"),
                Map.entry("notification.acknowledgement.link", "http://127.0.0.1:8081/ack/{token}"),
                Map.entry("quarkus.mailer.host", "127.0.0.1"),
                Map.entry("quarkus.mailer.port", Integer.toString(mail.getSmtp().getPort())),
                Map.entry("quarkus.mailer.start-tls", "DISABLED"));
    }

    private static int port() {
        return java.net.URI.create(receiver.url("/")).getPort();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void stop() {
        // Shared by every test of this JVM.
    }
}
