package org.civcity.assignment.service;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.civcity.assignment.domain.CaseHistory;
import org.civcity.assignment.domain.CaseState;
import org.civcity.assignment.domain.RectificationCase;
import org.civcity.assignment.repository.CaseHistoryRepository;
import org.civcity.assignment.repository.CaseRepository;
import org.civcity.assignment.routing.Routing;
import org.civcity.assignment.routing.RoutingTable;
import org.civcity.contracts.CaseAcknowledged;
import org.civcity.contracts.CaseClosed;
import org.civcity.contracts.CaseTransferred;
import org.civcity.contracts.DeadlineExtended;
import org.civcity.contracts.EventTypes;
import org.civcity.contracts.RectificationRejected;
import org.civcity.contracts.RectificationSubmitted;
import org.civcity.contracts.RectificationVerified;
import org.civcity.contracts.Topics;
import org.civcity.shared.outbox.Outbox;
import org.civcity.shared.problem.Problem;
import org.civcity.shared.problem.ProblemException;
import org.civcity.shared.security.Caller;

/**
 * The case lifecycle as units and the civilization office drive it. Each transition checks the state, records its
 * history and publishes its event with the case generation, all in one transaction; a unit sees only its own cases.
 */
@ApplicationScoped
public class CaseService {

    private final CaseRepository repository;
    private final CaseHistoryRepository history;
    private final Outbox outbox;
    private final DispatchService dispatch;
    private final Routing routing;
    private final CaseMetrics metrics;

    public CaseService(CaseRepository repository, CaseHistoryRepository history, Outbox outbox,
            DispatchService dispatch, Routing routing, CaseMetrics metrics) {
        this.repository = repository;
        this.history = history;
        this.outbox = outbox;
        this.dispatch = dispatch;
        this.routing = routing;
        this.metrics = metrics;
    }

    /** A case and its history. */
    public record CaseWithHistory(RectificationCase rectificationCase, List<CaseHistory> history) {
    }

    public Uni<CaseWithHistory> get(UUID findingId, Caller caller) {
        return Panache.withSession(() -> visible(findingId, caller).chain(c -> history.of(findingId)
                .map(steps -> new CaseWithHistory(c, steps))));
    }

    /** A page of the caller's district's cases matching {@code filter}, newest dispatch first, after the cursor. */
    public Uni<List<RectificationCase>> search(Caller caller, CaseRepository.Filter filter, Instant afterTime,
            UUID afterId, int limit) {
        return Panache.withSession(() -> repository.search(caller.district(), filter, Instant.now(), afterTime,
                afterId, limit));
    }

    /** Open cases of a unit: how many in each state, and how many of them are past their deadline. */
    public record Workload(String unit, long open, long overdue, Map<String, Long> byState) {
    }

    /** The workload of {@code unit} of the caller's district (unit codes are a district's own). */
    public Uni<Workload> workload(Caller caller, String unit) {
        return Panache.withSession(() -> repository.workload(caller.district(), unit, Instant.now())).map(rows -> {
            Map<String, Long> byState = new TreeMap<>();
            long open = 0;
            long overdue = 0;
            for (Object[] row : rows) {
                long count = ((Number) row[1]).longValue();
                byState.put(row[0].toString(), count);
                open += count;
                overdue += row[2] == null ? 0 : ((Number) row[2]).longValue();
            }
            return new Workload(unit, open, overdue, byState);
        });
    }

    /** The lead unit confirms it has the case; the rectification clock keeps running from dispatch. */
    public Uni<RectificationCase> acknowledge(UUID findingId, Caller caller) {
        return transition(findingId, caller, "acknowledge", List.of(CaseState.ASSIGNED), (c, now) -> {
            c.state = CaseState.ACKNOWLEDGED;
            c.acknowledgedAt = now;
            c.acknowledgedBy = caller.name();
            return record(c, "ACKNOWLEDGED", caller, now, null).chain(() -> publish(c,
                    EventTypes.CASE_ACKNOWLEDGED, new CaseAcknowledged(c.findingId, c.generation, c.leadUnit, now,
                            caller.name(), c.acknowledgeBy, now.isAfter(c.acknowledgeBy))));
        }).invoke(metrics::acknowledged);
    }

