package org.civcity.assignment.domain;

/** Where a case stands in its lifecycle. */
public enum CaseState {
    ASSIGNED
}
