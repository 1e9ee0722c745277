package org.civcity.notification.messaging;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import io.smallrye.reactive.messaging.ce.IncomingCloudEventMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletionStage;
import org.civcity.contracts.EventTypes;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * The live feed of escalations and deadline warnings for dashboards. Each instance reads the escalations topic in a
 * consumer group of its own, so every replica's feed shows every event; it is a view, not a delivery: nothing is
 * stored and a client sees only what happens while it is connected.
 */
@ApplicationScoped
public class AlertFeed {

    /** One feed entry: the CloudEvents type and its JSON data. */
    public record Entry(String type, String data) {
    }

    private final BroadcastProcessor<Entry> feed = BroadcastProcessor.create();

    @Incoming("alert-feed")
    public CompletionStage<Void> publish(Message<String> message) {
        message.getMetadata(IncomingCloudEventMetadata.class)
                .map(metadata -> ((IncomingCloudEventMetadata<?>) metadata).getType())
                .filter(type -> EventTypes.ESCALATION_RAISED.equals(type)
                        || EventTypes.DEADLINE_APPROACHING.equals(type))
                .ifPresent(type -> feed.onNext(new Entry(type, message.getPayload())));
        return message.ack();
    }

    public Multi<Entry> stream() {
        return feed;
    }
}
