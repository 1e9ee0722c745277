package org.civcity.assignment.domain;

/** Where a case stands in its lifecycle. */
public enum CaseState {
    /** No route: waiting in the civilization office's triage queue for a manual dispatch. */
    TRIAGE,
    /** Dispatched; both clocks run. */
    ASSIGNED,
    /** The lead unit has taken it; the rectification clock still runs. */
    ACKNOWLEDGED,
    /** The unit reported it fixed; waiting for verification, the clock still runs. */
    RECTIFIED,
    /** The unit says "not ours"; waiting for the office, the clock still runs. */
    TRANSFER_REQUESTED,
    /** Ended: fixed (verified) or not fixed with a reason. */
    CLOSED
}
