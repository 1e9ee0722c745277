package org.civcity.escalation.service;

import io.quarkus.logging.Log;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.civcity.escalation.config.EscalationConfig;
import org.civcity.escalation.domain.AccountabilityRecord;
import org.civcity.escalation.domain.CaseTracking;
import org.civcity.escalation.domain.DeadlineKind;
import org.civcity.escalation.domain.DeadlineTimer;
import org.civcity.escalation.domain.SupervisionOrder;
import org.civcity.escalation.domain.TimerStatus;
import org.civcity.escalation.repository.CaseTrackingRepository;
import org.civcity.escalation.repository.SupervisionOrderRepository;
import org.civcity.escalation.repository.TimerRepository;
import org.civcity.shared.calendar.WorkingCalendar;
import org.civcity.shared.persistence.UnitNameRepository;
import org.civcity.shared.trace.TraceContext;

/**
 * Turns case events into durable timers: per generation a warning, the acknowledge clock and every ladder level of
 * the rectify clock, snapshotted from the policy in force; later events drop, move or stop them.
 */
@ApplicationScoped
public class DeadlineService {

    private final TimerRepository timers;
    private final CaseTrackingRepository tracked;
    private final EscalationConfig config;
    private final WorkingCalendar calendar;
    private final LedgerService ledger;
    private final Ladder ladder;
    private final UnitNameRepository names;
    private final SupervisionOrderRepository orders;

    public DeadlineService(TimerRepository timers, CaseTrackingRepository tracked, EscalationConfig config,
            WorkingCalendar calendar, LedgerService ledger, Ladder ladder, UnitNameRepository names,
            SupervisionOrderRepository orders) {
        this.orders = orders;
        this.timers = timers;
        this.tracked = tracked;
        this.config = config;
        this.calendar = calendar;
        this.ledger = ledger;
        this.ladder = ladder;
        this.names = names;
    }

    /** The clocks of one dispatch, and where the problem lies (township, grid; null when not known). */
    public record Dispatch(UUID findingId, int generation, String unit, Instant dispatchedAt, Instant acknowledgeBy,
            Instant rectifyBy, int repeatCount, String township, String grid) {

        public Dispatch(UUID findingId, int generation, String unit, Instant dispatchedAt, Instant acknowledgeBy,
                Instant rectifyBy, int repeatCount) {
            this(findingId, generation, unit, dispatchedAt, acknowledgeBy, rectifyBy, repeatCount, null, null);
        }
    }

    /**
     * A dispatch starts the clocks of its generation, and the names of the units it names are kept for the board and
     * the assessment; runs in the inbox transaction.
     */
    public Uni<Void> track(Dispatch d, Map<String, String> unitNames) {
        return names.remember(unitNames, d.dispatchedAt()).chain(() -> tracking(d.findingId())).chain(t -> {
            if (t.closedAt != null || t.openedGeneration >= d.generation()) {
                // Order-proof: a dispatch read after its case closed, or after a later generation, starts no clock;
                // it only fills in where the case lies and when it was dispatched.
                if (t.openedGeneration == 0) {
                    t.dispatchedAt = d.dispatchedAt();
                }
                t.openedGeneration = Math.max(t.openedGeneration, d.generation());
                t.generation = Math.max(t.generation, d.generation());
                t.unit = t.unit == null ? d.unit() : t.unit;
                t.township = t.township == null ? d.township() : t.township;
                t.grid = t.grid == null ? d.grid() : t.grid;
                t.rectifyBy = t.rectifyBy == null ? d.rectifyBy() : t.rectifyBy;
                Log.infof("Finding %s generation %d dispatched after %s: no clocks started", d.findingId(),
                        d.generation(), t.closedAt != null ? "its closure" : "a later generation");
                return Uni.createFrom().voidItem();
            }
            t.openedGeneration = d.generation();
            t.unit = d.unit();
            t.township = d.township();
            t.grid = d.grid();
            t.generation = d.generation();
            t.dispatchedAt = d.dispatchedAt();
            t.rectifyBy = d.rectifyBy();
            t.repeatCount = d.repeatCount();
            return startGeneration(d);
        });
    }

