package org.civcity.shared.outbox;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Settings of the outbox relay. */
@ConfigMapping(prefix = "civcity.outbox")
public interface OutboxConfig {

    /** CloudEvents source attribute of this service's events, e.g. urn:civcity:findings-service. */
    String source();

    /** Pause between relay rounds when the outbox is empty. */
    @WithDefault("PT0.1S")
    Duration pollInterval();

    /** Rows published per transaction. */
    @WithDefault("200")
    int batchSize();
}
