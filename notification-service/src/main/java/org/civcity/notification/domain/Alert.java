package org.civcity.notification.domain;

import java.time.Instant;
import java.util.UUID;

/** The JSON body a recipient's webhook receives; deliveryId lets it drop repeats, message is the Chinese text. */
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
        String site,
        String link,
        String message) {

    public Alert withDelivery(String id, String text) {
        return new Alert(id, type, findingId, generation, level, target, unit, reason, deadline, overdueSeconds,
                raisedAt, site, link, text);
    }
}
