package org.civcity.escalation.domain;

/** Which of the two dispatch clocks a timer watches. */
public enum DeadlineKind {
    ACKNOWLEDGE,
    RECTIFY
}
