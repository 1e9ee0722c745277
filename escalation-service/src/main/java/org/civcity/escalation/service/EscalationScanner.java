package org.civcity.escalation.service;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.opentelemetry.context.Scope;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.civcity.contracts.DeadlineApproaching;
import org.civcity.contracts.EscalationRaised;
import org.civcity.contracts.EventTypes;
import org.civcity.contracts.Party;
import org.civcity.contracts.Topics;
import org.civcity.escalation.config.EscalationConfig;
import org.civcity.escalation.domain.AccountabilityRecord;
import org.civcity.escalation.domain.DeadlineKind;
import org.civcity.escalation.domain.DeadlineTimer;
import org.civcity.escalation.domain.TimerStatus;
import org.civcity.escalation.repository.TimerRepository;
import org.civcity.shared.calendar.WorkingCalendar;
import org.civcity.shared.messaging.DatabaseNotifications;
import org.civcity.shared.messaging.Poller;
import org.civcity.shared.messaging.Pollers;
import org.civcity.shared.outbox.Outbox;
import org.civcity.shared.trace.TraceContext;

/**
 * Fires due timers: claims them with FOR UPDATE SKIP LOCKED and, in the same transaction, marks each fired and
 * writes its effect: a warning event, or a ledger record naming the parties of the level and the people in post, with
 * its escalation.raised. A district's due timers fire in due order (a finding's are all its district's), so after
 * downtime the missed levels are raised in order, marked late. Replicas and restarts neither lose nor double. Between
 * rounds it sleeps until the earliest pending timer falls due; a timer set or moved wakes it (a NOTIFY at commit).
 */
@ApplicationScoped
public class EscalationScanner {

    /** Notified when a transaction sets or moves a pending timer (migration V22). */
    static final String NOTIFY_CHANNEL = "civcity_timer";
    /** The pause after a failed scan. */
    private static final Duration RETRY = Duration.ofSeconds(1);

    private final TimerRepository timers;
    private final LedgerService ledger;
    private final Outbox outbox;
    private final EscalationConfig config;
    private final WorkingCalendar calendar;
    private final MeterRegistry registry;
    private final Timer lag;
    private final Pollers pollers;
    private final Ladder ladder;
    private final PartyResolver parties;
    private final DatabaseNotifications notifications;

    public EscalationScanner(TimerRepository timers, LedgerService ledger, Outbox outbox, EscalationConfig config,
            WorkingCalendar calendar, MeterRegistry registry, Pollers pollers, Ladder ladder, PartyResolver parties,
            DatabaseNotifications notifications) {
        this.parties = parties;
        this.notifications = notifications;
        this.timers = timers;
        this.ledger = ledger;
        this.outbox = outbox;
        this.config = config;
        this.calendar = calendar;
        this.registry = registry;
        this.pollers = pollers;
        this.ladder = ladder;
        this.lag = Timer.builder("civcity.escalation.lag")
                .description("Time from a level falling due to it being raised")
                .publishPercentileHistogram()
                .register(registry);
    }

    void start(@Observes StartupEvent event) {
        Poller scanner = pollers.start("Escalation scan", config.scanInterval(), config.scanSpacing(), this::scan);
        notifications.listen(NOTIFY_CHANNEL, scanner::wake);
    }

    /**
     * A round: fires what is due, then sleeps until the earliest pending timer falls due (the interval at most). A
     * failed round (the database away) is tried again after {@link #RETRY}, not after the whole interval.
     */
    private Uni<Integer> scan(Poller scanner) {
        return fireDue().call(fired -> Panache.withSession(timers::nextDue).invoke(next -> next.ifPresent(
                        at -> scanner.nextRoundIn(Duration.between(Instant.now(), at)))))
                .onFailure().recoverWithItem(failure -> {
                    Log.warnf("Escalation scan failed, will retry in %s: %s", RETRY, failure.toString());
                    scanner.nextRoundIn(RETRY);
                    return 0;
                });
    }

    /**
     * Fires every due timer in passes until none is left; returns how many fired. A pass takes one batch of each
     * district with timers due, so a batch holds one district's timers and takes one ledger chain's lock, and no
     * district's burst holds up another's for more than a batch. Each replica visits the districts in its own random
     * order, so replicas mostly work on different chains at once rather than queueing on the same one.
     */
    public Uni<Integer> fireDue() {
        return Panache.withSession(() -> timers.dueDistricts(Instant.now())).chain(districts -> {
            if (districts.isEmpty()) {
                return Uni.createFrom().item(0);
            }
            List<String> order = new ArrayList<>(districts);
            Collections.shuffle(order);
            // A district whose batch fails (tried again next round) holds up no other district.
            return Multi.createFrom().iterable(order).onItem().transformToUniAndConcatenate(district ->
                            fireBatch(district).onFailure().recoverWithItem(failure -> {
                                Log.warnf("Scanning %s's due timers failed, will retry: %s", district, failure);
                                return 0;
                            }))
                    .collect().asList()
                    .chain(fired -> {
                        int total = fired.stream().mapToInt(Integer::intValue).sum();
                        // A full batch may have left more behind; a new pass also picks up districts due since.
                        return fired.stream().anyMatch(n -> n >= config.batchSize())
                                ? fireDue().map(more -> total + more) : Uni.createFrom().item(total);
                    });
        });
    }

