package org.civcity.notification.service;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.civcity.notification.domain.Delivery;
import org.civcity.notification.domain.DeliveryStatus;
import org.civcity.notification.repository.DeliveryRepository;
import org.civcity.shared.problem.ProblemException;
import org.civcity.shared.security.Caller;

/** What operators do with the delivery queue: look into it, and send a dead delivery again. */
@ApplicationScoped
public class DeliveryService {

    private final DeliveryRepository deliveries;

    public DeliveryService(DeliveryRepository deliveries) {
        this.deliveries = deliveries;
    }

    /** The caller's district's deliveries. */
    public Uni<List<Delivery>> search(UUID findingId, DeliveryStatus status, int limit, Caller caller) {
        return Panache.withSession(() -> deliveries.search(caller.district(), findingId, status, limit));
    }

    /**
     * Sends a DEAD delivery of the caller's district again from a fresh attempt count; any other status is a 409,
     * another district's delivery is not found.
     */
    public Uni<Delivery> resend(UUID id, Caller caller) {
        return Panache.withTransaction(() -> deliveries.findById(id)
                .map(d -> d != null && d.district.equals(caller.district()) ? d : null)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("Delivery " + id))
                .invoke(d -> {
                    if (d.status != DeliveryStatus.DEAD) {
                        throw new ProblemException(409, "Conflict", "Only a DEAD delivery can be resent; this one is "
                                + d.status, null, Map.of("status", d.status.name()), null);
                    }
                    d.status = DeliveryStatus.PENDING;
                    d.attempts = 0;
                    d.nextAttemptAt = Instant.now();
                    Log.infof("Delivery %s resent by an operator", d.dedupId);
                }));
    }
}
