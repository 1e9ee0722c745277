package org.civcity.findings.service;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.civcity.contracts.EventTypes;
import org.civcity.contracts.Topics;
import org.civcity.findings.domain.Finding;
import org.civcity.findings.repository.FindingRepository;
import org.civcity.findings.rest.FindingRequest;
import org.civcity.shared.outbox.Outbox;
import org.civcity.shared.problem.Problem;
import org.civcity.shared.problem.ProblemException;
import org.civcity.shared.security.Caller;
import org.civcity.shared.security.Roles;

/** Accepts findings: checks what annotations cannot, stores the finding and its finding.reported event together. */
@ApplicationScoped
public class FindingService {

    /** Clocks of posting systems drift; a little future is tolerated, more is a client bug. */
    private static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

    private final FindingRepository repository;
    private final Outbox outbox;

    public FindingService(FindingRepository repository, Outbox outbox) {
        this.repository = repository;
        this.outbox = outbox;
    }

    public Uni<Finding> report(FindingRequest request, Caller caller) {
        if (isMachineReporter(caller) && !request.sourceSystem().equals(caller.clientId())) {
            return Uni.createFrom().failure(new ProblemException(403, "Forbidden",
                    "A reporting system posts under its own client id as sourceSystem ('" + caller.clientId() + "')"));
        }
        List<Problem.FieldError> errors = new ArrayList<>();
        if (request.observedAt().isAfter(OffsetDateTime.now().plus(CLOCK_SKEW))) {
            errors.add(new Problem.FieldError("observedAt", "must not be in the future"));
        }
        if ((request.latitude() == null) != (request.longitude() == null)) {
            errors.add(new Problem.FieldError(request.latitude() == null ? "latitude" : "longitude",
                    "latitude and longitude must be given together"));
        }
        if (!errors.isEmpty()) {
            return Uni.createFrom().failure(new ProblemException(400, "Invalid request",
                    errors.size() + " field(s) are invalid", errors));
        }
        String reportedBy = caller.clientId() != null && isMachineReporter(caller) ? caller.clientId() : caller.name();
        return store(request, reportedBy)
                .onFailure(FindingService::isUniqueViolation)
                .recoverWithUni(e -> existing(request).chain(found -> Uni.createFrom().failure(duplicate(found))));
    }

    private Uni<Finding> store(FindingRequest request, String reportedBy) {
        return Panache.withTransaction(() -> repository.findBySourceReference(request.sourceSystem(),
                        request.sourceReference())
                .chain(found -> {
                    if (found != null) {
                        return Uni.createFrom().failure(duplicate(found));
                    }
                    Finding finding = newFinding(request);
                    finding.reportedBy = reportedBy;
                    return repository.persist(finding)
                            .call(() -> outbox.append(Topics.FINDINGS, EventTypes.FINDING_REPORTED, finding.id,
                                    finding.toEvent()))
                            .invoke(() -> Log.infof("Finding %s reported by %s as %s", finding.id,
                                    finding.sourceSystem, finding.sourceReference));
                }));
    }

    /** A reporting system sees only what it posted; others' findings answer as if they did not exist. */
    @WithSession
    public Uni<Finding> get(UUID id, Caller caller) {
        return repository.findById(id)
                .map(f -> f != null && isMachineReporter(caller) && !f.reportedBy.equals(caller.clientId()) ? null : f)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("Finding " + id));
    }

    /** A government system's machine account, as opposed to office staff who may post for any source. */
    private static boolean isMachineReporter(Caller caller) {
        return caller.has(Roles.REPORTER) && !caller.has(Roles.SUPERVISOR);
    }

    private Uni<Finding> existing(FindingRequest request) {
        return Panache.withSession(() -> repository.findBySourceReference(request.sourceSystem(),
                request.sourceReference()));
    }

    private static Finding newFinding(FindingRequest request) {
        Finding finding = new Finding();
        finding.id = UUID.randomUUID();
        finding.source = request.source();
        finding.sourceSystem = request.sourceSystem();
        finding.sourceReference = request.sourceReference();
        finding.siteType = request.siteType();
        finding.siteName = request.siteName().strip();
        finding.category = request.category();
        finding.severity = request.severity();
        finding.description = request.description().strip();
        finding.observedAt = request.observedAt();
        finding.latitude = request.latitude();
        finding.longitude = request.longitude();
        finding.reportedAt = Instant.now();
        return finding;
    }

    private static ProblemException duplicate(Finding found) {
        return new ProblemException(409, "Duplicate source reference", found == null
                ? "This source reference was already posted by this source system"
                : "This source reference was already posted by this source system as finding " + found.id
                        + " (/api/v1/findings/" + found.id + ")");
    }

    /** A concurrent post of the same source reference lost the race at the unique constraint. */
    private static boolean isUniqueViolation(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof org.hibernate.exception.ConstraintViolationException) {
                return true;
            }
        }
        return false;
    }
}
