package org.civcity.notification.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;
import org.civcity.notification.domain.CallbackBacklog;

/** Case changes that wait for their finding's poster to be known. */
@ApplicationScoped
public class CallbackBacklogRepository implements PanacheRepositoryBase<CallbackBacklog, UUID> {

    /** What waits for {@code findingId}, oldest first. */
    public Uni<List<CallbackBacklog>> waitingFor(UUID findingId) {
        return list("findingId = ?1 order by at", findingId);
    }
}
