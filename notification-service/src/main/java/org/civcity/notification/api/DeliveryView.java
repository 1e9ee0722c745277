package org.civcity.notification.api;

import java.time.Instant;
import java.util.UUID;
import org.civcity.notification.domain.Delivery;
import org.civcity.notification.domain.DeliveryStatus;

/** A delivery as operators see it. */
public record DeliveryView(
        UUID id,
        String dedupId,
        UUID findingId,
        String eventType,
        String channel,
        String recipient,
        String endpoint,
        DeliveryStatus status,
        int attempts,
        Instant nextAttemptAt,
        String lastError,
        Instant createdAt,
        Instant deliveredAt) {

    public static DeliveryView of(Delivery d) {
        return new DeliveryView(d.id, d.dedupId, d.findingId, d.eventType, d.channel, d.recipient,
                RecipientView.masked(d.endpoint),
                d.status, d.attempts, d.nextAttemptAt, d.lastError, d.createdAt, d.deliveredAt);
    }
}
