package org.civcity.findings.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.civcity.contracts.EventTypes;
import org.civcity.contracts.FindingReported;
import org.civcity.contracts.Topics;
import org.civcity.findings.api.FindingRequest;
import org.civcity.findings.api.FindingView;
import org.civcity.findings.config.FindingsConfig;
import org.civcity.findings.domain.Finding;
import org.civcity.findings.domain.FindingStatus;
import org.civcity.findings.domain.IdempotencyRecord;
import org.civcity.findings.repository.FindingFilter;
import org.civcity.findings.repository.FindingRepository;
import org.civcity.findings.repository.IdempotencyRepository;
import org.civcity.findings.repository.TimelineRepository;
import org.civcity.shared.district.ServedDistricts;
import org.civcity.shared.outbox.Outbox;
import org.civcity.shared.problem.Problem;
import org.civcity.shared.problem.ProblemException;
import org.civcity.shared.security.Caller;
import org.civcity.shared.text.Texts;

/**
 * Accepts findings: checks what annotations cannot, links recurring problems, and stores the finding, its
 * finding.reported event and the Idempotency-Key's response in one transaction.
 */
@ApplicationScoped
public class FindingService {

    /** Clocks of posting systems drift; a little future is tolerated, more is a client bug. */
    private static final Duration CLOCK_SKEW = Duration.ofMinutes(5);
    private static final TypeReference<List<FindingRequest.EvidenceItem>> EVIDENCE = new TypeReference<>() {
    };

    private final FindingRepository repository;
    private final TimelineRepository timeline;
    private final IdempotencyRepository idempotency;
    private final Outbox outbox;
    private final ObjectMapper mapper;
    private final FindingsConfig config;
    private final MeterRegistry registry;

    public FindingService(FindingRepository repository, TimelineRepository timeline,
            IdempotencyRepository idempotency, Outbox outbox, ObjectMapper mapper, FindingsConfig config,
            MeterRegistry registry) {
        this.repository = repository;
        this.timeline = timeline;
        this.idempotency = idempotency;
        this.outbox = outbox;
        this.mapper = mapper;
        this.config = config;
        this.registry = registry;
    }

    /**
     * Reports one finding under an Idempotency-Key: a repeat with the same body replays the first response, with
     * another body is 422, while the first is still running 409.
     */
    public Uni<StoredResponse> report(FindingRequest request, Caller caller, String idempotencyKey) {
        try {
            check(request, caller);
        } catch (ProblemException e) {
            return Uni.createFrom().failure(e);
        }
        String client = reportedBy(caller);
        String hash = Texts.sha256Hex(json(request));
        // A key is the client's within a district: one client posting for two districts never replays across them.
        IdempotencyRecord.Key key = new IdempotencyRecord.Key(ServedDistricts.home().equals(caller.district())
                ? client : client + "@" + caller.district(), idempotencyKey);
        AtomicReference<Finding> created = new AtomicReference<>();
        return Panache.withTransaction(() -> idempotency.tryLock(key).chain(locked -> {
            if (!locked) {
                return Uni.createFrom().failure(new ProblemException(409, "Conflict",
                        "A request with this Idempotency-Key is still being processed; retry later"));
            }
            return idempotency.findById(key).chain(previous -> {
                Instant now = Instant.now();
                if (previous != null && previous.expiresAt.isAfter(now)) {
                    if (!previous.requestHash.equals(hash)) {
                        return Uni.createFrom().failure(new ProblemException(422, "Unprocessable Content",
                                "This Idempotency-Key was used with a different request body"));
                    }
                    return Uni.createFrom().item(new StoredResponse(previous.statusCode, previous.responseBody,
                            previous.location, true));
                }
                Uni<Void> clear = previous == null ? Uni.createFrom().voidItem() : idempotency.replace(previous);
                return clear.chain(() -> create(request, caller.district(), client, now))
                        .invoke(created::set)
                        .chain(finding -> remember(key, hash, finding, now));
            });
        })).invoke(() -> counted(created.get())).onFailure(FindingService::isUniqueViolation)
                .recoverWithUni(e -> Panache.withSession(() -> repository.findBySourceReference(
                        caller.district(), request.sourceSystem(), request.sourceReference()))
                        .chain(found -> Uni.createFrom().failure(duplicate(found))));
    }

    /** Counts a committed finding by its bounded attributes; replays and refusals are not findings received. */
    private void counted(Finding finding) {
        if (finding == null) {
            return;
        }
        registry.counter("civcity.findings.received", "source", finding.source.name(), "category",
                finding.category.name(), "site_type", finding.siteType.name()).increment();
        if (finding.duplicateOf != null || finding.repeatOf != null) {
            registry.counter("civcity.findings.linked", "category", finding.category.name(), "link",
                    finding.duplicateOf != null ? "duplicate" : "repeat").increment();
        }
    }

