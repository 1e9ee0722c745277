package org.civcity.escalation.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Settings of the deadline scanner and the first ladder level. */
@ConfigMapping(prefix = "escalation")
public interface EscalationConfig {

    /** Pause between scans for due timers. */
    @WithDefault("PT0.25S")
    Duration scanInterval();

    /** Timers claimed per transaction. */
    @WithDefault("500")
    int batchSize();

    /** A level fired this long after it fell due is marked late (the service was down or behind). */
    @WithDefault("PT1M")
    Duration lateAfter();

    /** Who level 1 addresses: the responsible unit's head. */
    @WithDefault("UNIT_HEAD")
    String levelOneTarget();
}
