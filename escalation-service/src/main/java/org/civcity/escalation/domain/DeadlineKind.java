package org.civcity.escalation.domain;

/** What a timer watches: the warning before the deadline, or one of the two dispatch clocks. */
public enum DeadlineKind {
    /** A share of the rectification budget is used: warn the unit. */
    WARNING,
    ACKNOWLEDGE,
    RECTIFY
}
