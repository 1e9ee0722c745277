package org.civcity.notification.messaging;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.civcity.contracts.DeadlineApproaching;
import org.civcity.contracts.EscalationRaised;
import org.civcity.contracts.EventTypes;
import org.civcity.notification.service.AlertService;
import org.civcity.shared.inbox.Inbox;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/** Consumes the escalations topic: each escalation and deadline warning queues its alert, once. */
@ApplicationScoped
public class EscalationEventsConsumer {

    private static final String CONSUMER = "notification-service.alerts";

    private final Inbox inbox;
    private final AlertService alerts;

    public EscalationEventsConsumer(Inbox inbox, AlertService alerts) {
        this.inbox = inbox;
        this.alerts = alerts;
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
