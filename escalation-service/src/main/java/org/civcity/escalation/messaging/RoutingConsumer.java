package org.civcity.escalation.messaging;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.civcity.contracts.EventTypes;
import org.civcity.contracts.RoutingPublished;
import org.civcity.escalation.service.MapService;
import org.civcity.shared.inbox.Inbox;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/** Keeps the hot-spot map's areas as the routing data in force draws them. */
@ApplicationScoped
public class RoutingConsumer {

    private static final String CONSUMER = "escalation-service.map";

    private final Inbox inbox;
    private final MapService map;

    public RoutingConsumer(Inbox inbox, MapService map) {
        this.inbox = inbox;
        this.map = map;
    }

    @Incoming("routing")
    public Uni<Void> consume(Message<String> message) {
        return inbox.process(message, CONSUMER, event -> EventTypes.ROUTING_PUBLISHED.equals(event.type())
                ? map.routingPublished(event.district(), inbox.data(event, RoutingPublished.class))
                : Uni.createFrom().voidItem());
    }
}
