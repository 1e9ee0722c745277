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

    /** Escalations raised in (from, to], in order. */
    public Uni<List<EscalationLog>> raisedBetween(Instant from, Instant to) {
        return list("raisedAt > ?1 and raisedAt <= ?2 order by raisedAt", from, to);
    }

    /** Accountability proposals no disposition has settled yet, oldest first. */
    public Uni<List<EscalationLog>> awaitingDisposition() {
        return list("proposal = true and disposedAt is null order by raisedAt");
    }

    /** Settles the escalation {@code escalationId}; a second disposition changes nothing. */
    public Uni<Integer> disposed(UUID escalationId, String disposition, Instant at) {
        return update("disposedAt = ?1, disposition = ?2 where escalationId = ?3 and disposedAt is null", at,
                disposition, escalationId);
    }
}
