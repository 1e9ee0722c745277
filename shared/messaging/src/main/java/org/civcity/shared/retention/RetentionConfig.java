package org.civcity.shared.retention;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** What is purged after how long: rows of bookkeeping tables that have served their purpose. */
@ConfigMapping(prefix = "civcity.retention")
public interface RetentionConfig {

    /** Pause between purge rounds. */
    @WithDefault("PT1H")
    Duration interval();

    /** Rows deleted per statement, so a large first purge does not hold locks or bloat one transaction. */
    @WithDefault("1000")
    int batchSize();

    /** Rules by name: every service has "inbox"; each adds its own. */
    Map<String, Rule> rules();

    /** Rows of {@code table} whose {@code column} is older than {@code keep} (and match {@code where}) go. */
    interface Rule {

        String table();

        /** A timestamp column with an index that starts with it (checked at start-up). */
        String column();

        Duration keep();

        /** An extra condition in SQL, e.g. only settled rows; an index may be partial on the same condition. */
        Optional<String> where();
    }
}
