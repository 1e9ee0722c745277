package org.civcity.escalation.repository;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import org.civcity.escalation.domain.AccountabilityRecord;
import org.civcity.shared.lock.AdvisoryLocks;
import org.civcity.shared.persistence.Where;
import org.civcity.shared.sql.NativeSql;
import org.hibernate.reactive.mutiny.Mutiny;

/** Reads and appends accountability records; there is deliberately no update or delete. */
@ApplicationScoped
public class AccountabilityRepository implements PanacheRepositoryBase<AccountabilityRecord, UUID> {

    private static final String CHAIN_LOCK = "civcity.ledger";

    /** The chain's last link: its sequence (0 when empty) and hash ("" when empty). */
    public record ChainEnd(long sequence, String hash) {
    }

    /** Waits for the chain and holds it until the transaction ends, so replicas never fork it. */
    public Uni<Void> lockChain() {
        return Panache.getSession().chain(session -> AdvisoryLocks.lock(session, CHAIN_LOCK));
    }

    /** Takes the chain (as {@link #lockChain}), then reads its end. */
    public Uni<ChainEnd> lockChainEnd() {
        return Panache.getSession().chain(session -> AdvisoryLocks.lock(session, CHAIN_LOCK)).chain(this::chainEnd);
    }

    /** The chain's end as committed, without waiting for an append under way. */
    public Uni<ChainEnd> chainEnd() {
        return Panache.getSession().chain(session -> NativeSql.select(session, "SELECT sequence, hash FROM"
                        + " accountability_record ORDER BY sequence DESC LIMIT 1"))
                .map(last -> last.isEmpty() ? new ChainEnd(0, "")
                        : new ChainEnd(NativeSql.whole(last.get(0)[0]), (String) last.get(0)[1]));
    }

    /** Up to {@code size} records after {@code sequence}, in ledger order. */
    public Uni<List<AccountabilityRecord>> after(long sequence, int size) {
        return find("sequence > ?1 order by sequence", sequence).page(0, size).list();
    }

    /**
     * The same, read for a walk over the whole chain: the page is let go from the session once read, so the walk holds
     * one page at a time however long the ledger is.
     */
    public Uni<List<AccountabilityRecord>> chainPage(long sequence, int size) {
        return after(sequence, size).call(page -> getSession().invoke(Mutiny.Session::clear));
    }

    /** The newest {@code size} records after {@code sequence}, newest first. */
    public Uni<List<AccountabilityRecord>> newest(long afterSequence, int size) {
        return find("sequence > ?1 order by sequence desc", afterSequence).page(0, size).list();
    }

    /** The disposition recorded for {@code escalationId}, or null. */
    public Uni<AccountabilityRecord> dispositionOf(UUID escalationId) {
        return find("disposes", escalationId).firstResult();
    }

    /** Accountability proposals (the ladder's last level) that no disposition has settled yet, oldest first. */
    public Uni<List<AccountabilityRecord>> awaitingDisposition() {
        return list("from AccountabilityRecord r where r.reason like '%ACCOUNTABILITY_PROPOSAL%'"
                + " and not exists (from AccountabilityRecord d where d.disposes = r.escalationId)"
                + " order by r.sequence");
    }

    /** The dispositions recorded for any of {@code escalationIds}. */
    public Uni<List<AccountabilityRecord>> dispositionsOf(Collection<UUID> escalationIds) {
        return escalationIds.isEmpty() ? Uni.createFrom().item(List.of())
                : list("disposes in ?1", escalationIds);
    }

    /** Records written in [from, to). */
    public Uni<List<AccountabilityRecord>> recordedBetween(Instant from, Instant to) {
        return list("recordedAt >= ?1 and recordedAt < ?2", from, to);
    }

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
