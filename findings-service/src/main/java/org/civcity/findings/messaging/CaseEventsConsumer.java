package org.civcity.findings.messaging;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.civcity.findings.service.TimelineService;
import org.civcity.shared.inbox.Inbox;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/** Consumes the cases and escalations topics into each finding's status and timeline, once per event. */
@ApplicationScoped
public class CaseEventsConsumer {

    private static final String CONSUMER = "findings-service.timeline";

    private final Inbox inbox;
    private final TimelineService timeline;

    public CaseEventsConsumer(Inbox inbox, TimelineService timeline) {
        this.inbox = inbox;
        this.timeline = timeline;
    }

    @Incoming("cases")
    public Uni<Void> cases(Message<String> message) {
        return inbox.process(message, CONSUMER, timeline::apply);
    }

    @Incoming("escalations")
    public Uni<Void> escalations(Message<String> message) {
        return inbox.process(message, CONSUMER, timeline::apply);
    }
}
