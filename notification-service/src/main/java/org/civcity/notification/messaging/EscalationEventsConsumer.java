package org.civcity.notification.messaging;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.civcity.contracts.CaseClosed;
import org.civcity.contracts.DeadlineApproaching;
import org.civcity.contracts.EscalationRaised;
import org.civcity.contracts.EventTypes;
import org.civcity.contracts.FindingAssigned;
import org.civcity.contracts.RectificationRejected;
import org.civcity.notification.service.AlertService;
import org.civcity.shared.inbox.Inbox;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/** Consumes the escalations and cases topics: each escalation, warning, dispatch, rework and closure alerts once. */
@ApplicationScoped
public class EscalationEventsConsumer {

    private static final String CONSUMER = "notification-service.alerts";

    private final Inbox inbox;
    private final AlertService alerts;

    public EscalationEventsConsumer(Inbox inbox, AlertService alerts) {
        this.inbox = inbox;
        this.alerts = alerts;
    }

    /** Dispatches, reworks and closures tell the lead unit's head. */
    @Incoming("cases")
    public Uni<Void> cases(Message<String> message) {
        return inbox.process(message, CONSUMER, event -> switch (event.type()) {
            case EventTypes.FINDING_ASSIGNED -> {
                FindingAssigned e = inbox.data(event, FindingAssigned.class);
                yield alerts.caseEvent(event, e.findingId(), e.generation(), e.leadUnit(), "ASSIGNED",
                        e.dispatchedAt(), e.rectifyBy(), "【新派遣】问题 " + e.findingId() + "（" + e.siteName()
                                + "）已派遣给" + e.leadUnit() + "，请于 " + e.acknowledgeBy() + " 前签收，"
                                + e.rectifyBy() + " 前整改完毕。");
            }
            case EventTypes.RECTIFICATION_REJECTED -> {
                RectificationRejected e = inbox.data(event, RectificationRejected.class);
                yield alerts.caseEvent(event, e.findingId(), e.generation(), e.unit(), "REWORK", e.rejectedAt(),
                        e.rectifyBy(), "【返工】问题 " + e.findingId() + " 复查未通过（" + e.reason() + "），第"
                                + e.reworkCount() + "次返工，请于 " + e.rectifyBy() + " 前重新整改。");
            }
            case EventTypes.CASE_CLOSED -> {
                CaseClosed e = inbox.data(event, CaseClosed.class);
                yield alerts.caseEvent(event, e.findingId(), e.generation(), e.unit(), "CLOSED_" + e.outcome(),
                        e.closedAt(), null, "【结案】问题 " + e.findingId() + " 已结案：" + e.outcome()
                                + (e.reason() == null ? "" : "（" + e.reason() + "）") + "。");
            }
            default -> Uni.createFrom().voidItem();
        });
    }

    @Incoming("escalations")
    public Uni<Void> consume(Message<String> message) {
        return inbox.process(message, CONSUMER, event -> switch (event.type()) {
            case EventTypes.ESCALATION_RAISED ->
                alerts.escalationRaised(event, inbox.data(event, EscalationRaised.class));
            case EventTypes.DEADLINE_APPROACHING ->
                alerts.deadlineApproaching(event, inbox.data(event, DeadlineApproaching.class));
            default -> Uni.createFrom().voidItem();
        });
    }
}
