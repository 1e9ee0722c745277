package org.civcity.escalation.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.civcity.escalation.domain.AccountabilityRecord;
import org.civcity.shared.persistence.Where;

/** Reads and appends accountability records; there is deliberately no update or delete. */
@ApplicationScoped
public class AccountabilityRepository implements PanacheRepositoryBase<AccountabilityRecord, UUID> {

    /** Records in ledger order, filtered; null means any. */
    public Uni<List<AccountabilityRecord>> search(UUID findingId, String unit, Integer level, String reason,
            Instant from, Instant to, int limit) {
        Where where = new Where().eq("level", level)
                .addIf(reason != null, "reason like :reason", "reason", reason + "%")
                .addIf(from != null, "recordedAt >= :from", "from", from)
                .addIf(to != null, "recordedAt < :to", "to", to)
                .eq("findingId", findingId).eq("unit", unit);
        Sort sort = Sort.by("sequence");
        return (where.isEmpty() ? findAll(sort) : find(where.query(), sort, where.params()))
                .page(Page.ofSize(limit)).list();
    }
}
