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
        String message,
        /** An alert that must be acknowledged: the recipient's own signed link to do so. */
        String acknowledgeUrl) {

    public Alert(String deliveryId, String type, UUID findingId, int generation, int level, String target, String unit,
            String reason, Instant deadline, long overdueSeconds, Instant raisedAt, String site, String link,
            String message) {
        this(deliveryId, type, findingId, generation, level, target, unit, reason, deadline, overdueSeconds, raisedAt,
                site, link, message, null);
    }

    public Alert withDelivery(String id, String text) {
        return new Alert(id, type, findingId, generation, level, target, unit, reason, deadline, overdueSeconds,
                raisedAt, site, link, text, acknowledgeUrl);
    }

    public Alert withAcknowledgeUrl(String url) {
        return new Alert(deliveryId, type, findingId, generation, level, target, unit, reason, deadline,
                overdueSeconds, raisedAt, site, link, message, url);
    }
}