    private Uni<StoredResponse> remember(IdempotencyRecord.Key key, String hash, Finding finding, Instant now) {
        IdempotencyRecord record = new IdempotencyRecord();
        record.id = key;
        record.requestHash = hash;
        record.statusCode = 201;
        record.responseBody = json(FindingView.of(finding, evidence(finding), null));
        record.location = "/api/v1/findings/" + finding.id;
        record.createdAt = now;
        record.expiresAt = now.plus(config.idempotencyRetention());
        return idempotency.persist(record)
                .replaceWith(new StoredResponse(201, record.responseBody, record.location, false));
    }

    private Uni<Finding> create(FindingRequest request, String district, String reportedBy, Instant now) {
        return repository.findBySourceReference(district, request.sourceSystem(), request.sourceReference())
                .chain(found -> found != null
                        ? Uni.createFrom().failure(duplicate(found))
                        : repository.sameSite(district, request.category(), Texts.strippedOrNull(request.siteCode()),
                                request.latitude(), request.longitude(), config.recurrence().radiusMeters(),
                                now.minus(config.recurrence().window())))
                .chain(sameSite -> {
                    Finding finding = newFinding(request, district, reportedBy, now);
                    link(finding, sameSite);
                    return repository.persist(finding)
                            .call(() -> outbox.inDistrict(district).append(Topics.FINDINGS,
                                    EventTypes.FINDING_REPORTED, finding.id, toEvent(finding)))
                            .invoke(() -> Log.infof("Finding %s reported by %s as %s%s", finding.id,
                                    finding.sourceSystem, finding.sourceReference,
                                    finding.duplicateOf != null ? ", duplicate of " + finding.duplicateOf
                                            : finding.repeatOf != null ? ", repeat of " + finding.repeatOf : ""));
                });
    }

    /**
     * Links a new finding to earlier ones at the same site and category: to the open one as a duplicate (no second
     * case), else to the latest closed one as a repeat with its count.
     */
    private void link(Finding finding, List<Finding> sameSite) {
        List<Finding> candidates = sameSite.stream().filter(f -> withinRadius(finding, f)).toList();
        candidates.stream()
                .filter(f -> f.status != FindingStatus.CLOSED && f.duplicateOf == null)
                .findFirst()
                .ifPresentOrElse(open -> {
                    finding.duplicateOf = open.id;
                    finding.status = FindingStatus.DUPLICATE;
                }, () -> candidates.stream()
                        .filter(f -> f.status == FindingStatus.CLOSED)
                        .reduce((first, second) -> second)
                        .ifPresent(closed -> {
                            finding.repeatOf = closed.id;
                            finding.repeatCount = closed.repeatCount + 1;
                        }));
    }

    private boolean withinRadius(Finding a, Finding b) {
        if (a.siteCode != null) {
            return a.siteCode.equals(b.siteCode);
        }
        if (a.latitude == null || b.latitude == null) {
            return false;
        }
        double dLat = Math.toRadians(b.latitude - a.latitude);
        double dLon = Math.toRadians(b.longitude - a.longitude);
        double h = Math.sin(dLat / 2) * Math.sin(dLat / 2) + Math.cos(Math.toRadians(a.latitude))
                * Math.cos(Math.toRadians(b.latitude)) * Math.sin(dLon / 2) * Math.sin(dLon / 2);
        return 2 * 6_371_000 * Math.asin(Math.sqrt(h)) <= config.recurrence().radiusMeters();
    }

    /**
     * The office decides a duplicate is a problem of its own: it is reported again without the link, so that it gets
     * its own case.
     */
    public Uni<FindingView> split(UUID id, Caller caller) {
        return Panache.withTransaction(() -> repository.findInDistrict(id, caller.district())
                .onItem().ifNull().failWith(() -> ProblemException.notFound("Finding " + id))
                .chain(f -> {
                    if (f.status != FindingStatus.DUPLICATE) {
                        return Uni.createFrom().failure(new ProblemException(409, "Conflict",
                                "Only a DUPLICATE finding can be split; this one is " + f.status));
                    }
                    Log.infof("Finding %s split from %s", f.id, f.duplicateOf);
                    f.duplicateOf = null;
                    f.status = FindingStatus.REPORTED;
                    return outbox.inDistrict(f.district)
                            .append(Topics.FINDINGS, EventTypes.FINDING_REPORTED, f.id, toEvent(f)).replaceWith(f);
                }))
                .map(f -> FindingView.of(f, evidence(f), null));
    }

