package org.civcity.contracts;

/** The five focus areas a finding belongs to. */
public enum Category {
    SANITATION,
    TRAFFIC_ORDER,
    PUBLIC_SERVICE,
    CIVIC_CONDUCT,
    PUBLICITY
}
