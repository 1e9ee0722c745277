package org.civcity.notification.api;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.civcity.notification.domain.AlertPage;
import org.civcity.notification.domain.AlertPageStep;

/** An alert that must be acknowledged, as read: where it stands and every step so far. */
public record PageView(UUID id, UUID findingId, int level, String role, String unit, String reason, String status,
        UUID currentRecipient, int tries, Instant sentAt, Instant nextAt, Instant acknowledgedAt,
        String acknowledgedBy, boolean onBehalf, List<Step> steps) {

    /** One step: SENT, RESENT, HANDED_OVER, ACKNOWLEDGED or UNANSWERED. */
    public record Step(String kind, UUID recipientId, String name, int tryNumber, String actor, Instant at) {
    }

    public static PageView of(AlertPage p, List<AlertPageStep> steps) {
        return new PageView(p.id, p.findingId, p.level, p.role, p.unit, p.reason, p.status.name(), p.current(),
                p.tries, p.sentAt, p.nextAt, p.acknowledgedAt, p.acknowledgedBy, p.onBehalf, steps.stream()
                        .map(s -> new Step(s.kind, s.recipient, s.name, s.tryNumber, s.actor, s.at)).toList());
    }
}
