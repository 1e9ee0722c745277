package org.civcity.assignment.service;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.UUID;
import org.civcity.assignment.domain.CaseState;
import org.civcity.assignment.domain.RectificationCase;
import org.civcity.assignment.repository.CaseRepository;
import org.civcity.contracts.CaseAcknowledged;
import org.civcity.contracts.EventTypes;
import org.civcity.contracts.Topics;
import org.civcity.shared.outbox.Outbox;
import org.civcity.shared.problem.ProblemException;
import org.civcity.shared.security.Caller;

/** The case lifecycle as units and the office drive it; a unit sees only its own cases. */
@ApplicationScoped
public class CaseService {

    private final CaseRepository repository;
    private final Outbox outbox;

    public CaseService(CaseRepository repository, Outbox outbox) {
        this.repository = repository;
        this.outbox = outbox;
    }

    public Uni<RectificationCase> get(UUID findingId, Caller caller) {
        return Panache.withSession(() -> visible(findingId, caller));
    }

    /** The lead unit confirms it has the case; the rectification clock keeps running from dispatch. */
    public Uni<RectificationCase> acknowledge(UUID findingId, Caller caller) {
        return Panache.withTransaction(() -> visible(findingId, caller).chain(c -> {
            if (c.state != CaseState.ASSIGNED) {
                return Uni.createFrom().failure(new ProblemException(409, "Conflict",
                        "The case is " + c.state + "; only an ASSIGNED case can be acknowledged"));
            }
            Instant now = Instant.now();
            c.state = CaseState.ACKNOWLEDGED;
            c.acknowledgedAt = now;
            c.acknowledgedBy = caller.name();
            CaseAcknowledged event = new CaseAcknowledged(c.findingId, c.generation, c.leadUnit, now, caller.name(),
                    c.acknowledgeBy, now.isAfter(c.acknowledgeBy));
            return outbox.append(Topics.CASES, EventTypes.CASE_ACKNOWLEDGED, c.findingId, event)
                    .invoke(() -> Log.infof("Case %s acknowledged by %s of %s", c.findingId, caller.name(),
                            c.leadUnit))
                    .replaceWith(c);
        }));
    }

    /** Another unit's case answers exactly like a missing one, so its existence does not leak. */
    private Uni<RectificationCase> visible(UUID findingId, Caller caller) {
        return repository.findById(findingId)
                .map(c -> c != null && caller.mayAccessUnit(c.leadUnit) ? c : null)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("Case of finding " + findingId));
    }
}
