package org.civcity.escalation.messaging;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.civcity.contracts.CaseClosed;
import org.civcity.contracts.CaseTransferred;
import org.civcity.contracts.DeadlineExtended;
import org.civcity.contracts.EventTypes;
import org.civcity.contracts.FindingAssigned;
import org.civcity.contracts.RectificationRejected;
import org.civcity.escalation.service.DeadlineService;
import org.civcity.shared.inbox.Inbox;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/** Consumes the cases topic: dispatch starts the clocks, rework and transfer restart them, closure stops them. */
@ApplicationScoped
public class CaseEventsConsumer {

    private static final String CONSUMER = "escalation-service.deadlines";

    private final Inbox inbox;
    private final DeadlineService deadlines;

    public CaseEventsConsumer(Inbox inbox, DeadlineService deadlines) {
        this.inbox = inbox;
        this.deadlines = deadlines;
    }

    @Incoming("cases")
    public Uni<Void> consume(Message<String> message) {
        return inbox.process(message, CONSUMER, event -> switch (event.type()) {
            case EventTypes.FINDING_ASSIGNED -> deadlines.track(inbox.data(event, FindingAssigned.class));
            case EventTypes.RECTIFICATION_REJECTED -> {
                RectificationRejected e = inbox.data(event, RectificationRejected.class);
                yield deadlines.newGeneration(e.findingId(), e.generation(), e.unit(), e.rectifyBy(),
                        e.policyVersion());
            }
            case EventTypes.CASE_TRANSFERRED -> {
                CaseTransferred e = inbox.data(event, CaseTransferred.class);
                yield deadlines.newGeneration(e.findingId(), e.generation(), e.toUnit(), e.rectifyBy(),
                        e.policyVersion());
            }
            case EventTypes.DEADLINE_EXTENDED -> {
                DeadlineExtended e = inbox.data(event, DeadlineExtended.class);
                yield deadlines.extended(e.findingId(), e.generation(), e.rectifyBy());
            }
            case EventTypes.CASE_CLOSED -> deadlines.closed(inbox.data(event, CaseClosed.class).findingId());
            default -> Uni.createFrom().voidItem();
        });
    }
}
