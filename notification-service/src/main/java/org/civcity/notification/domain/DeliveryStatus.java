package org.civcity.notification.domain;

/** State of one message to one recipient on one channel. */
public enum DeliveryStatus {
    /** Waiting for its next attempt. */
    PENDING,
    /** The recipient's endpoint accepted it. */
    DELIVERED,
    /** Every attempt failed; an operator must look. */
    DEAD,
    /** No endpoint is configured for the recipient. */
    UNROUTABLE,
    /** Not sent: the alert it belongs to was acknowledged, or its case closed, first. */
    CANCELLED
}
