package org.civcity.escalation.service;

import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.UUID;
import org.civcity.contracts.FindingAssigned;
import org.civcity.escalation.config.EscalationConfig;
import org.civcity.escalation.domain.DeadlineKind;
import org.civcity.escalation.domain.DeadlineTimer;
import org.civcity.escalation.domain.TimerStatus;
import org.civcity.escalation.repository.TimerRepository;

/** Turns case events into durable timers. */
@ApplicationScoped
public class DeadlineService {

    private final TimerRepository timers;
    private final EscalationConfig config;

    public DeadlineService(TimerRepository timers, EscalationConfig config) {
        this.timers = timers;
        this.config = config;
    }

    /** Starts the rectification clock of a dispatched case; runs in the inbox transaction. */
    public Uni<Void> track(FindingAssigned assigned) {
        return startGeneration(assigned.findingId(), assigned.generation(), assigned.leadUnit(),
                assigned.rectifyBy(), assigned.policyVersion());
    }

    /** A rework or transfer opened a new generation: its timers replace every pending one of older generations. */
    public Uni<Void> newGeneration(UUID findingId, int generation, String unit, Instant rectifyBy,
            String policyVersion) {
        return timers.update("status = ?1 where findingId = ?2 and status = ?3 and generation < ?4",
                        TimerStatus.CANCELLED, findingId, TimerStatus.PENDING, generation)
                .invoke(n -> Log.infof("Finding %s generation %d: %d stale timers dropped", findingId, generation, n))
                .chain(() -> startGeneration(findingId, generation, unit, rectifyBy, policyVersion));
    }

    /** An approved extension moves the pending deadline of the same generation. */
    public Uni<Void> extended(UUID findingId, int generation, Instant rectifyBy) {
        return timers.update("deadline = ?1, dueAt = ?1 where findingId = ?2 and generation = ?3 and status = ?4",
                        rectifyBy, findingId, generation, TimerStatus.PENDING)
                .invoke(n -> Log.infof("Finding %s generation %d: %d timers moved to %s", findingId, generation, n,
                        rectifyBy))
                .replaceWithVoid();
    }

    /** A closed case escalates no further. */
    public Uni<Void> closed(UUID findingId) {
        return timers.update("status = ?1 where findingId = ?2 and status = ?3", TimerStatus.CANCELLED, findingId,
                        TimerStatus.PENDING)
                .invoke(n -> Log.infof("Finding %s closed: %d pending timers dropped", findingId, n))
                .replaceWithVoid();
    }

    private Uni<Void> startGeneration(UUID findingId, int generation, String unit, Instant rectifyBy,
            String policyVersion) {
        return timers.exists(findingId, generation).chain(known -> {
            if (known) {
                return Uni.createFrom().voidItem();
            }
            DeadlineTimer timer = new DeadlineTimer();
            timer.id = UUID.randomUUID();
            timer.findingId = findingId;
            timer.generation = generation;
            timer.kind = DeadlineKind.RECTIFY;
            timer.level = 1;
            timer.unit = unit;
            timer.target = config.levelOneTarget();
            timer.deadline = rectifyBy;
            timer.dueAt = rectifyBy;
            timer.status = TimerStatus.PENDING;
            timer.policyVersion = policyVersion;
            return timers.persist(timer)
                    .invoke(() -> Log.infof("Tracking finding %s generation %d: level 1 due %s", timer.findingId,
                            timer.generation, timer.dueAt))
                    .replaceWithVoid();
        });
    }
}
