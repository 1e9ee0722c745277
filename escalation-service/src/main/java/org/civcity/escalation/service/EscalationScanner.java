package org.civcity.escalation.service;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.stream.Collectors;
import org.civcity.contracts.EscalationRaised;
import org.civcity.contracts.EventTypes;
import org.civcity.contracts.Topics;
import org.civcity.escalation.config.EscalationConfig;
import org.civcity.escalation.domain.AccountabilityRecord;
import org.civcity.escalation.domain.DeadlineKind;
import org.civcity.escalation.domain.DeadlineTimer;
import org.civcity.escalation.domain.TimerStatus;
import org.civcity.escalation.repository.AccountabilityRepository;
import org.civcity.escalation.repository.TimerRepository;
import org.civcity.shared.messaging.Poller;
import org.civcity.shared.outbox.Outbox;

/**
 * Fires due timers: claims them with FOR UPDATE SKIP LOCKED, and in the same transaction marks each fired, appends
 * its accountability record and its escalation.raised event. Replicas and restarts neither lose nor double a level.
 */
@ApplicationScoped
public class EscalationScanner {

    private final TimerRepository timers;
    private final AccountabilityRepository records;
    private final Outbox outbox;
    private final EscalationConfig config;
    private final MeterRegistry registry;
    private final Timer lag;
    private final Vertx vertx;
    private Poller poller;

    public EscalationScanner(TimerRepository timers, AccountabilityRepository records, Outbox outbox,
            EscalationConfig config, MeterRegistry registry, Vertx vertx) {
        this.timers = timers;
        this.records = records;
        this.outbox = outbox;
        this.config = config;
        this.registry = registry;
        this.vertx = vertx;
        this.lag = Timer.builder("civcity.escalation.lag")
                .description("Time from a level falling due to it being raised")
                .publishPercentileHistogram()
                .register(registry);
    }

    void start(@Observes StartupEvent event) {
        poller = Poller.start(vertx, "Escalation scan", config.scanInterval(), this::fireDue);
    }

    void stop(@Observes ShutdownEvent event) {
        if (poller != null) {
            poller.stop();
        }
    }

    /** Fires every due timer, batch by batch; returns how many fired. */
    public Uni<Integer> fireDue() {
        return Panache.withTransaction(() -> timers.claimDue(Instant.now(), config.batchSize())
                        .chain(due -> Multi.createFrom().iterable(due)
                                .onItem().transformToUniAndConcatenate(this::fire)
                                .collect().with(Collectors.counting())))
                .map(Long::intValue)
                .chain(fired -> fired >= config.batchSize()
                        ? fireDue().map(more -> fired + more)
                        : Uni.createFrom().item(fired));
    }

    private Uni<Void> fire(DeadlineTimer timer) {
        Instant now = Instant.now();
        Duration behind = Duration.between(timer.dueAt, now);
        boolean late = behind.compareTo(config.lateAfter()) > 0;
        timer.status = TimerStatus.FIRED;
        timer.firedAt = now;

        AccountabilityRecord record = new AccountabilityRecord();
        record.id = UUID.randomUUID();
        record.escalationId = UUID.randomUUID();
        record.findingId = timer.findingId;
        record.generation = timer.generation;
        record.level = timer.level;
        record.unit = timer.unit;
        record.responsibleRole = timer.target;
        record.reason = timer.kind == DeadlineKind.RECTIFY ? "RECTIFICATION_OVERDUE" : "ACKNOWLEDGEMENT_OVERDUE";
        record.deadline = timer.deadline;
        record.overdueSeconds = Math.max(0, Duration.between(timer.deadline, now).toSeconds());
        record.recordedAt = now;
        record.policyVersion = timer.policyVersion;

        EscalationRaised event = new EscalationRaised(record.escalationId, timer.findingId, timer.generation,
                timer.level, timer.target, timer.unit, record.reason, timer.deadline, timer.dueAt, now,
                record.overdueSeconds, late);
        return records.persist(record)
                .call(() -> outbox.append(Topics.ESCALATIONS, EventTypes.ESCALATION_RAISED, timer.findingId, event))
                .invoke(() -> {
                    lag.record(behind.isNegative() ? Duration.ZERO : behind);
                    registry.counter("civcity.escalations.raised", "level", Integer.toString(timer.level)).increment();
                    Log.infof("Escalated finding %s generation %d to level %d (%s of %s)%s", timer.findingId,
                            timer.generation, timer.level, timer.target, timer.unit, late ? ", late" : "");
                })
                .replaceWithVoid();
    }
}
