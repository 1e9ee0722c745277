package org.civcity.escalation.domain;

/** Life of a deadline timer: pending until it fires once, or is cancelled by a newer generation or closure. */
public enum TimerStatus {
    PENDING,
    FIRED,
    /** Its level has no target in the policy: passed over, nothing raised. */
    SKIPPED,
    CANCELLED
}
