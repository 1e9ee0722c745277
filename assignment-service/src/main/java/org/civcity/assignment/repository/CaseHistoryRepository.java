package org.civcity.assignment.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;
import org.civcity.assignment.domain.CaseHistory;

/** Every step of every case, in order; appended, never changed. */
@ApplicationScoped
public class CaseHistoryRepository implements PanacheRepository<CaseHistory> {

    /** The case's steps in the order they happened. */
    public Uni<List<CaseHistory>> of(UUID findingId) {
        return list("findingId = ?1 order by id", findingId);
    }
}
