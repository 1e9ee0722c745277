package org.civcity.escalation.service;

import io.quarkus.logging.Log;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.civcity.contracts.SiteType;
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
import org.civcity.shared.inbox.PoisonEventException;
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

    /**
     * The clocks of one dispatch, where the problem lies (township, grid, the site on the map; null when not known)
     * and the evaluator's deduction points (null when none were given).
     */
    public record Dispatch(UUID findingId, int generation, String unit, Instant dispatchedAt, Instant acknowledgeBy,
            Instant rectifyBy, int repeatCount, String township, String grid, BigDecimal deductionPoints,
            Place place) {

        public Dispatch(UUID findingId, int generation, String unit, Instant dispatchedAt, Instant acknowledgeBy,
                Instant rectifyBy, int repeatCount, String township, String grid, BigDecimal deductionPoints) {
            this(findingId, generation, unit, dispatchedAt, acknowledgeBy, rectifyBy, repeatCount, township, grid,
                    deductionPoints, null);
        }

        public Dispatch(UUID findingId, int generation, String unit, Instant dispatchedAt, Instant acknowledgeBy,
                Instant rectifyBy, int repeatCount) {
            this(findingId, generation, unit, dispatchedAt, acknowledgeBy, rectifyBy, repeatCount, null, null, null);
        }
    }

    /**
     * The site a dispatch names, where it is (WGS-84) and the evaluation round the finding came from; null where the
     * finding came without.
     */
    public record Place(SiteType siteType, String siteCode, String siteName, Double latitude, Double longitude,
            String inspectionRound) {
    }

    /**
     * A dispatch starts the clocks of its generation, and the names of the units it names are kept for the board and
     * the assessment; runs in the inbox transaction.
     */
    public Uni<Void> track(String district, Dispatch d, Map<String, String> unitNames) {
        Uni<Void> remembered = names.remember(district, unitNames, d.dispatchedAt());
        return remembered.chain(() -> tracking(d.findingId(), district)).chain(t -> {
            if (t.closedAt != null || t.openedGeneration >= d.generation()) {
                // Order-proof: a dispatch read after its case closed, or after a later generation, starts no clock;
                // it only fills in where the case lies, when it was dispatched and whether it is a repeat.
                // The dispatch is a case's first event: its time replaces the placeholder of a row an event read
                // before it created.
                if (t.openedGeneration == 0 || d.dispatchedAt().isBefore(t.dispatchedAt)) {
                    t.dispatchedAt = d.dispatchedAt();
                }
                boolean repeatLearnt = t.repeatCount == 0 && d.repeatCount() > 0;
                boolean placeLearnt = t.township == null && d.township() != null;
                t.openedGeneration = Math.max(t.openedGeneration, d.generation());
                t.generation = Math.max(t.generation, d.generation());
                t.unit = t.unit == null ? d.unit() : t.unit;
                t.township = t.township == null ? d.township() : t.township;
                t.grid = t.grid == null ? d.grid() : t.grid;
                t.rectifyBy = t.rectifyBy == null ? deadline(t, d.generation(), d.rectifyBy()) : t.rectifyBy;
                t.repeatCount = Math.max(t.repeatCount, d.repeatCount());
                t.deductionPoints = d.deductionPoints() == null ? t.deductionPoints : d.deductionPoints();
                place(t, d);
                Log.infof("Finding %s generation %d dispatched after %s: no clocks started", d.findingId(),
                        d.generation(), t.closedAt != null ? "its closure" : "a later generation");
                return t.closedAt != null ? Uni.createFrom().voidItem() : fillIn(t, placeLearnt, repeatLearnt);
            }
            t.openedGeneration = d.generation();
            t.unit = d.unit();
            t.township = d.township();
            t.grid = d.grid();
            t.generation = d.generation();
            t.dispatchedAt = d.dispatchedAt();
            t.repeatCount = d.repeatCount();
            t.deductionPoints = d.deductionPoints() == null ? t.deductionPoints : d.deductionPoints();
            place(t, d);
            return startGeneration(d, t);
        });
    }

    /** Which site the problem is at and where on the map, once a dispatch says. */
    private static void place(CaseTracking t, Dispatch d) {
        if (d.place() == null) {
            return;
        }
        t.siteName = d.place().siteName() == null ? t.siteName : d.place().siteName();
        t.siteType = d.place().siteType() == null ? t.siteType : d.place().siteType().name();
        t.siteCode = d.place().siteCode() == null ? t.siteCode : d.place().siteCode();
        t.inspectionRound = d.place().inspectionRound() == null ? t.inspectionRound : d.place().inspectionRound();
        if (d.place().latitude() != null && d.place().longitude() != null) {
            t.latitude = d.place().latitude();
            t.longitude = d.place().longitude();
        }
    }

    /**
     * A dispatch read after a later generation was opened: that generation's clocks were started without knowing
     * where the case lies or that it is a repeat. They learn the township and grid now, and a repeat drops the
     * levels a repeat skips, so the open clocks end as if the dispatch had been read first.
     */
    private Uni<Void> fillIn(CaseTracking t, boolean placeLearnt, boolean repeatLearnt) {
        Uni<Integer> place = placeLearnt
                ? timers.update("township = ?1, grid = ?2 where findingId = ?3 and status = ?4 and township is null",
                        t.township, t.grid, t.findingId, TimerStatus.PENDING)
                : Uni.createFrom().item(0);
        if (!repeatLearnt) {
            return place.replaceWithVoid();
        }
        return place.chain(() -> timers.update("repeatCount = ?1 where findingId = ?2 and status = ?3",
                        t.repeatCount, t.findingId, TimerStatus.PENDING))
                .chain(() -> timers.update("status = ?1 where findingId = ?2 and status = ?3 and kind = ?4"
                        + " and level <= ?5", TimerStatus.CANCELLED, t.findingId, TimerStatus.PENDING,
                        DeadlineKind.RECTIFY, levelsSkipped(t.repeatCount, ladder.current(t.district).levels().size())))
                .invoke(n -> Log.infof("Finding %s is a repeat, learnt late: %d levels it skips dropped",
                        t.findingId, n))
                .replaceWithVoid();
    }

    /** A transfer opened a new generation under another unit. */
    public Uni<Void> transferred(String district, Dispatch d, String reason, String actor) {
        return newGeneration(district, d, false, null, reason, actor);
    }

    /** A rework opened a new generation; {@code previousRectifyBy} is the deadline the rejected one missed. */
    public Uni<Void> reworked(String district, Dispatch d, Instant previousRectifyBy, String reason, String actor) {
        return newGeneration(district, d, true, previousRectifyBy, reason, actor);
    }

    /**
     * A rework or transfer opened a new generation: its timers replace every pending one of older generations. One
     * read after a later generation was opened starts and moves nothing; one read after the case closed starts no
     * clock. A rework is counted and recorded in any case, once, since it happened whatever order the events arrive
     * in; its record names the deadline the event carries (the one in force when it was rejected), not what this
     * service has read so far.
     */
    private Uni<Void> newGeneration(String district, Dispatch d, boolean rework, Instant previousRectifyBy,
            String reason, String actor) {
        return tracking(d.findingId(), district).chain(t -> {
            if (t.openedGeneration >= d.generation()) {
                if (rework && t.openedGeneration > d.generation()) {
                    // An older rework read after a newer generation opened (a replayed dead letter): only the count
                    // and the record, which would otherwise be lost. Equal generations are the same rework again.
                    t.reworkCount++;
                    Log.infof("Finding %s rework to generation %d read after generation %d: counted and recorded",
                            d.findingId(), d.generation(), t.openedGeneration);
                    // An event from before previousRectifyBy existed names the rejection time (no better value known).
                    return reworkRecord(t, d, previousRectifyBy, reason, actor);
                }
                Log.infof("Finding %s generation %d read after generation %d was opened: ignored", d.findingId(),
                        d.generation(), t.openedGeneration);
                return Uni.createFrom().voidItem();
            }
            Instant missed = previousRectifyBy != null ? previousRectifyBy : t.rectifyBy;
            t.openedGeneration = d.generation();
            t.generation = Math.max(t.generation, d.generation());
            if (rework) {
                t.reworkCount++;
            }
            Uni<Void> record = rework ? reworkRecord(t, d, missed, reason, actor)
                    : Uni.createFrom().voidItem();
            // The case row follows the newest generation even when its closure was read first (the assessment
            // reads its unit and deadline).
            t.unit = d.unit();
            t.rectifyBy = deadline(t, d.generation(), d.rectifyBy());
            if (t.closedAt != null) {
                return record;
            }
            Dispatch next = new Dispatch(d.findingId(), d.generation(), d.unit(), d.dispatchedAt(), d.acknowledgeBy(),
                    d.rectifyBy(), t.repeatCount, t.township, t.grid, t.deductionPoints);
            // A supervision order (a leader's, a listed site's) outlives reworks and transfers: it ends when the case
            // closes.
            return timers.update("status = ?1 where findingId = ?2 and status = ?3 and generation < ?4"
                            + " and kind not in ?5", TimerStatus.CANCELLED, d.findingId(), TimerStatus.PENDING,
                            d.generation(), DeadlineKind.ORDERS)
                    .invoke(n -> Log.infof("Finding %s generation %d: %d stale timers dropped", d.findingId(),
                            d.generation(), n))
                    .chain(() -> record)
                    .chain(() -> startGeneration(next, t));
        });
    }

    /** Failed verification is counted against the unit in the ledger. */
    private Uni<Void> reworkRecord(CaseTracking t, Dispatch d, Instant previousDeadline, String reason,
            String actor) {
        AccountabilityRecord r = new AccountabilityRecord();
        r.id = UUID.randomUUID();
        r.findingId = d.findingId();
        r.district = t.district;
        r.generation = d.generation() - 1;
        r.level = 0;
        r.unit = d.unit();
        r.responsibleRole = "UNIT";
        r.reason = "REWORK";
        r.deadline = previousDeadline != null ? previousDeadline : d.dispatchedAt();
        r.overdueSeconds = 0;
        r.recordedAt = d.dispatchedAt();
        r.policyVersion = ladder.current(t.district).version();
        return ledger.append(r).invoke(() -> Log.infof("Rework of finding %s by %s recorded (%s, %s)",
                d.findingId(), d.unit(), reason, actor)).replaceWithVoid();
    }

    /**
     * An approved extension moves the pending ladder of the same generation. Each level moves only while still pending
     * (a guarded UPDATE): a level the scanner fired meanwhile stays fired, never revived to fire twice. The latest
     * extension is kept on the case: one read before its generation was opened is applied when the clocks start, and
     * an earlier extension read after a later one changes nothing.
     */
    public Uni<Void> extended(String district, UUID findingId, int generation, Instant rectifyBy,
            Instant extendedAt) {
        return tracking(findingId, district).chain(t -> {
            boolean newest = generation > t.extendedGeneration || generation == t.extendedGeneration
                    && (t.extendedAt == null || extendedAt.isAfter(t.extendedAt)
                            || extendedAt.equals(t.extendedAt) && rectifyBy.isAfter(t.extendedRectifyBy));
            if (generation == t.extendedGeneration && !newest) {
                Log.infof("Finding %s generation %d: extension of %s read after a later one: ignored", findingId,
                        generation, extendedAt);
                return Uni.createFrom().voidItem();
            }
            if (newest) {
                t.extendedGeneration = generation;
                t.extendedRectifyBy = rectifyBy;
                t.extendedAt = extendedAt;
            }
            // An extension of an older generation still moves that generation's levels while they are pending (its
            // successor not read yet), so they cannot fire early; the newest extension stays the one kept.
            if (t.openedGeneration == generation) {
                t.rectifyBy = rectifyBy;
            }
            return timers.list("findingId = ?1 and generation = ?2 and status = ?3 and kind = ?4", findingId,
                            generation, TimerStatus.PENDING, DeadlineKind.RECTIFY)
                    .chain(pending -> Multi.createFrom().iterable(pending)
                            .onItem().transformToUniAndConcatenate(p -> timers.moveIfPending(p.id, rectifyBy,
                                    calendar.plus(p.delayRule, rectifyBy, 1.0)))
                            .collect().with(Collectors.summingInt(Integer::intValue)))
                    .invoke(moved -> Log.infof("Finding %s generation %d: %d levels moved after %s", findingId,
                            generation, moved, rectifyBy))
                    .replaceWithVoid();
        });
    }

    /**
     * The unit acknowledged: the acknowledge clock stops; the rectify clock runs on. Kept on the case, so that a
     * generation whose opening event is read after its acknowledgement starts no acknowledge clock.
     */
    public Uni<Void> acknowledged(String district, UUID findingId, int generation) {
        return tracking(findingId, district)
                .invoke(t -> t.acknowledgedGeneration = Math.max(t.acknowledgedGeneration, generation))
                .chain(() -> timers.update("status = ?1 where findingId = ?2 and generation = ?3 and status = ?4"
                        + " and kind = ?5", TimerStatus.CANCELLED, findingId, generation, TimerStatus.PENDING,
                        DeadlineKind.ACKNOWLEDGE))
                .replaceWithVoid();
    }

    public Uni<Void> reported(String district, UUID findingId) {
        return tracking(findingId, district).invoke(t -> t.reportCount++).replaceWithVoid();
    }

    /**
     * A supervision order starts its own ladder: every level of the ladder in force (a listed site's order skips
     * {@code escalation.listing.levels-skipped} first ones), counted from the order's deadline, addressing the case's
     * parties as its levels say; in the caller's transaction.
     */
    public Uni<Void> supervise(CaseTracking t, SupervisionOrder order) {
        Ladder.Policy policy = ladder.current(t.district);
        Dispatch d = new Dispatch(t.findingId, t.generation, t.unit, order.issuedAt, null, order.dueBy, t.repeatCount,
                t.township, t.grid, t.deductionPoints);
        boolean listing = SupervisionOrder.LISTING.equals(order.kind);
        List<Ladder.Level> levels = policy.levels();
        // A listed site's order is stricter: it starts higher up the ladder, as a repeat's clock does.
        int skipped = listing ? Math.max(0, Math.min(config.listing().levelsSkipped(), levels.size() - 1)) : 0;
        List<DeadlineTimer> created = new ArrayList<>();
        for (Ladder.Level level : levels.subList(skipped, levels.size())) {
            DeadlineTimer timer = timer(d, listing ? DeadlineKind.LISTING : DeadlineKind.SUPERVISION, level.level(),
                    level.target(), order.dueBy, calendar.plus(level.delay(), order.dueBy, 1.0), level.delay(),
                    policy.version());
            timer.orderId = order.id;
            timer.district = t.district;
            created.add(timer);
        }
        return timers.persist(created).replaceWithVoid();
    }

    /** Stops the order's pending levels (a listed site taken off before its case closed). */
    public Uni<Integer> stopOrder(UUID orderId) {
        return timers.update("status = ?1 where orderId = ?2 and status = ?3", TimerStatus.CANCELLED, orderId,
                TimerStatus.PENDING);
    }

    /** A closed case escalates no further, nor do the supervision orders on it. */
    public Uni<Void> closed(String district, UUID findingId, int generation, Instant closedAt, String outcome) {
        // The case row first, locked: an instruction being issued holds it, so its order and timers are committed
        // (and cancelled here) or it sees the case closed; never an order left running on a closed case.
        return tracked.findById(findingId, LockModeType.PESSIMISTIC_WRITE)
                .chain(() -> timers.update("status = ?1 where findingId = ?2 and status = ?3", TimerStatus.CANCELLED,
                        findingId, TimerStatus.PENDING))
                .invoke(n -> Log.infof("Finding %s closed: %d pending timers dropped", findingId, n))
                .call(() -> orders.closeAll(findingId, closedAt))
                .chain(() -> tracking(findingId, district))
                .invoke(t -> {
                    t.closedAt = t.closedAt == null ? closedAt : t.closedAt;
                    t.outcome = t.outcome == null ? outcome : t.outcome;
                    t.generation = Math.max(t.generation, generation);
                })
                .replaceWithVoid();
    }

    /**
     * The case row, or a placeholder for a case whose dispatch was not read yet (its dispatch fills it in), in the
     * district of the event that created it. An event that names another district than the row's is refused: a
     * finding's events all come from its own district.
     */
    Uni<CaseTracking> tracking(UUID findingId, String district) {
        return tracked.findById(findingId).chain(t -> {
            if (t != null) {
                return t.district.equals(district) ? Uni.createFrom().item(t)
                        : Uni.createFrom().failure(new PoisonEventException("finding " + findingId + " is tracked in"
                                + " district " + t.district + ", not " + district));
            }
            CaseTracking created = new CaseTracking();
            created.findingId = findingId;
            created.district = district;
            created.dispatchedAt = Instant.now();
            return tracked.persist(created);
        });
    }

    /**
     * Starts a generation's clocks, with what was read of it before its opening event: the latest extension moves the
     * rectify levels (the warning keeps the original budget, as an extension read in order leaves it), and an
     * acknowledgement means no acknowledge clock.
     */
    private Uni<Void> startGeneration(Dispatch d, CaseTracking t) {
        boolean extended = t.extendedGeneration == d.generation() && t.extendedRectifyBy != null;
        Instant rectifyBy = deadline(t, d.generation(), d.rectifyBy());
        t.rectifyBy = rectifyBy;
        return timers.exists(d.findingId(), d.generation()).chain(known -> {
            if (known) {
                return Uni.createFrom().voidItem();
            }
            List<DeadlineTimer> created = new ArrayList<>();
            Instant warnAt = warningTime(d);
            if (warnAt != null) {
                created.add(timer(d, DeadlineKind.WARNING, 0, "WARNING", d.rectifyBy(), warnAt, "PT0S",
                        ladder.current(t.district).version()));
            }
            if (d.acknowledgeBy() != null && !config.acknowledgeTarget().isBlank()
                    && t.acknowledgedGeneration < d.generation()) {
                created.add(timer(d, DeadlineKind.ACKNOWLEDGE, 1, config.acknowledgeTarget(), d.acknowledgeBy(),
                        d.acknowledgeBy(), "PT0S", ladder.current(t.district).version()));
            }
            // Every timer of the generation is started on the same version of the ladder, the one in force now.
            Ladder.Policy policy = ladder.current(t.district);
            List<Ladder.Level> levels = policy.levels();
            for (int i = levelsSkipped(d.repeatCount(), levels.size()); i < levels.size(); i++) {
                Ladder.Level level = levels.get(i);
                created.add(timer(d, DeadlineKind.RECTIFY, i + 1, level.target(), rectifyBy,
                        calendar.plus(level.delay(), rectifyBy, 1.0), level.delay(), policy.version()));
            }
            created.forEach(timer -> timer.district = t.district);
            return timers.persist(created)
                    .invoke(() -> Log.infof("Tracking finding %s generation %d: %d timers, first level due %s%s",
                            d.findingId(), d.generation(), created.size(), rectifyBy,
                            extended ? " (extended before the generation was read)" : ""))
                    .replaceWithVoid();
        });
    }

    /** A generation's deadline: the latest extension of it read so far, else the one its opening event set. */
    private static Instant deadline(CaseTracking t, int generation, Instant opened) {
        return t.extendedGeneration == generation && t.extendedRectifyBy != null ? t.extendedRectifyBy : opened;
    }

    /** How many of the ladder's first levels a repeat skips: it starts higher, but never beyond the top. */
    private int levelsSkipped(int repeatCount, int levels) {
        return repeatCount > 0 ? Math.min(config.repeatLevelsSkipped(), levels - 1) : 0;
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
