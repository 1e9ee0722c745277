package org.civcity.notification.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.civcity.notification.domain.EscalationLog;

/** The escalations this service has seen, for the digests. */
@ApplicationScoped
public class EscalationLogRepository implements PanacheRepositoryBase<EscalationLog, UUID> {

    /** Escalations raised in {@code district} in (from, to], in order. */
    public Uni<List<EscalationLog>> raisedBetween(String district, Instant from, Instant to) {
        return list("district = ?1 and raisedAt > ?2 and raisedAt <= ?3 order by raisedAt", district, from, to);
    }

    /** Accountability proposals in {@code district} no disposition has settled yet, oldest first. */
    public Uni<List<EscalationLog>> awaitingDisposition(String district) {
        return list("district = ?1 and proposal = true and disposedAt is null order by raisedAt", district);
    }

    /** Settles the escalation {@code escalationId}; a second disposition changes nothing. */
    public Uni<Integer> disposed(UUID escalationId, String disposition, Instant at) {
        return update("disposedAt = ?1, disposition = ?2 where escalationId = ?3 and disposedAt is null", at,
                disposition, escalationId);
    }
}
