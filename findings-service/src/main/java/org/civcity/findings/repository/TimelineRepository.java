package org.civcity.findings.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepository;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;
import org.civcity.findings.domain.TimelineEntry;

/** The timeline of each finding. */
@ApplicationScoped
public class TimelineRepository implements PanacheRepository<TimelineEntry> {

    public Uni<List<TimelineEntry>> of(UUID findingId) {
        return list("findingId", Sort.by("occurredAt").and("id"), findingId);
    }
}
