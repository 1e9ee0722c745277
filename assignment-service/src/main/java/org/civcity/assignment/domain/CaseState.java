package org.civcity.assignment.domain;

/** Where a case stands in its lifecycle. */
public enum CaseState {
    /** Dispatched; both clocks run. */
    ASSIGNED,
    /** The lead unit has taken it; the rectification clock still runs. */
    ACKNOWLEDGED
}
