package org.civcity.findings.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Intake settings: idempotency retention and how recurring problems are recognised. */
@ConfigMapping(prefix = "findings")
public interface FindingsConfig {

    /** How long a successful response is replayed for its Idempotency-Key. */
    @WithDefault("PT48H")
    Duration idempotencyRetention();

    Recurrence recurrence();

    /** Same site and category: same site code, or within this distance. */
    interface Recurrence {

        @WithDefault("50")
        double radiusMeters();

        /** A closed finding this recent makes a new one at the same site a repeat. */
        @WithDefault("P180D")
        Duration window();
    }
}
