package org.civcity.notification.domain;

import java.time.Instant;
import java.util.UUID;

/** The JSON body a recipient's webhook receives for an escalation; deliveryId lets it drop repeats. */
public record Alert(
        String deliveryId,
        String type,
        UUID findingId,
        int generation,
        int level,
        String target,
        String unit,
        String reason,
        Instant deadline,
        long overdueSeconds,
        Instant raisedAt,
        String message) {
}
