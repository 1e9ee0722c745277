package org.civcity.escalation.domain;

/**
 * What a timer watches: the warning before the deadline, one of the two dispatch clocks, or a leader's supervision
 * order.
 */
public enum DeadlineKind {
    /** A share of the rectification budget is used: warn the unit. */
    WARNING,
    ACKNOWLEDGE,
    RECTIFY,
    /** A leader's instruction (批示) not carried out by its order's deadline. */
    SUPERVISION
}