    /** The unit reports the problem fixed, with evidence; the clock stops only when the fix is verified. */
    public Uni<RectificationCase> submitRectification(UUID findingId, Caller caller, String report,
            List<String> evidenceUrls) {
        return transition(findingId, caller, "report a rectification",
                List.of(CaseState.ASSIGNED, CaseState.ACKNOWLEDGED), (c, now) -> {
                    c.state = CaseState.RECTIFIED;
                    c.rectifiedAt = now;
                    return record(c, "RECTIFICATION_SUBMITTED", caller, now, report).chain(() -> publish(c,
                            EventTypes.RECTIFICATION_SUBMITTED, new RectificationSubmitted(c.findingId, c.generation,
                                    c.leadUnit, now, caller.name(), report, evidenceUrls)));
                });
    }

    /** The office's independent check: passed closes the case as fixed, failed is rework in a new generation. */
    public Uni<RectificationCase> verify(UUID findingId, Caller caller, boolean passed, String note) {
        return transition(findingId, caller, "verify", List.of(CaseState.RECTIFIED), (c, now) -> {
            if (passed) {
                c.state = CaseState.CLOSED;
                c.closedAt = now;
                c.outcome = CaseClosed.Outcome.FIXED.name();
                return record(c, "VERIFIED", caller, now, note)
                        .chain(() -> publish(c, EventTypes.RECTIFICATION_VERIFIED, new RectificationVerified(
                                c.findingId, c.generation, c.leadUnit, now, caller.name(), note)))
                        .chain(() -> publish(c, EventTypes.CASE_CLOSED, new CaseClosed(c.findingId, c.generation,
                                c.leadUnit, CaseClosed.Outcome.FIXED, note, now, caller.name())));
            }
            if (note == null || note.isBlank()) {
                throw invalid("note", "a failed verification needs the reason for the rework");
            }
            int previous = c.generation;
            // The deadline in force for the rejected generation (approved extensions included), before the new
            // generation's replaces it: the rework record names it, in whatever order its readers see the events.
            Instant previousRectifyBy = c.rectifyBy;
            c.generation++;
            c.reworkCount++;
            c.rectifiedAt = null;
            return dispatch.assign(c, c.leadUnit, now, c.routingVersion)
                    .chain(() -> record(c, "REWORK", caller, now, note + "; rectify by " + c.rectifyBy))
                    .chain(() -> publish(c, EventTypes.RECTIFICATION_REJECTED, new RectificationRejected(
                            c.findingId, c.generation, previous, previousRectifyBy, c.leadUnit, now, caller.name(),
                            note, c.reworkCount, c.acknowledgeBy, c.rectifyBy, c.policyVersion)));
        }).invoke(c -> metrics.verified(c, passed));
    }

    /** The office closes a case as not fixed, with the reason. */
    public Uni<RectificationCase> close(UUID findingId, Caller caller, CaseClosed.Outcome outcome, String reason) {
        if (outcome == CaseClosed.Outcome.FIXED) {
            return Uni.createFrom().failure(invalid("outcome",
                    "a case closes as FIXED only through a passed verification"));
        }
        return transition(findingId, caller, "close", List.of(CaseState.TRIAGE, CaseState.ASSIGNED,
                CaseState.ACKNOWLEDGED, CaseState.RECTIFIED, CaseState.TRANSFER_REQUESTED), (c, now) -> {
                    c.state = CaseState.CLOSED;
                    c.closedAt = now;
                    c.outcome = outcome.name();
                    c.pendingTransfer = null;
                    c.pendingExtensionUntil = null;
                    c.pendingExtensionReason = null;
                    return record(c, "CLOSED_" + outcome, caller, now, reason).chain(() -> publish(c,
                            EventTypes.CASE_CLOSED, new CaseClosed(c.findingId, c.generation,
                                    c.leadUnit == null ? "NONE" : c.leadUnit, outcome, reason, now, caller.name())));
                });
    }

