package org.civcity.escalation.messaging;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.civcity.contracts.AlertFollowUp;
import org.civcity.contracts.EventTypes;
import org.civcity.escalation.service.AlertRecords;
import org.civcity.shared.inbox.Inbox;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/** Records in the ledger what became of alerts that must be acknowledged, as notification-service announces it. */
@ApplicationScoped
public class AlertsConsumer {

    private static final String CONSUMER = "escalation-service.alerts";

    private final Inbox inbox;
    private final AlertRecords records;

    public AlertsConsumer(Inbox inbox, AlertRecords records) {
        this.inbox = inbox;
        this.records = records;
    }

    @Incoming("alerts")
    public Uni<Void> consume(Message<String> message) {
        return inbox.process(message, CONSUMER, event -> switch (event.type()) {
            case EventTypes.ALERT_ACKNOWLEDGED, EventTypes.ALERT_HANDED_OVER, EventTypes.ALERT_UNANSWERED ->
                records.record(event.district(), event.type(), inbox.data(event, AlertFollowUp.class));
            default -> Uni.createFrom().voidItem();
        });
    }
}
