package org.civcity.shared.outbox;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of the outbox relay. */
@ConfigMapping(prefix = "civcity.outbox")
public interface OutboxConfig {

    /** CloudEvents source attribute of this service's events, e.g. urn:civcity:findings-service. */
    String source();

    /** How often the relay looks for committed events (also read by its @Scheduled expression). */
    @WithDefault("0.2s")
    String pollInterval();

    /** Rows published per transaction. */
    @WithDefault("200")
    int batchSize();
}