    /** Fires one batch of {@code district}'s due timers, the earliest first; returns how many fired. */
    private Uni<Integer> fireBatch(String district) {
        return Panache.withTransaction(() -> timers.claimDue(Instant.now(), config.batchSize(), district)
                        .chain(due -> parties.of(due).map(people -> Map.entry(due, people)))
                        .chain(claimed -> {
                            List<DeadlineTimer> due = claimed.getKey();
                            List<Raised> raised = new ArrayList<>();
                            List<Uni<Void>> warnings = new ArrayList<>();
                            for (DeadlineTimer timer : due) {
                                prepare(timer, claimed.getValue(), raised, warnings);
                            }
                            List<AccountabilityRecord> records = raised.stream().map(Raised::record).toList();
                            return Multi.createFrom().iterable(warnings).onItem().transformToUniAndConcatenate(u -> u)
                                    .collect().last()
                                    .chain(() -> ledger.appendAll(records))
                                    .chain(() -> Multi.createFrom().iterable(raised)
                                            .onItem().transformToUniAndConcatenate(this::announce)
                                            .collect().last())
                                    .invoke(() -> {
                                        if (!due.isEmpty()) {
                                            Log.infof("Scanner fired %d timers: %d escalations", due.size(),
                                                    raised.size());
                                        }
                                    })
                                    .replaceWith(due.size());
                        }));
    }

    /** An escalation about to be raised: its timer, its ledger record and the parties it addresses. */
    private record Raised(DeadlineTimer timer, AccountabilityRecord record, boolean late, List<Party> parties) {
    }

    /** Marks a due timer fired and works out its effect without touching the database yet. */
    private void prepare(DeadlineTimer timer, PartyResolver.People people, List<Raised> raised,
            List<Uni<Void>> warnings) {
        Instant now = Instant.now();
        Duration behind = Duration.between(timer.dueAt, now);
        lag.record(behind.isNegative() ? Duration.ZERO : behind);
        timer.firedAt = now;
        if (timer.kind == DeadlineKind.WARNING) {
            timer.status = TimerStatus.FIRED;
            registry.counter("civcity.deadline.warnings").increment();
            warnings.add(outbox.inDistrict(timer.district).append(Topics.ESCALATIONS,
                    EventTypes.DEADLINE_APPROACHING, timer.findingId,
                    new DeadlineApproaching(timer.findingId, timer.generation, timer.unit, timer.deadline, now,
                            config.warningShare()), timer.traceparent).replaceWithVoid());
            return;
        }
        if (timer.target == null || timer.target.isBlank()) {
            timer.status = TimerStatus.SKIPPED;
            Log.debugf("Finding %s level %d has no target in the policy: skipped", timer.findingId, timer.level);
            return;
        }
        timer.status = TimerStatus.FIRED;
        boolean late = behind.compareTo(config.lateAfter()) > 0;
        Ladder.Level rung = ladder.of(timer.district, timer.policyVersion).level(timer.level);
        // A listed site's order ends in a proposal as a case does; a leader's instruction is the leader's to pursue.
        boolean proposal = (timer.kind == DeadlineKind.RECTIFY || timer.kind == DeadlineKind.LISTING) && rung != null
                && rung.accountabilityProposal();
        AccountabilityRecord record = new AccountabilityRecord();
        record.id = UUID.randomUUID();
        record.escalationId = UUID.randomUUID();
        record.findingId = timer.findingId;
        record.district = timer.district;
        record.generation = timer.generation;
        record.level = timer.level;
        record.unit = timer.unit;
        record.responsibleRole = timer.target;
        record.reason = switch (timer.kind) {
            case RECTIFY -> "RECTIFICATION_OVERDUE";
            case SUPERVISION -> "INSTRUCTION_OVERDUE";
            case LISTING -> "LISTED_SITE_OVERDUE";
            default -> "ACKNOWLEDGEMENT_OVERDUE";
        } + (proposal ? "; ACCOUNTABILITY_PROPOSAL" : "");
        record.deadline = timer.deadline;
        record.overdueSeconds = calendar.workingTimeBetween(timer.deadline, now).toSeconds();
        record.recordedAt = now;
        record.policyVersion = timer.policyVersion;
        List<Party> addressed = people.parties(timer);
        record.parties = parties.json(addressed);
        raised.add(new Raised(timer, record, late, addressed));
    }

    private Uni<Void> announce(Raised r) {
        DeadlineTimer timer = r.timer();
        AccountabilityRecord record = r.record();
        registry.counter("civcity.escalations.raised", "level", Integer.toString(timer.level)).increment();
        // The round serves many findings: each escalation logs and publishes in its own finding's trace.
        try (Scope ignored = TraceContext.parent(timer.traceparent).makeCurrent()) {
            Log.infof("Escalated finding %s generation %d to level %d (%s of %s)%s", timer.findingId,
                    timer.generation, timer.level, timer.target, timer.unit, r.late() ? ", late" : "");
        }
        return outbox.inDistrict(timer.district).append(Topics.ESCALATIONS, EventTypes.ESCALATION_RAISED,
                timer.findingId,
                new EscalationRaised(record.escalationId, timer.findingId, timer.generation, timer.level,
                        timer.target, timer.unit, record.reason, record.deadline, timer.dueAt, record.recordedAt,
                        record.overdueSeconds, r.late(), r.parties()), timer.traceparent).replaceWithVoid();
    }
}
