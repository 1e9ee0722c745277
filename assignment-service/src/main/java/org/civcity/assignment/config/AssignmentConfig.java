package org.civcity.assignment.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Map;

/** Deadline policy and routing data of the district. */
@ConfigMapping(prefix = "assignment")
public interface AssignmentConfig {

    /** Version of the deadline policy below, snapshotted on every case dispatched under it. */
    String policyVersion();

    /**
     * Time to acknowledge, counted from dispatch, per {@code SEVERITY} or {@code CATEGORY.SEVERITY} (the latter wins):
     * "4 working hours", "3 working days", or an ISO-8601 duration of elapsed time such as PT30S (tests, demos).
     */
    Map<String, String> acknowledgeWithin();

    /** Time to rectify, counted from dispatch; keys and forms as {@link #acknowledgeWithin()}. */
    Map<String, String> rectifyWithin();

    /** A repeat finding (屡改屡犯) gets this share of the normal limits. */
    @WithDefault("0.5")
    double repeatFactor();

    Routing routing();

    /** The unit directory and routing matrix. */
    interface Routing {

        /**
         * Classpath resource or file path of the routing data bundled with the deployment; published as a version at
         * start when its version is not published yet.
         */
        @WithDefault("routing/district.json")
        String file();

        /** How often an instance looks for a version another instance published. */
        @WithDefault("PT15S")
        Duration refresh();
    }
}
