package org.civcity.escalation.service;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.civcity.contracts.AccountabilityRecorded;
import org.civcity.contracts.EventTypes;
import org.civcity.contracts.LedgerHead;
import org.civcity.contracts.Topics;
import org.civcity.escalation.api.AccountabilityRecordView;
import org.civcity.escalation.api.DispositionRequest;
import org.civcity.escalation.domain.AccountabilityRecord;
import org.civcity.escalation.domain.Disposition;
import org.civcity.escalation.repository.AccountabilityRepository;
import org.civcity.shared.district.ServedDistricts;
import org.civcity.shared.outbox.Outbox;
import org.civcity.shared.problem.Problem;
import org.civcity.shared.problem.ProblemException;
import org.civcity.shared.security.Caller;
import org.civcity.shared.text.Texts;

/**
 * The accountability ledger as one hash chain per district: each record carries the previous record's hash and its
 * own over both. A district's appends are serialised by a transaction-scoped advisory lock, so replicas never fork its
 * chain, and districts never wait for each other.
 */
@ApplicationScoped
public class LedgerService {

    /** Marks records written before the chain existed; they may only precede it. */
    static final String UNCHAINED = "unchained";

    /** The key of the home district's ledger head on civcity.ledger-head; another district's is suffixed. */
    public static final String LEDGER_KEY = "accountability-ledger";
    private static final int PAGE = 1000;

    /** The outcome of recomputing the chain; {@code anchorsMatched} counts the anchors it agreed with. */
    public record Verification(boolean valid, long checked, long unchained, Long firstBrokenSequence,
            String firstBrokenId, String problem, long anchorsMatched) {
    }

    /** A record's hash as published outside the database when it was written (accountability.recorded). */
    public record Anchor(long sequence, String hash) {
    }

    private final Outbox outbox;
    private final AccountabilityRepository records;

    public LedgerService(Outbox outbox, AccountabilityRepository records) {
        this.outbox = outbox;
        this.records = records;
    }

    /** A district's records in ledger order matching the filters (null means any), at most {@code limit}. */
    public Uni<List<AccountabilityRecord>> search(String district, UUID findingId, String unit, Integer level,
            String reason, Instant from, Instant to, int limit) {
        return Panache.withSession(() -> records.search(district, findingId, unit, level, reason, from, to,
                limit));
    }

    /** The key of a district's head on civcity.ledger-head (compaction keeps one head per district). */
    public static String ledgerKey(String district) {
        return ServedDistricts.home().equals(district) ? LEDGER_KEY : LEDGER_KEY + ":" + district;
    }

    /** Appends a record (id and fields set) to the chain and announces it; call inside the transaction. */
    public Uni<AccountabilityRecord> append(AccountabilityRecord record) {
        return appendAll(List.of(record)).replaceWith(record);
    }

    /**
     * Appends records in order, per district with one lock and one read of its chain's end (the scanner's batches hold
     * one district's); call inside the transaction. Districts are taken in the order of their codes, so two callers
     * holding several never wait for each other's locks.
     */
    public Uni<Void> appendAll(List<AccountabilityRecord> records) {
        Map<String, List<AccountabilityRecord>> byDistrict = new TreeMap<>();
        for (AccountabilityRecord r : records) {
            if (r.district == null) {
                return Uni.createFrom().failure(new IllegalStateException("Accountability record " + r.id
                        + " of finding " + r.findingId + " names no district"));
            }
            byDistrict.computeIfAbsent(r.district, d -> new ArrayList<>()).add(r);
        }
        Uni<Void> all = Uni.createFrom().voidItem();
        for (Map.Entry<String, List<AccountabilityRecord>> chain : byDistrict.entrySet()) {
            all = all.chain(() -> appendToChain(chain.getKey(), chain.getValue()));
        }
        return all;
    }

