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
import java.util.Objects;
import java.util.UUID;
import org.civcity.escalation.domain.AccountabilityRecord;
import org.civcity.shared.district.ServedDistricts;
import org.civcity.shared.lock.AdvisoryLocks;
import org.civcity.shared.persistence.Where;
import org.civcity.shared.sql.NativeSql;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Reads and appends accountability records, one hash chain per district; there is deliberately no update or delete.
 */
@ApplicationScoped
public class AccountabilityRepository implements PanacheRepositoryBase<AccountabilityRecord, UUID> {

    /** The home district's chain keeps the lock it always had; another district's is suffixed with its code. */
    private static final String CHAIN_LOCK = "civcity.ledger";

    /** The chain's last link: its sequence (0 when empty) and hash ("" when empty). */
    public record ChainEnd(long sequence, String hash) {
    }

    /**
     * Waits for the district's chain and holds it until the transaction ends, so replicas never fork it; other
     * districts' chains stay free.
     */
    public Uni<Void> lockChain(String district) {
        return Panache.getSession().chain(session -> AdvisoryLocks.lock(session, chainLock(district)));
    }

    /** Takes the district's chain (as {@link #lockChain}), then reads its end. */
    public Uni<ChainEnd> lockChainEnd(String district) {
        return lockChain(district).chain(() -> chainEnd(district));
    }

    /** The district's chain end as committed, without waiting for an append under way. */
    public Uni<ChainEnd> chainEnd(String district) {
        return Panache.getSession().chain(session -> NativeSql.select(session, "SELECT sequence, hash FROM"
                        + " accountability_record WHERE district = $1 ORDER BY sequence DESC LIMIT 1", district))
                .map(last -> last.isEmpty() ? new ChainEnd(0, "")
                        : new ChainEnd(NativeSql.whole(last.get(0)[0]), (String) last.get(0)[1]));
    }

    private static String chainLock(String district) {
        return ServedDistricts.home().equals(district) ? CHAIN_LOCK : CHAIN_LOCK + ":" + district;
    }

    /** Up to {@code size} records of a district's chain after {@code sequence}, in ledger order. */
    public Uni<List<AccountabilityRecord>> after(String district, long sequence, int size) {
        return find("district = ?1 and sequence > ?2 order by sequence", district, sequence).page(0, size).list();
    }

    /**
     * The same, read for a walk over the whole chain: the page is let go from the session once read, so the walk holds
     * one page at a time however long the ledger is.
     */
    public Uni<List<AccountabilityRecord>> chainPage(String district, long sequence, int size) {
        return after(district, sequence, size).call(page -> getSession().invoke(Mutiny.Session::clear));
    }

    /** A district's newest {@code size} records after {@code sequence}, newest first. */
    public Uni<List<AccountabilityRecord>> newest(String district, long afterSequence, int size) {
        return find("district = ?1 and sequence > ?2 order by sequence desc", district, afterSequence)
                .page(0, size).list();
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

    /** A district's records written in [from, to). */
    public Uni<List<AccountabilityRecord>> recordedBetween(String district, Instant from, Instant to) {
        return list("district = ?1 and recordedAt >= ?2 and recordedAt < ?3", district, from, to);
    }

    /** A district's records in ledger order, filtered; null means any. */
    public Uni<List<AccountabilityRecord>> search(String district, UUID findingId, String unit, Integer level,
            String reason, Instant from, Instant to, int limit) {
        // Where drops a null value's condition: a missing district must fail, never widen the search to all.
        Objects.requireNonNull(district, "district");
        Where where = new Where().eq("district", district).eq("level", level)
                .addIf(reason != null, "reason like :reason", "reason", reason + "%")
                .addIf(from != null, "recordedAt >= :from", "from", from)
                .addIf(to != null, "recordedAt < :to", "to", to)
                .eq("findingId", findingId).eq("unit", unit);
        Sort sort = Sort.by("sequence");
        return find(where.query(), sort, where.params()).page(Page.ofSize(limit)).list();
    }
}
