package org.civcity.escalation.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.civcity.escalation.domain.SupervisionOrder;

/** Leaders' supervision orders. */
@ApplicationScoped
public class SupervisionOrderRepository implements PanacheRepositoryBase<SupervisionOrder, UUID> {

    public Uni<SupervisionOrder> openOf(UUID findingId) {
        return find("findingId = ?1 and closedAt is null", findingId).firstResult();
    }

    public Uni<List<SupervisionOrder>> ofFinding(UUID findingId) {
        return list("findingId = ?1 order by issuedAt", findingId);
    }

    /** Closes the open orders of a case that closed; in the caller's transaction. */
    public Uni<Integer> closeAll(UUID findingId, Instant closedAt) {
        return update("closedAt = ?1 where findingId = ?2 and closedAt is null", closedAt, findingId);
    }
}
