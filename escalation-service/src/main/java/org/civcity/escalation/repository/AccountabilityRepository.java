package org.civcity.escalation.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.civcity.escalation.domain.AccountabilityRecord;

/** Reads and appends accountability records; there is deliberately no update or delete. */
@ApplicationScoped
public class AccountabilityRepository implements PanacheRepositoryBase<AccountabilityRecord, UUID> {

    /** Records oldest first, optionally of one finding and of one unit. */
    public Uni<List<AccountabilityRecord>> search(UUID findingId, String unit, int limit) {
        List<String> where = new ArrayList<>();
        Parameters params = new Parameters();
        if (findingId != null) {
            where.add("findingId = :findingId");
            params = params.and("findingId", findingId);
        }
        if (unit != null) {
            where.add("unit = :unit");
            params = params.and("unit", unit);
        }
        Sort sort = Sort.by("recordedAt").and("level");
        return (where.isEmpty() ? findAll(sort) : find(String.join(" and ", where), sort, params))
                .page(Page.ofSize(limit)).list();
    }
}