    /** The unit says "not ours"; the office decides. */
    public Uni<RectificationCase> requestTransfer(UUID findingId, Caller caller, String reason) {
        return transition(findingId, caller, "request a transfer",
                List.of(CaseState.ASSIGNED, CaseState.ACKNOWLEDGED), (c, now) -> {
                    c.stateBeforeRequest = c.state;
                    c.state = CaseState.TRANSFER_REQUESTED;
                    c.pendingTransfer = reason;
                    return record(c, "TRANSFER_REQUESTED", caller, now, reason);
                });
    }

    /** Approved: re-routed to {@code toUnit} in a new generation with new deadlines. */
    public Uni<RectificationCase> approveTransfer(UUID findingId, Caller caller, String toUnit) {
        if (routing.current(caller.district()).unit(toUnit).isEmpty()) {
            return Uni.createFrom().failure(invalid("toUnit", "is not a unit of the directory"));
        }
        return transition(findingId, caller, "approve a transfer", List.of(CaseState.TRANSFER_REQUESTED),
                (c, now) -> {
                    if (toUnit.equals(c.leadUnit)) {
                        throw invalid("toUnit", "is the unit that asked for the transfer");
                    }
                    String from = c.leadUnit;
                    String reason = c.pendingTransfer;
                    int previous = c.generation;
                    c.generation++;
                    c.transferCount++;
                    c.pendingTransfer = null;
                    c.stateBeforeRequest = null;
                    return dispatch.assign(c, toUnit, now, c.routingVersion)
                            .chain(() -> record(c, "TRANSFERRED", caller, now, from + " -> " + toUnit + ": " + reason))
                            .chain(() -> publish(c, EventTypes.CASE_TRANSFERRED, new CaseTransferred(c.findingId,
                                    c.generation, previous, from, toUnit, now, caller.name(), reason,
                                    c.acknowledgeBy, c.rectifyBy, c.policyVersion)));
                });
    }

    public Uni<RectificationCase> rejectTransfer(UUID findingId, Caller caller, String reason) {
        return transition(findingId, caller, "reject a transfer", List.of(CaseState.TRANSFER_REQUESTED),
                (c, now) -> {
                    c.state = c.stateBeforeRequest == null ? CaseState.ASSIGNED : c.stateBeforeRequest;
                    c.stateBeforeRequest = null;
                    c.pendingTransfer = null;
                    return record(c, "TRANSFER_REJECTED", caller, now, reason);
                });
    }

    /** The unit asks for more time; only one request may be pending. */
    public Uni<RectificationCase> requestExtension(UUID findingId, Caller caller, Instant until, String reason) {
        return transition(findingId, caller, "request an extension",
                List.of(CaseState.ASSIGNED, CaseState.ACKNOWLEDGED), (c, now) -> {
                    if (c.pendingExtensionUntil != null) {
                        throw new ProblemException(409, "Conflict", "An extension request is already pending");
                    }
                    if (!until.isAfter(c.rectifyBy)) {
                        throw invalid("until", "must be after the current rectification deadline " + c.rectifyBy);
                    }
                    c.pendingExtensionUntil = until;
                    c.pendingExtensionReason = reason;
                    return record(c, "EXTENSION_REQUESTED", caller, now, "until " + until + ": " + reason);
                });
    }