    /**
     * A rework or transfer opened a new generation: its timers replace every pending one of older generations. One
     * read after a later generation was opened changes nothing; one read after the case closed starts no clock, but a
     * rework is still counted and recorded, since it happened whatever order the events arrive in.
     */
    public Uni<Void> newGeneration(Dispatch d, boolean rework, String reason, String actor) {
        return tracking(d.findingId()).chain(t -> {
            if (t.openedGeneration >= d.generation()) {
                Log.infof("Finding %s generation %d read after generation %d was opened: ignored", d.findingId(),
                        d.generation(), t.openedGeneration);
                return Uni.createFrom().voidItem();
            }
            Instant previousDeadline = t.rectifyBy;
            t.openedGeneration = d.generation();
            t.generation = Math.max(t.generation, d.generation());
            if (rework) {
                t.reworkCount++;
            }
            Uni<Void> record = rework ? reworkRecord(t, d, previousDeadline, reason, actor)
                    : Uni.createFrom().voidItem();
            if (t.closedAt != null) {
                return record;
            }
            Dispatch next = new Dispatch(d.findingId(), d.generation(), d.unit(), d.dispatchedAt(), d.acknowledgeBy(),
                    d.rectifyBy(), t.repeatCount, t.township, t.grid);
            t.unit = d.unit();
            t.rectifyBy = d.rectifyBy();
            // A leader's supervision order outlives reworks and transfers: it ends when the case closes.
            return timers.update("status = ?1 where findingId = ?2 and status = ?3 and generation < ?4 and kind <> ?5",
                            TimerStatus.CANCELLED, d.findingId(), TimerStatus.PENDING, d.generation(),
                            DeadlineKind.SUPERVISION)
                    .invoke(n -> Log.infof("Finding %s generation %d: %d stale timers dropped", d.findingId(),
                            d.generation(), n))
                    .chain(() -> record)
                    .chain(() -> startGeneration(next));
        });
    }

    /** Failed verification is counted against the unit in the ledger. */
    private Uni<Void> reworkRecord(CaseTracking t, Dispatch d, Instant previousDeadline, String reason,
            String actor) {
        AccountabilityRecord r = new AccountabilityRecord();
        r.id = UUID.randomUUID();
        r.findingId = d.findingId();
        r.generation = d.generation() - 1;
        r.level = 0;
        r.unit = d.unit();
        r.responsibleRole = "UNIT";
        r.reason = "REWORK";
        r.deadline = previousDeadline != null ? previousDeadline : d.dispatchedAt();
        r.overdueSeconds = 0;
        r.recordedAt = d.dispatchedAt();
        r.policyVersion = ladder.current().version();
        return ledger.append(r).invoke(() -> Log.infof("Rework of finding %s by %s recorded (%s, %s)",
                d.findingId(), d.unit(), reason, actor)).replaceWithVoid();
    }

    /**
     * An approved extension moves the pending ladder of the same generation. Each level moves only while still pending
     * (a guarded UPDATE): a level the scanner fired meanwhile stays fired, never revived to fire twice.
     */
    public Uni<Void> extended(UUID findingId, int generation, Instant rectifyBy) {
        return timers.list("findingId = ?1 and generation = ?2 and status = ?3 and kind = ?4", findingId,
                        generation, TimerStatus.PENDING, DeadlineKind.RECTIFY)
                .chain(pending -> Multi.createFrom().iterable(pending)
                        .onItem().transformToUniAndConcatenate(t -> timers.moveIfPending(t.id, rectifyBy,
                                calendar.plus(t.delayRule, rectifyBy, 1.0)))
                        .collect().with(Collectors.summingInt(Integer::intValue)))
                .chain(moved -> tracking(findingId).invoke(t -> {
                    if (t.generation == generation && t.closedAt == null) {
                        t.rectifyBy = rectifyBy;
                    }
                }).invoke(() -> Log.infof("Finding %s generation %d: %d levels moved after %s", findingId,
                        generation, moved, rectifyBy)))
                .replaceWithVoid();
    }

    /** The unit acknowledged: the acknowledge clock stops; the rectify clock runs on. */
    public Uni<Void> acknowledged(UUID findingId, int generation) {
        return timers.update("status = ?1 where findingId = ?2 and generation = ?3 and status = ?4 and kind = ?5",
                TimerStatus.CANCELLED, findingId, generation, TimerStatus.PENDING, DeadlineKind.ACKNOWLEDGE)
                .replaceWithVoid();
    }

    public Uni<Void> reported(UUID findingId) {
        return tracking(findingId).invoke(t -> t.reportCount++).replaceWithVoid();
    }

    /**
     * A leader's supervision order starts its own ladder: every level of the ladder in force, counted from the
     * order's deadline, addressing the case's parties as its levels say; in the caller's transaction.
     */
    public Uni<Void> supervise(CaseTracking t, SupervisionOrder order) {
        Ladder.Policy policy = ladder.current();
        Dispatch d = new Dispatch(t.findingId, t.generation, t.unit, order.issuedAt, null, order.dueBy, t.repeatCount,
                t.township, t.grid);
        List<DeadlineTimer> created = new ArrayList<>();
        for (Ladder.Level level : policy.levels()) {
            DeadlineTimer timer = timer(d, DeadlineKind.SUPERVISION, level.level(), level.target(), order.dueBy,
                    calendar.plus(level.delay(), order.dueBy, 1.0), level.delay(), policy.version());
            timer.orderId = order.id;
            created.add(timer);
        }
        return timers.persist(created).replaceWithVoid();
    }

