package org.civcity.findings.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Map;

/** Intake settings: idempotency retention and how recurring problems are recognised. */
@ConfigMapping(prefix = "findings")
public interface FindingsConfig {

    /** How long a successful response is replayed for its Idempotency-Key. */
    @WithDefault("PT48H")
    Duration idempotencyRetention();

    Recurrence recurrence();

    Rounds rounds();

    Listing listing();

    /** Listed supervision (挂牌督办) of sites where problems recur. */
    interface Listing {

        /** Working time the township and the department have to set a listed site right ("N working days"). */
        @WithDefault("5 working days")
        String due();

        /**
         * How long a listed site must stay without an open finding before it is delisted: "N working days" or
         * "N working hours" on the district's calendar (an ISO-8601 duration counts elapsed time, for tests).
         */
        @WithDefault("20 working days")
        String cleanPeriod();

        /** How often a replica looks for listed sites whose clean period ended. */
        @WithDefault("PT30S")
        Duration poll();
    }

    /** Evaluation rounds imported from evaluators' files. */
    interface Rounds {

        /** Rows per imported file. */
        @WithDefault("5000")
        int maxRows();

        /** Characters per cell. */
        @WithDefault("4000")
        int maxCellLength();

        /** Files with more rows are imported in the background (202 and a status URL); so is any with respond-async. */
        @WithDefault("200")
        int backgroundFromRows();

        /** How often a replica looks for a background import to run. */
        @WithDefault("PT1S")
        Duration poll();

        /** How long a claimed import is its replica's without a sign of progress; then another takes it over. */
        @WithDefault("PT1M")
        Duration lease();

        /** Claims of one import before it is given up as FAILED (a file that brings its replica down). */
        @WithDefault("5")
        int maxAttempts();

        /**
         * Headings per evaluator (its source system) where they differ from the usual ones, by field:
         * {@code findings.rounds.headings."mock-eval".description=问题内容}. Fields: serial, siteType, siteName,
         * siteCode, township, address, description, category, severity, deductionPoints, observedAt, photos,
         * latitude, longitude.
         */
        Map<String, Map<String, String>> headings();
    }

    /** Same site and category: same site code, or within this distance. */
    interface Recurrence {

        @WithDefault("50")
        double radiusMeters();

        /** A closed finding this recent makes a new one at the same site a repeat. */
        @WithDefault("P180D")
        Duration window();

        /** Recurrences at one site within the window that make it due for listed supervision (挂牌督办). */
        @WithDefault("3")
        int listingThreshold();
    }
}
