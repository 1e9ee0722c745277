package org.civcity.escalation.api;

import java.time.Instant;
import java.util.UUID;
import org.civcity.escalation.domain.SupervisionOrder;

/**
 * A supervision order, as the API returns it: opened by a leader's instruction ({@code kind} INSTRUCTION) or by the
 * listing of the case's site (LISTING); open while closedAt is null.
 */
public record SupervisionOrderView(UUID id, UUID findingId, UUID recordId, String issuedBy, String text,
        Instant issuedAt, Instant dueBy, String dueRule, Instant closedAt, String kind) {

    public static SupervisionOrderView of(SupervisionOrder o) {
        return new SupervisionOrderView(o.id, o.findingId, o.recordId, o.issuedBy, o.text, o.issuedAt, o.dueBy,
                o.dueRule, o.closedAt, o.kind);
    }
}
