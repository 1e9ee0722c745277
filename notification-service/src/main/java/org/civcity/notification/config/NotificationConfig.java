package org.civcity.notification.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Where alerts go and how deliveries are retried. */
@ConfigMapping(prefix = "notification")
public interface NotificationConfig {

    Webhook webhook();

    Delivery delivery();

    Email email();

    Sms sms();

    Digest digest();

    Callbacks callbacks();

    Outbound outbound();

    Feed feed();

    Acknowledgement acknowledgement();

    Duty duty();

    /** Rate limit per channel (WEBHOOK, CALLBACK, EMAIL, SMS), shared by all replicas; none: unlimited. */
    Map<String, RateLimit> channels();

    /** Names of units as people read them, by unit code; a code without a name is shown as is. */
    Map<String, String> unitNames();

    /** Names of escalation targets (roles) as people read them. */
    Map<String, String> roleNames();

    /** Link to a case in messages; {findingId} is replaced. */
    @WithDefault("http://127.0.0.1:8083/board/?finding={findingId}")
    String caseLink();

    /** Link to a published bulletin in messages; {path} is replaced by the bulletin's path on escalation-service. */
    @WithDefault("http://127.0.0.1:8083{path}?format=html")
    String bulletinLink();

    /**
     * Alerts that must be acknowledged (PagerDuty-style): escalations from {@code from-level} on go to one person of
     * each party at a time, with a signed link to acknowledge; unanswered, they are re-sent and then handed to the
     * next person.
     */
    interface Acknowledgement {

        @WithDefault("2")
        int fromLevel();

        /** Pause before a re-send: working time ("0.5 working hours") or elapsed time (PT10M). */
        @WithDefault("0.5 working hours")
        String resendAfter();

        /** The same from the urgent level (3) on, where quiet hours do not hold either: elapsed time by default. */
        @WithDefault("PT15M")
        String urgentResendAfter();

        /** Sends to one person before the alert goes to the next. */
        @WithDefault("3")
        int triesPerPerson();

        /** How long an acknowledgement link stays valid. */
        @WithDefault("P7D")
        Duration tokenValidity();

        /** The link in messages; {token} is replaced by the signed token. */
        @WithDefault("http://127.0.0.1:8084/ack/{token}")
        String link();

        @WithDefault("PT5S")
        Duration pollInterval();
    }

    /** The duty role: resolved from the duty rota when an alert is sent. */
    interface Duty {

        @WithDefault("CIVILIZATION_OFFICE")
        String role();
    }

    /** The mail channel (Quarkus Mailer; server settings under quarkus.mailer). */
    interface Email {

        @WithDefault("true")
        boolean enabled();
    }

    /** The SMS channel: an HTTP gateway of the carrier. */
    interface Sms {

        /** The gateway's send endpoint; without one, no SMS is queued. */
        Optional<String> gatewayUrl();

        /** Request body; {mobile} and {text} are replaced by JSON-escaped values. */
        @WithDefault("{\"mobile\":\"{mobile}\",\"content\":\"{text}\"}")
        String bodyTemplate();

        /** Extra request headers, e.g. the carrier's API key. */
        Map<String, String> headers();

        /** Events that go out by SMS too: only those that ask for action now. */
        @WithDefault("escalation.raised,deadline.approaching,finding.assigned,rectification.rejected,site.listed")
        List<String> eventTypes();
    }

    /** The daily digest to leaders. */
    interface Digest {

        @WithDefault("true")
        boolean enabled();

        /** Local time (district zone) from which the day's digest goes out, on working days only. */
        @WithDefault("08:30")
        LocalTime time();

        /** Roles that receive a digest; their unit (a township or department) is their area, none: the district. */
        @WithDefault("DISTRICT_LEADER_IN_CHARGE,PRINCIPAL_LEADERS")
        List<String> roles();

        @WithDefault("PT30S")
        Duration pollInterval();

        /** Units shown at each end of the ranking excerpt. */
        @WithDefault("3")
        int rankingSize();
    }

    /** Status callbacks to posting systems. */
    interface Callbacks {

        /**
         * AES-256 key (32 bytes, base64) that seals each registration's signing secret in the database. Required;
         * rotating it needs the secrets re-sealed (or the systems to register again).
         */
        String encryptionKey();
    }

    /** A token bucket: this many sends per second on average, bursts up to {@code burst}. */
    interface RateLimit {

        double perSecond();

        Optional<Integer> burst();
    }

    /** Webhook endpoints of alert recipients. */
    interface Webhook {

        /** Endpoint per escalation target (e.g. UNIT_HEAD); overrides the default. */
        Map<String, String> targets();

        /** Endpoint for targets without their own. */
        Optional<String> defaultUrl();

        /**
         * Key of the HMAC-SHA256 signature over "timestamp.body" sent with every webhook, so a receiver can tell our
         * alerts from forgeries and replays. Required: a secret per deployment, from its secret store.
         */
        String signingSecret();
    }

    /**
     * Where this service may send HTTP requests (callbacks, recipient webhooks, the SMS gateway): checked when a URL
     * is registered and again, on the resolved addresses, at every send.
     */
    interface Outbound {

        /** URL schemes allowed; a local run adds http. */
        @WithDefault("https")
        List<String> allowedSchemes();

        /** Hosts allowed ("alerts.example.gov.cn", or "*.example.gov.cn" for its subdomains); none: any host. */
        Optional<List<String>> allowedHosts();

        /**
         * Networks (CIDR) exempt from the address check, e.g. the carrier's gateway in the data centre, or 127.0.0.0/8
         * for a local run. Otherwise loopback, private, link-local (cloud metadata), shared, multicast and reserved
         * addresses are refused.
         */
        Optional<List<String>> allowedNetworks();

        /** Time to establish a connection. */
        @WithDefault("PT5S")
        Duration connectTimeout();

        /** Bytes of a response body read at most; the rest is not read. */
        @WithDefault("65536")
        int maxResponseBytes();

        /**
         * PEM files of certificate authorities trusted for https besides the JVM's own, e.g. a government intranet's
         * CA; host names are verified either way.
         */
        Optional<List<Path>> trustCertificates();
    }

    /** The live feed (server-sent events): connections are held open, so they are counted and capped. */
    interface Feed {

        /** Open feeds per user (a dashboard, a second screen, a reconnect not yet noticed). */
        @WithDefault("3")
        int maxPerUser();

        /** Open feeds per instance. */
        @WithDefault("200")
        int maxConnections();
    }

    /** Retry policy of the delivery queue. */
    interface Delivery {

        /**
         * Pause between delivery rounds: retries and rate-limited deliveries wait for it. New deliveries wake the
         * worker at once through their commit's NOTIFY.
         */
        @WithDefault("PT1S")
        Duration pollInterval();

        /**
         * Least time between the starts of two rounds that commits woke: idle, an alert leaves at once; under load a
         * round gathers this long's deliveries instead of one round (three statements a channel) per commit.
         */
        @WithDefault("PT0.25S")
        Duration wakeSpacing();

        @WithDefault("50")
        int batchSize();

        @WithDefault("12")
        int maxAttempts();

        @WithDefault("PT30S")
        Duration initialBackoff();

        @WithDefault("PT1H")
        Duration maxBackoff();

        /** Per-request timeout; an attempt is leased for longer than this, so a crash mid-send retries it. */
        @WithDefault("PT10S")
        Duration timeout();
    }
}
