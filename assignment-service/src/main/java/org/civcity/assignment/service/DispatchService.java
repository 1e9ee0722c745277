package org.civcity.assignment.service;

import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.Instant;
import org.civcity.assignment.config.AssignmentConfig;
import org.civcity.assignment.domain.CaseState;
import org.civcity.assignment.domain.RectificationCase;
import org.civcity.assignment.repository.CaseRepository;
import org.civcity.contracts.Category;
import org.civcity.contracts.EventTypes;
import org.civcity.contracts.FindingReported;
import org.civcity.contracts.Severity;
import org.civcity.contracts.Topics;
import org.civcity.shared.outbox.Outbox;

/** Opens a case for each reported finding: routes it to its lead department and sets both deadlines at dispatch. */
@ApplicationScoped
public class DispatchService {

    private final CaseRepository repository;
    private final Outbox outbox;
    private final AssignmentConfig config;

    public DispatchService(CaseRepository repository, Outbox outbox, AssignmentConfig config) {
        this.repository = repository;
        this.outbox = outbox;
        this.config = config;
    }

    /** A policy that cannot route some category or severity must stop the service at start, not lose findings. */
    void validatePolicy(@Observes StartupEvent event) {
        for (Category category : Category.values()) {
            if (!config.routes().containsKey(category.name())) {
                throw new IllegalStateException("assignment.routes has no lead unit for " + category);
            }
        }
        for (Severity severity : Severity.values()) {
            if (!config.acknowledgeWithin().containsKey(severity.name())
                    || !config.rectifyWithin().containsKey(severity.name())) {
                throw new IllegalStateException("assignment deadlines miss severity " + severity);
            }
        }
    }

    /** Runs inside the caller's transaction (the inbox's), so the case and its event commit together. */
    public Uni<Void> dispatch(FindingReported finding) {
        if (finding.duplicateOf() != null) {
            // The open finding it duplicates already has a case; the office can split it later.
            Log.infof("Finding %s duplicates open finding %s; no second case", finding.findingId(),
                    finding.duplicateOf());
            return Uni.createFrom().voidItem();
        }
        return repository.findById(finding.findingId()).chain(existing -> {
            if (existing != null) {
                Log.infof("Finding %s already has a case; nothing to dispatch", finding.findingId());
                return Uni.createFrom().voidItem();
            }
            RectificationCase c = open(finding, Instant.now());
            return repository.persist(c)
                    .call(() -> outbox.append(Topics.CASES, EventTypes.FINDING_ASSIGNED, c.findingId, c.toEvent()))
                    .invoke(() -> Log.infof("Finding %s dispatched to %s, rectify by %s", c.findingId, c.leadUnit,
                            c.rectifyBy))
                    .replaceWithVoid();
        });
    }

    private RectificationCase open(FindingReported finding, Instant dispatchedAt) {
        Duration acknowledge = config.acknowledgeWithin().get(finding.severity().name());
        Duration rectify = config.rectifyWithin().get(finding.severity().name());
        RectificationCase c = new RectificationCase();
        c.findingId = finding.findingId();
        c.generation = 1;
        c.state = CaseState.ASSIGNED;
        c.leadUnit = config.routes().get(finding.category().name());
        c.category = finding.category();
        c.severity = finding.severity();
        c.siteType = finding.siteType();
        c.siteName = finding.siteName();
        c.dispatchedAt = dispatchedAt;
        c.acknowledgeBy = dispatchedAt.plus(acknowledge);
        c.rectifyBy = dispatchedAt.plus(rectify);
        c.policyVersion = config.policyVersion();
        return c;
    }
}