    private Uni<Void> appendToChain(String district, List<AccountabilityRecord> records) {
        return this.records.lockChainEnd(district)
                .chain(end -> {
                    long sequence = end.sequence();
                    String previous = end.hash();
                    for (AccountabilityRecord r : records) {
                        r.recordedAt = micros(r.recordedAt);
                        r.deadline = micros(r.deadline);
                        r.sequence = ++sequence;
                        r.previousHash = previous;
                        r.hash = hash(r);
                        previous = r.hash;
                    }
                    // All records, then all their events: statements of one kind in a row go out as one batch.
                    return this.records.persist(records)
                            .chain(() -> Multi.createFrom().iterable(records)
                                    .onItem().transformToUniAndConcatenate(r -> outbox.inDistrict(district)
                                            .append(Topics.ESCALATIONS,
                                            EventTypes.ACCOUNTABILITY_RECORDED, r.findingId,
                                            new AccountabilityRecorded(r.id, r.sequence, r.findingId, r.generation,
                                                    r.level, r.unit, r.responsibleRole, r.reason, r.overdueSeconds,
                                                    r.recordedAt, r.hash, r.escalationId, r.disposes,
                                                    r.disposition == null ? null : r.disposition.name(),
                                                    AccountabilityRecordView.parties(r.parties))))
                                    .collect().last())
                            // The new head, once per append, on the compacted topic outside this database.
                            .chain(() -> {
                                AccountabilityRecord head = records.get(records.size() - 1);
                                return outbox.inDistrict(district).appendReference(Topics.LEDGER_HEAD,
                                        EventTypes.LEDGER_HEAD, ledgerKey(district), "ledger/accountability",
                                        new LedgerHead(head.sequence, head.hash, head.recordedAt));
                            })
                            .replaceWithVoid();
                });
    }

