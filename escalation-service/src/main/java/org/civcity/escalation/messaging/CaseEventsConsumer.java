package org.civcity.escalation.messaging;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.civcity.contracts.EventTypes;
import org.civcity.contracts.FindingAssigned;
import org.civcity.escalation.service.DeadlineService;
import org.civcity.shared.inbox.Inbox;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/** Consumes the cases topic: each dispatched case gets its deadline timers, once. */
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
        return inbox.process(message, CONSUMER, EventTypes.FINDING_ASSIGNED, FindingAssigned.class,
                (event, assigned) -> deadlines.track(assigned));
    }
}
