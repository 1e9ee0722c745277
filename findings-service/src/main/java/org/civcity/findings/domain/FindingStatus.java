package org.civcity.findings.domain;

/** Where a finding stands, as the case events report it. */
public enum FindingStatus {
    /** Accepted; no case yet. */
    REPORTED,
    /** Linked to an open finding at the same site; no second case is opened. */
    DUPLICATE,
    ASSIGNED,
    ACKNOWLEDGED,
    CLOSED
}