    /** One record, for a caller who sees its district and unit; another's record is not found. */
    public Uni<AccountabilityRecord> get(UUID id, Caller caller) {
        return Panache.withSession(() -> records.findById(id))
                .map(r -> r != null && r.district.equals(caller.district())
                        && (caller.seesAllUnits() || r.unit.equals(caller.unit())) ? r : null)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("Accountability record " + id));
    }

    /**
     * Records what followed the escalation documented by record {@code recordId}: a new record linked to it, never an
     * edit. An unknown record is 404; a record that documents no escalation, or an escalation already disposed of,
     * 409; an exemption without its reason 400. Nothing is stored then.
     */
    public Uni<AccountabilityRecord> dispose(UUID recordId, DispositionRequest request, Caller caller) {
        String note = Texts.strippedOrNull(request.reason());
        if (request.kind() == Disposition.EXEMPTION && note == null) {
            return Uni.createFrom().failure(new ProblemException(400, "Bad Request", "An exemption needs its reason",
                    List.of(new Problem.FieldError("reason", "must not be blank for an exemption"))));
        }
        // Under the chain's lock, so two dispositions of one escalation cannot both pass the check.
        return Panache.withTransaction(() -> records.lockChain(caller.district())
                .chain(() -> records.findById(recordId))
                .map(r -> r != null && r.district.equals(caller.district()) ? r : null)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("Accountability record " + recordId))
                .call(escalation -> escalation.isEscalation()
                        ? records.dispositionOf(escalation.escalationId).invoke(existing -> {
                            if (existing != null) {
                                throw new ProblemException(409, "Conflict", "This escalation was already disposed of: "
                                        + existing.disposition + " (record " + existing.sequence + ")");
                            }
                        })
                        : Uni.createFrom().failure(new ProblemException(409, "Conflict", "Record " + recordId
                                + " documents no escalation; only an escalation takes a disposition")))
                .chain(escalation -> append(disposition(escalation, request.kind(), request.subject().strip(), note,
                        caller.name()))))
                .invoke(d -> Log.infof("Escalation %s of finding %s disposed of by %s: %s of %s", d.escalationId,
                        d.findingId, d.decidedBy, d.disposition, d.subject));
    }

    private static AccountabilityRecord disposition(AccountabilityRecord escalation, Disposition kind, String subject,
            String note, String decidedBy) {
        AccountabilityRecord d = new AccountabilityRecord();
        d.id = UUID.randomUUID();
        d.disposes = escalation.escalationId;
        d.findingId = escalation.findingId;
        d.district = escalation.district;
        d.generation = escalation.generation;
        d.level = escalation.level;
        d.unit = escalation.unit;
        d.responsibleRole = escalation.responsibleRole;
        d.reason = "DISPOSITION_" + kind.name();
        d.deadline = escalation.deadline;
        d.overdueSeconds = escalation.overdueSeconds;
        d.recordedAt = Instant.now();
        d.policyVersion = escalation.policyVersion;
        d.disposition = kind;
        d.subject = subject;
        d.decidedBy = decidedBy;
        d.note = note;
        return d;
    }

    /** Recomputes a district's whole chain in order and names the first record that does not fit. */
    public Uni<Verification> verify(String district) {
        return verify(district, List.of());
    }

    /**
     * The same, and the chain must agree with {@code anchors}: a chain rewritten and recomputed by someone with the
     * database's owner rights is consistent in itself, but its hashes differ from those published when the records
     * were written, from the first rewritten record on; an anchor beyond the chain's end means records were removed.
     */
    public Uni<Verification> verify(String district, List<Anchor> anchors) {
        Map<Long, String> anchored = new HashMap<>();
        for (Anchor a : anchors) {
            if (!a.hash().equals(anchored.getOrDefault(a.sequence(), a.hash()))) {
                return Uni.createFrom().failure(new ProblemException(400, "Bad Request", "Anchors disagree with each"
                        + " other at sequence " + a.sequence(), List.of(new Problem.FieldError("anchors",
                        "one hash per sequence"))));
            }
            anchored.put(a.sequence(), a.hash());
        }
        long last = anchored.keySet().stream().mapToLong(Long::longValue).max().orElse(0);
        return Panache.withSession(() -> verifyFrom(district, 0, "", 0, 0, 0, anchored))
                .map(v -> v.valid() && v.checked() < last
                        ? new Verification(false, v.checked(), v.unchained(), last, null, "an anchor names sequence "
                                + last + " but the chain ends at " + v.checked() + ": records were removed",
                                v.anchorsMatched())
                        : v);
    }

    private Uni<Verification> verifyFrom(String district, long afterSequence, String previousHash, long checked,
            long unchained, long matched, Map<Long, String> anchored) {
        return records.chainPage(district, afterSequence, PAGE)
                .chain(page -> {
                    String previous = previousHash;
                    long expectedSequence = afterSequence + 1;
                    long count = checked;
                    long legacy = unchained;
                    long agreed = matched;
                    for (AccountabilityRecord r : page) {
                        if (r.sequence != expectedSequence) {
                            return broken(r, count, legacy, agreed,
                                    "sequence " + expectedSequence + " is missing");
                        }
                        if (UNCHAINED.equals(r.hash)) {
                            if (count > legacy) {
                                return broken(r, count, legacy, agreed,
                                        "an unchained record after the chain began");
                            }
                            legacy++;
                        } else {
                            if (!r.previousHash.equals(previous)) {
                                return broken(r, count, legacy, agreed,
                                        "previous hash does not match the record before");
                            }
                            if (!r.hash.equals(hash(r))) {
                                return broken(r, count, legacy, agreed,
                                        "its content does not match its hash");
                            }
                        }
                        String anchor = anchored.get(r.sequence);
                        if (anchor != null) {
                            if (!anchor.equals(r.hash)) {
                                return broken(r, count, legacy, agreed, "its hash differs from its anchor: this"
                                        + " record was rewritten and the chain after it recomputed");
                            }
                            agreed++;
                        }
                        previous = r.hash;
                        expectedSequence++;
                        count++;
                    }
                    if (page.size() < PAGE) {
                        return Uni.createFrom().item(new Verification(true, count, legacy, null, null, null,
                                agreed));
                    }
                    return verifyFrom(district, expectedSequence - 1, previous, count, legacy, agreed, anchored);
                });
    }

    private static Uni<Verification> broken(AccountabilityRecord r, long checked, long unchained, long matched,
            String problem) {
        return Uni.createFrom().item(new Verification(false, checked, unchained, r.sequence, r.id.toString(),
                problem, matched));
    }

    static String hash(AccountabilityRecord r) {
        String canonical = String.join("|", r.previousHash, Long.toString(r.sequence), r.id.toString(),
                String.valueOf(r.escalationId), r.findingId.toString(), Integer.toString(r.generation),
                Integer.toString(r.level), r.unit, r.responsibleRole, r.reason, String.valueOf(r.deadline),
                Long.toString(r.overdueSeconds), r.recordedAt.toString(), r.policyVersion);
        if (r.disposition != null || r.decidedBy != null) {
            // Dispositions and instructions came later: records before them keep the hash they were written with.
            canonical = String.join("|", canonical, String.valueOf(r.disposes), String.valueOf(r.disposition),
                    r.subject, r.decidedBy, String.valueOf(r.note));
        }
        if (r.parties != null) {
            // So did the parties and the people in post: covered as stored, so renaming a person breaks the chain.
            canonical = String.join("|", canonical, r.parties);
        }
        if (!ServedDistricts.home().equals(r.district)) {
            // And districts: the home district's records keep their hashes; another district's record covers its
            // district, so moving a record between chains breaks both.
            canonical = String.join("|", canonical, "district=" + r.district);
        }
        return Texts.sha256Hex(canonical);
    }

    /** PostgreSQL keeps microseconds; hash what is stored, not what was in memory. */
    static Instant micros(Instant instant) {
        return instant == null ? null : instant.truncatedTo(ChronoUnit.MICROS);
    }
}