    /** One finding of the caller's district with its timeline; a reporting system sees only what it posted. */
    public Uni<FindingView> get(UUID id, Caller caller) {
        return Panache.withSession(() -> repository.findInDistrict(id, caller.district())
                .map(f -> f != null && caller.isMachineReporter() && !f.reportedBy.equals(caller.clientId()) ? null : f)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("Finding " + id))
                .chain(f -> timeline.of(id).map(steps -> FindingView.of(f, evidence(f), steps))));
    }

    /** A page of the caller's district's findings, newest first; a reporting system's list holds only its own. */
    public Uni<List<FindingView>> list(FindingFilter filter, Caller caller, Instant afterTime, UUID afterId,
            int limit) {
        FindingFilter scoped = caller.isMachineReporter()
                ? new FindingFilter(filter.status(), filter.category(), filter.siteType(), filter.unit(),
                        filter.township(), filter.inspectionRound(), filter.source(), filter.repeatsOnly(),
                        filter.from(), filter.to(), caller.clientId(), filter.closed())
                : filter;
        return Panache.withSession(() -> repository.search(caller.district(), scoped, afterTime, afterId, limit))
                .map(list -> list.stream().map(f -> FindingView.of(f, evidence(f), null)).toList());
    }

    @Scheduled(every = "1h", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> purgeExpiredIdempotencyRecords() {
        return Panache.withTransaction(() -> idempotency.purgeExpired(Instant.now()))
                .invoke(n -> Log.debugf("Purged %d expired idempotency records", n))
                .replaceWithVoid();
    }

    private void check(FindingRequest request, Caller caller) {
        if (caller.isMachineReporter() && !request.sourceSystem().equals(caller.clientId())) {
            throw new ProblemException(403, "Forbidden",
                    "A reporting system posts under its own client id as sourceSystem ('" + caller.clientId() + "')");
        }
        List<Problem.FieldError> errors = problems(request);
        if (!errors.isEmpty()) {
            throw new ProblemException(400, "Invalid request", errors.size() + " field(s) are invalid", errors);
        }
    }

    /** What the intake refuses in a request beyond its field constraints; a round import checks rows with it. */
    public List<Problem.FieldError> problems(FindingRequest request) {
        List<Problem.FieldError> errors = new ArrayList<>();
        if (request.observedAt() != null && request.observedAt().isAfter(OffsetDateTime.now().plus(CLOCK_SKEW))) {
            errors.add(new Problem.FieldError("observedAt", "must not be in the future"));
        }
        if ((request.latitude() == null) != (request.longitude() == null)) {
            errors.add(new Problem.FieldError(request.latitude() == null ? "latitude" : "longitude",
                    "latitude and longitude must be given together"));
        }
        return errors;
    }

    private Finding newFinding(FindingRequest request, String district, String reportedBy, Instant now) {
        Finding finding = new Finding();
        finding.id = UUID.randomUUID();
        finding.district = district;
        finding.source = request.source();
        finding.sourceSystem = request.sourceSystem();
        finding.sourceReference = request.sourceReference();
        finding.inspectionRound = Texts.strippedOrNull(request.inspectionRound());
        finding.siteType = request.siteType();
        finding.siteName = request.siteName().strip();
        finding.siteCode = Texts.strippedOrNull(request.siteCode());
        finding.siteAddress = Texts.strippedOrNull(request.siteAddress());
        finding.townshipName = Texts.strippedOrNull(request.townshipName());
        finding.category = request.category();
        finding.subcategory = Texts.strippedOrNull(request.subcategory());
        finding.severity = request.severity();
        finding.description = request.description().strip();
        finding.observedAt = request.observedAt();
        finding.latitude = request.latitude();
        finding.longitude = request.longitude();
        finding.evidence = json(request.evidence() == null ? List.of() : request.evidence());
        finding.reporter = Texts.strippedOrNull(request.reporter());
        finding.deductionPoints = request.deductionPoints();
        finding.reportedAt = now;
        finding.reportedBy = reportedBy;
        finding.status = FindingStatus.REPORTED;
        return finding;
    }

    private FindingReported toEvent(Finding f) {
        List<FindingReported.Evidence> evidence = evidence(f).stream()
                .map(e -> new FindingReported.Evidence(e.url(), e.sha256(), e.mediaType())).toList();
        return new FindingReported(f.id, f.source, f.sourceSystem, f.sourceReference, f.inspectionRound, f.siteType,
                f.siteName, f.siteCode, f.siteAddress, f.townshipName, f.category, f.subcategory, f.severity,
                f.description, f.observedAt, f.latitude, f.longitude, evidence, f.reporter, f.deductionPoints,
                f.repeatOf, f.repeatCount, f.duplicateOf, f.reportedAt);
    }

    private List<FindingRequest.EvidenceItem> evidence(Finding f) {
        try {
            return mapper.readValue(f.evidence, EVIDENCE);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored evidence of " + f.id + " is not JSON", e);
        }
    }

    private String json(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("not serialisable", e);
        }
    }

    private static String reportedBy(Caller caller) {
        return caller.clientId() != null && caller.isMachineReporter() ? caller.clientId() : caller.name();
    }

    /** The refusal of a source reference the source system already posted in this district. */
    private static ProblemException duplicate(Finding found) {
        if (found == null) {
            return new ProblemException(409, "Duplicate source reference",
                    "This source reference was already posted by this source system");
        }
        String location = "/api/v1/findings/" + found.id;
        return new ProblemException(409, "Duplicate source reference",
                "This source reference was already posted by this source system as finding " + found.id, null,
                Map.of("existingFindingId", found.id.toString()), Map.of("Location", location));
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
