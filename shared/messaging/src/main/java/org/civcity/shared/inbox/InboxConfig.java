package org.civcity.shared.inbox;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Settings of idempotent consumption. */
@ConfigMapping(prefix = "civcity.inbox")
public interface InboxConfig {

    /** Retries of a failing (not poison) event before it is dead-lettered. */
    @WithDefault("5")
    int retries();

    @WithDefault("PT0.2S")
    Duration retryInitialBackoff();

    @WithDefault("PT10S")
    Duration retryMaxBackoff();

    /** How long processed event ids are remembered; longer than the topics' retention. */
    @WithDefault("P14D")
    Duration retention();
}
