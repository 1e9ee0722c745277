package org.civcity.notification;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;
import org.civcity.testsupport.AlertReceiver;

/** Starts the stand-in alert endpoint and points the service at it, with retries short enough for a test. */
public class AlertReceiverResource implements QuarkusTestResourceLifecycleManager {

    public static AlertReceiver receiver;

    @Override
    public Map<String, String> start() {
        if (receiver == null) {
            receiver = AlertReceiver.start();
        }
        return Map.of(
                "notification.webhook.default-url", receiver.url("/alerts"),
                "notification.webhook.targets.DISTRICT_LEADER", receiver.url("/leaders/always-500"),
                "notification.delivery.initial-backoff", "PT0.2S",
                "notification.delivery.max-backoff", "PT0.5S",
                "notification.delivery.max-attempts", "3",
                "notification.delivery.poll-interval", "PT0.1S");
    }

    @Override
    public void stop() {
        // Shared by every test of this JVM.
    }
}
