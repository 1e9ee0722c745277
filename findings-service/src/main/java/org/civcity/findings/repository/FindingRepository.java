package org.civcity.findings.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;
import org.civcity.findings.domain.Finding;

/** Access to stored findings. */
@ApplicationScoped
public class FindingRepository implements PanacheRepositoryBase<Finding, UUID> {

    public Uni<Finding> findBySourceReference(String sourceSystem, String sourceReference) {
        return find("sourceSystem = ?1 and sourceReference = ?2", sourceSystem, sourceReference).firstResult();
    }
}
