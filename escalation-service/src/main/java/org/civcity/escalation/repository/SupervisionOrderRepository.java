package org.civcity.escalation.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.civcity.escalation.domain.SupervisionOrder;

/** Supervision orders: leaders' instructions and listed sites'. */
@ApplicationScoped
public class SupervisionOrderRepository implements PanacheRepositoryBase<SupervisionOrder, UUID> {

    /** The open order of this kind on a case, if any. */
    public Uni<SupervisionOrder> openOf(UUID findingId, String kind) {
        return find("findingId = ?1 and kind = ?2 and closedAt is null", findingId, kind).firstResult();
    }

    /** Closes one order (a listed site taken off); in the caller's transaction. */
    public Uni<Integer> close(UUID orderId, Instant closedAt) {
        return update("closedAt = ?1 where id = ?2 and closedAt is null", closedAt, orderId);
    }

    public Uni<List<SupervisionOrder>> ofFinding(UUID findingId) {
        return list("findingId = ?1 order by issuedAt", findingId);
    }

    /** Closes the open orders of a case that closed; in the caller's transaction. */
    public Uni<Integer> closeAll(UUID findingId, Instant closedAt) {
        return update("closedAt = ?1 where findingId = ?2 and closedAt is null", closedAt, findingId);
    }
}
