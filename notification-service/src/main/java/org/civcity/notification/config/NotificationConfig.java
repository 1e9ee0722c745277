package org.civcity.notification.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** Where alerts go and how deliveries are retried. */
@ConfigMapping(prefix = "notification")
public interface NotificationConfig {

    Webhook webhook();

    Delivery delivery();

    /** Webhook endpoints of alert recipients. */
    interface Webhook {

        /** Endpoint per escalation target (e.g. UNIT_HEAD); overrides the default. */
        Map<String, String> targets();

        /** Endpoint for targets without their own. */
        Optional<String> defaultUrl();

        /**
         * Key of the HMAC-SHA256 signature over "timestamp.body" sent with every webhook, so a receiver can tell our
         * alerts from forgeries and replays. Set a secret per deployment.
         */
        @WithDefault("local-development-signing-secret")
        String signingSecret();
    }

    /** Retry policy of the delivery queue. */
    interface Delivery {

        /** Pause between delivery rounds. */
        @WithDefault("PT0.25S")
        Duration pollInterval();

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