    /** A closed case escalates no further, nor do the supervision orders on it. */
    public Uni<Void> closed(UUID findingId, int generation, Instant closedAt, String outcome) {
        // The case row first, locked: an instruction being issued holds it, so its order and timers are committed
        // (and cancelled here) or it sees the case closed; never an order left running on a closed case.
        return tracked.findById(findingId, LockModeType.PESSIMISTIC_WRITE)
                .chain(() -> timers.update("status = ?1 where findingId = ?2 and status = ?3", TimerStatus.CANCELLED,
                        findingId, TimerStatus.PENDING))
                .invoke(n -> Log.infof("Finding %s closed: %d pending timers dropped", findingId, n))
                .call(() -> orders.closeAll(findingId, closedAt))
                .chain(() -> tracking(findingId))
                .invoke(t -> {
                    t.closedAt = t.closedAt == null ? closedAt : t.closedAt;
                    t.outcome = t.outcome == null ? outcome : t.outcome;
                    t.generation = Math.max(t.generation, generation);
                })
                .replaceWithVoid();
    }

    private Uni<CaseTracking> tracking(UUID findingId) {
        return tracked.findById(findingId).chain(t -> {
            if (t != null) {
                return Uni.createFrom().item(t);
            }
            CaseTracking created = new CaseTracking();
            created.findingId = findingId;
            created.dispatchedAt = Instant.now();
            return tracked.persist(created);
        });
    }

    private Uni<Void> startGeneration(Dispatch d) {
        return timers.exists(d.findingId(), d.generation()).chain(known -> {
            if (known) {
                return Uni.createFrom().voidItem();
            }
            List<DeadlineTimer> created = new ArrayList<>();
            Instant warnAt = warningTime(d);
            if (warnAt != null) {
                created.add(timer(d, DeadlineKind.WARNING, 0, "WARNING", d.rectifyBy(), warnAt, "PT0S",
                        ladder.current().version()));
            }
            if (d.acknowledgeBy() != null && !config.acknowledgeTarget().isBlank()) {
                created.add(timer(d, DeadlineKind.ACKNOWLEDGE, 1, config.acknowledgeTarget(), d.acknowledgeBy(),
                        d.acknowledgeBy(), "PT0S", ladder.current().version()));
            }
            // Every timer of the generation is started on the same version of the ladder, the one in force now.
            Ladder.Policy policy = ladder.current();
            List<Ladder.Level> levels = policy.levels();
            int first = d.repeatCount() > 0 ? Math.min(config.repeatLevelsSkipped(), levels.size() - 1) : 0;
            for (int i = first; i < levels.size(); i++) {
                Ladder.Level level = levels.get(i);
                created.add(timer(d, DeadlineKind.RECTIFY, i + 1, level.target(), d.rectifyBy(),
                        calendar.plus(level.delay(), d.rectifyBy(), 1.0), level.delay(), policy.version()));
            }
            return timers.persist(created)
                    .invoke(() -> Log.infof("Tracking finding %s generation %d: %d timers, first level due %s",
                            d.findingId(), d.generation(), created.size(), d.rectifyBy()))
                    .replaceWithVoid();
        });
    }

    /** When the configured share of the working-time budget is used; elapsed time when the budget has none. */
    private Instant warningTime(Dispatch d) {
        if (d.rectifyBy() == null || d.dispatchedAt() == null || !d.rectifyBy().isAfter(d.dispatchedAt())) {
            return null;
        }
        Duration working = calendar.workingTimeBetween(d.dispatchedAt(), d.rectifyBy());
        Instant at = working.isZero()
                ? d.dispatchedAt().plusMillis(Math.round(Duration.between(d.dispatchedAt(), d.rectifyBy()).toMillis()
                        * config.warningShare()))
                : calendar.plusWorkingTime(d.dispatchedAt(), Duration.ofMillis(Math.round(working.toMillis()
                        * config.warningShare())));
        return at.isBefore(d.rectifyBy()) ? at : null;
    }

    private DeadlineTimer timer(Dispatch d, DeadlineKind kind, int level, String target, Instant deadline,
            Instant dueAt, String delayRule, String policyVersion) {
        DeadlineTimer t = new DeadlineTimer();
        t.id = UUID.randomUUID();
        t.findingId = d.findingId();
        t.generation = d.generation();
        t.kind = kind;
        t.level = level;
        t.unit = d.unit();
        t.target = target;
        t.deadline = deadline;
        t.dueAt = dueAt;
        t.delayRule = delayRule;
        t.repeatCount = d.repeatCount();
        t.status = TimerStatus.PENDING;
        t.policyVersion = policyVersion;
        t.township = d.township();
        t.grid = d.grid();
        t.traceparent = TraceContext.current();
        return t;
    }
}
