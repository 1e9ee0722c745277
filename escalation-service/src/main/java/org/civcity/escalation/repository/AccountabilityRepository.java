package org.civcity.escalation.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;
import org.civcity.escalation.domain.AccountabilityRecord;

/** Reads and appends accountability records; there is deliberately no update or delete. */
@ApplicationScoped
public class AccountabilityRepository implements PanacheRepositoryBase<AccountabilityRecord, UUID> {

    public Uni<List<AccountabilityRecord>> search(UUID findingId, int limit) {
        Sort sort = Sort.by("recordedAt").and("level");
        return (findingId == null ? findAll(sort) : find("findingId", sort, findingId))
                .page(Page.ofSize(limit)).list();
    }
}
