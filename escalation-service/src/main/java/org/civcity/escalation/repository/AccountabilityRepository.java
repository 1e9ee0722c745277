package org.civcity.escalation.repository;

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
import org.civcity.escalation.domain.AccountabilityRecord;

/** Reads and appends accountability records; there is deliberately no update or delete. */
@ApplicationScoped
public class AccountabilityRepository implements PanacheRepositoryBase<AccountabilityRecord, UUID> {

    /** Records in ledger order, filtered; null means any. */
    public Uni<List<AccountabilityRecord>> search(UUID findingId, String unit, Integer level, String reason,
            Instant from, Instant to, int limit) {
        List<String> where = new ArrayList<>();
        Parameters params = new Parameters();
        if (level != null) {
            where.add("level = :level");
            params.and("level", level);
        }
        if (reason != null) {
            where.add("reason like :reason");
            params.and("reason", reason + "%");
        }
        if (from != null) {
            where.add("recordedAt >= :from");
            params.and("from", from);
        }
        if (to != null) {
            where.add("recordedAt < :to");
            params.and("to", to);
        }
        if (findingId != null) {
            where.add("findingId = :findingId");
            params = params.and("findingId", findingId);
        }
        if (unit != null) {
            where.add("unit = :unit");
            params = params.and("unit", unit);
        }
        Sort sort = Sort.by("sequence");
        return (where.isEmpty() ? findAll(sort) : find(String.join(" and ", where), sort, params))
                .page(Page.ofSize(limit)).list();
    }
}