    public Uni<RectificationCase> decideExtension(UUID findingId, Caller caller, boolean approved, String reason) {
        return transition(findingId, caller, approved ? "approve an extension" : "reject an extension",
                List.of(CaseState.ASSIGNED, CaseState.ACKNOWLEDGED, CaseState.RECTIFIED,
                        CaseState.TRANSFER_REQUESTED), (c, now) -> {
                    if (c.pendingExtensionUntil == null) {
                        throw new ProblemException(409, "Conflict", "No extension request is pending");
                    }
                    Instant previous = c.rectifyBy;
                    Instant until = c.pendingExtensionUntil;
                    String why = c.pendingExtensionReason;
                    c.pendingExtensionUntil = null;
                    c.pendingExtensionReason = null;
                    if (!approved) {
                        return record(c, "EXTENSION_REJECTED", caller, now, reason);
                    }
                    c.rectifyBy = until;
                    c.extensionCount++;
                    return record(c, "EXTENSION_APPROVED", caller, now, previous + " -> " + until + ": " + why)
                            .chain(() -> publish(c, EventTypes.DEADLINE_EXTENDED, new DeadlineExtended(c.findingId,
                                    c.generation, c.leadUnit, previous, until, caller.name(), why, now)));
                });
    }

    /** The office dispatches a case from triage by hand. */
    public Uni<RectificationCase> dispatchFromTriage(UUID findingId, Caller caller, String unit) {
        if (routing.current(caller.district()).unit(unit).isEmpty()) {
            return Uni.createFrom().failure(invalid("leadUnit", "is not a unit of the directory"));
        }
        return transition(findingId, caller, "dispatch", List.of(CaseState.TRIAGE), (c, now) -> {
            // The township answers together with the department (属地管理), whoever picked the department.
            RoutingTable table = routing.current(c.district);
            c.township = table.township(c.siteCode, c.latitude, c.longitude, c.townshipName);
            c.grid = table.grid(c.township, c.latitude, c.longitude);
            return dispatch.assign(c, unit, now, "manual")
                    .chain(() -> record(c, "DISPATCHED", caller, now, "To " + unit
                            + (c.township == null ? "" : " in " + c.township) + " from triage"))
                    .chain(() -> publish(c, EventTypes.FINDING_ASSIGNED, c.toEvent(table::name)));
        });
    }

    /** What a transition does to a case inside the transaction; may throw a ProblemException to refuse it. */
    interface Step {
        Uni<Void> apply(RectificationCase c, Instant now);
    }

    private Uni<RectificationCase> transition(UUID findingId, Caller caller, String action, List<CaseState> from,
            Step step) {
        return Panache.withTransaction(() -> visible(findingId, caller).chain(c -> {
            if (!from.contains(c.state)) {
                return Uni.createFrom().failure(new ProblemException(409, "Conflict", "The case is " + c.state
                        + "; to " + action + " it must be " + (from.size() == 1 ? from.get(0) : "one of " + from),
                        null, java.util.Map.of("state", c.state.name()), null));
            }
            // PostgreSQL keeps microseconds: an event must carry the instant its row stores (a re-read compares equal).
            Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
            Uni<Void> applied;
            try {
                applied = step.apply(c, now);
            } catch (ProblemException e) {
                return Uni.createFrom().failure(e);
            }
            c.updatedAt = now;
            return applied.replaceWith(c);
        })).invoke(c -> Log.infof("Case %s: %s by %s, now %s (generation %d)", c.findingId, action, caller.name(),
                c.state, c.generation));
    }

    private Uni<Void> record(RectificationCase c, String action, Caller caller, Instant now, String detail) {
        return history.persist(CaseHistory.of(c, action, caller.name(), now, detail)).replaceWithVoid();
    }

    private Uni<Void> publish(RectificationCase c, String type, Object event) {
        return outbox.inDistrict(c.district).append(Topics.CASES, type, c.findingId, event).replaceWithVoid();
    }

    /**
     * Another district's or another unit's case answers exactly like a missing one, so its existence does not leak.
     */
    private Uni<RectificationCase> visible(UUID findingId, Caller caller) {
        return repository.findById(findingId)
                .map(c -> c != null && c.district.equals(caller.district())
                        && (caller.seesAllUnits() || caller.mayAccessUnit(c.leadUnit)) ? c : null)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("Case of finding " + findingId));
    }

    private static ProblemException invalid(String field, String message) {
        return new ProblemException(400, "Invalid request", field + " " + message,
                List.of(new Problem.FieldError(field, message)));
    }
}
