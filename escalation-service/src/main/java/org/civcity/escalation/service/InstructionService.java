package org.civcity.escalation.service;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.civcity.contracts.EventTypes;
import org.civcity.contracts.InstructionIssued;
import org.civcity.contracts.Topics;
import org.civcity.escalation.api.InstructionRequest;
import org.civcity.escalation.domain.AccountabilityRecord;
import org.civcity.escalation.domain.CaseTracking;
import org.civcity.escalation.domain.SupervisionOrder;
import org.civcity.escalation.repository.CaseTrackingRepository;
import org.civcity.escalation.repository.SupervisionOrderRepository;
import org.civcity.shared.calendar.WorkingCalendar;
import org.civcity.shared.outbox.Outbox;
import org.civcity.shared.problem.Problem;
import org.civcity.shared.problem.ProblemException;
import org.civcity.shared.security.Caller;

/**
 * Leaders' instructions (批示): each is a ledger record and opens a supervision order with its own deadline whose
 * ladder escalates like a case's until the case closes; all in one transaction with its instruction.issued.
 */
@ApplicationScoped
public class InstructionService {

    static final String DEFAULT_DUE = "3 working days";
    /** The reason of an instruction's ledger record. */
    static final String REASON = "LEADER_INSTRUCTION";

    private final CaseTrackingRepository tracked;
    private final SupervisionOrderRepository orders;
    private final LedgerService ledger;
    private final DeadlineService deadlines;
    private final PartyResolver parties;
    private final WorkingCalendar calendar;
    private final Outbox outbox;
    private final Ladder ladder;

    public InstructionService(CaseTrackingRepository tracked, SupervisionOrderRepository orders, LedgerService ledger,
            DeadlineService deadlines, PartyResolver parties, WorkingCalendar calendar, Outbox outbox,
            Ladder ladder) {
        this.tracked = tracked;
        this.orders = orders;
        this.ledger = ledger;
        this.deadlines = deadlines;
        this.parties = parties;
        this.calendar = calendar;
        this.outbox = outbox;
        this.ladder = ladder;
    }

    /**
     * Records the instruction and opens its supervision order. An unknown case is 404; a closed case, or one whose
     * earlier order still runs, 409; a deadline that is no working time, 400. Nothing is stored then.
     */
    public Uni<SupervisionOrder> issue(InstructionRequest request, Caller caller) {
        Instant now = Instant.now();
        String rule = request.due() == null || request.due().isBlank() ? DEFAULT_DUE : request.due().strip();
        Instant dueBy = dueBy(rule, now);
        // The case row is locked, so two instructions at once cannot both find no open order.
        return Panache.withTransaction(() -> tracked.findById(request.findingId(), LockModeType.PESSIMISTIC_WRITE)
                .map(t -> t != null && t.district.equals(caller.district()) ? t : null)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("Case " + request.findingId()))
                .call(t -> t.closedAt != null || t.unit == null
                        ? Uni.createFrom().failure(new ProblemException(409, "Conflict", "Case " + t.findingId
                                + (t.closedAt != null ? " is closed" : " is not dispatched yet")
                                + ": an instruction opens no supervision order on it"))
                        : orders.openOf(t.findingId, SupervisionOrder.INSTRUCTION).invoke(open -> {
                            if (open != null) {
                                throw new ProblemException(409, "Conflict", "Case " + t.findingId + " is under the"
                                        + " supervision order of " + open.issuedBy + " (due " + open.dueBy
                                        + ") until it closes; a second order would only duplicate its escalations");
                            }
                        }))
                .chain(t -> parties.heads(t).chain(heads -> {
                    AccountabilityRecord record = record(t, request.text().strip(), caller.name(), dueBy, now);
                    record.parties = parties.json(heads);
                    SupervisionOrder order = new SupervisionOrder();
                    order.id = UUID.randomUUID();
                    order.findingId = t.findingId;
                    order.recordId = record.id;
                    order.issuedBy = caller.name();
                    order.text = record.note;
                    order.issuedAt = now;
                    order.dueBy = dueBy;
                    order.dueRule = rule;
                    return ledger.append(record)
                            .chain(() -> orders.persist(order))
                            .call(() -> deadlines.supervise(t, order))
                            .call(() -> outbox.inDistrict(t.district).append(Topics.ESCALATIONS,
                                    EventTypes.INSTRUCTION_ISSUED, t.findingId,
                                    new InstructionIssued(order.id, t.findingId, record.id, t.unit, t.township,
                                            order.issuedBy, order.text, now, dueBy)));
                })))
                .invoke(o -> Log.infof("Instruction of %s on finding %s: supervision order %s due %s", o.issuedBy,
                        o.findingId, o.id, o.dueBy));
    }

    /** The orders on a case of the caller's district; another district's case has none to show. */
    public Uni<List<SupervisionOrder>> ofFinding(UUID findingId, Caller caller) {
        return Panache.withSession(() -> tracked.findById(findingId).chain(t -> t != null
                && t.district.equals(caller.district()) ? orders.ofFinding(findingId)
                : Uni.createFrom().item(List.of())));
    }

    private Instant dueBy(String rule, Instant now) {
        Instant due;
        try {
            due = calendar.plus(rule, now, 1.0);
        } catch (RuntimeException e) {
            // Unparseable, or beyond what the calendar covers or a duration can hold: the caller's input, a 400.
            due = null;
        }
        if (due == null || !due.isAfter(now)) {
            throw new ProblemException(400, "Bad Request", "'" + rule + "' is no deadline", List.of(
                    new Problem.FieldError("due", "must be \"N working days\", \"N working hours\" or a positive"
                            + " ISO-8601 duration")));
        }
        return due;
    }

    private AccountabilityRecord record(CaseTracking t, String text, String leader, Instant dueBy, Instant now) {
        AccountabilityRecord r = AccountabilityRecord.unlevelled(t, REASON, dueBy, now,
                ladder.current(t.district).version());
        r.decidedBy = leader;
        r.note = text;
        return r;
    }
}
