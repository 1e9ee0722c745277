package org.civcity.assignment.config;

import io.smallrye.config.ConfigMapping;
import java.time.Duration;
import java.util.Map;

/** Routing table and deadline policy; durations are configuration so a test can use seconds. */
@ConfigMapping(prefix = "assignment")
public interface AssignmentConfig {

    /** Version of the policy below, stored on every case dispatched under it. */
    String policyVersion();

    /** Lead department code per category name. */
    Map<String, String> routes();

    /** Time to acknowledge per severity name, counted from dispatch. */
    Map<String, Duration> acknowledgeWithin();

    /** Time to rectify per severity name, counted from dispatch. */
    Map<String, Duration> rectifyWithin();
}
