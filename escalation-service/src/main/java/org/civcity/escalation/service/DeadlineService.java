package org.civcity.escalation.service;

import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
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
        return timers.exists(assigned.findingId(), assigned.generation()).chain(known -> {
            if (known) {
                return Uni.createFrom().voidItem();
            }
            DeadlineTimer timer = new DeadlineTimer();
            timer.id = UUID.randomUUID();
            timer.findingId = assigned.findingId();
            timer.generation = assigned.generation();
            timer.kind = DeadlineKind.RECTIFY;
            timer.level = 1;
            timer.unit = assigned.leadUnit();
            timer.target = config.levelOneTarget();
            timer.deadline = assigned.rectifyBy();
            timer.dueAt = assigned.rectifyBy();
            timer.status = TimerStatus.PENDING;
            timer.policyVersion = assigned.policyVersion();
            return timers.persist(timer)
                    .invoke(() -> Log.infof("Tracking finding %s generation %d: level 1 due %s", timer.findingId,
                            timer.generation, timer.dueAt))
                    .replaceWithVoid();
        });
    }
}
