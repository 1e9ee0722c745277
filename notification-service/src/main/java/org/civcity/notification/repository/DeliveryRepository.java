package org.civcity.notification.repository;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.civcity.notification.domain.Delivery;
import org.civcity.notification.domain.DeliveryStatus;

/** The delivery queue in PostgreSQL. */
@ApplicationScoped
public class DeliveryRepository implements PanacheRepositoryBase<Delivery, UUID> {

    /** Locks due pending deliveries, skipping those another replica holds; call in a transaction. */
    public Uni<List<Delivery>> claimDue(Instant now, int limit) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "SELECT * FROM delivery WHERE status = 'PENDING' AND next_attempt_at <= :now"
                                + " ORDER BY next_attempt_at LIMIT :limit FOR UPDATE SKIP LOCKED", Delivery.class)
                .setParameter("now", now)
                .setParameter("limit", limit)
                .getResultList());
    }

    public Uni<List<Delivery>> search(UUID findingId, DeliveryStatus status, int limit) {
        List<String> where = new ArrayList<>();
        Parameters params = new Parameters();
        if (findingId != null) {
            where.add("findingId = :findingId");
            params = params.and("findingId", findingId);
        }
        if (status != null) {
            where.add("status = :status");
            params = params.and("status", status);
        }
        Sort sort = Sort.by("createdAt");
        return (where.isEmpty() ? findAll(sort) : find(String.join(" and ", where), sort, params))
                .page(Page.ofSize(limit)).list();
    }
}
