package org.civcity.assignment.messaging;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.civcity.assignment.service.DispatchService;
import org.civcity.contracts.EventTypes;
import org.civcity.contracts.FindingReported;
import org.civcity.shared.inbox.Inbox;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/** Consumes the findings topic: each finding.reported opens a case, once. */
@ApplicationScoped
public class FindingEventsConsumer {

    private static final String CONSUMER = "assignment-service.dispatch";

    private final Inbox inbox;
    private final DispatchService dispatch;

    public FindingEventsConsumer(Inbox inbox, DispatchService dispatch) {
        this.inbox = inbox;
        this.dispatch = dispatch;
    }

    @Incoming("findings")
    public Uni<Void> consume(Message<String> message) {
        return inbox.process(message, CONSUMER, EventTypes.FINDING_REPORTED, FindingReported.class,
                (event, finding) -> dispatch.dispatch(finding, event.district()));
    }
}
