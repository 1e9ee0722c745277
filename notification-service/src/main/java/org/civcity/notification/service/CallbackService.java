package org.civcity.notification.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.UUID;
import org.civcity.notification.domain.CallbackSubscription;
import org.civcity.notification.domain.CaseView;
import org.civcity.notification.domain.Delivery;
import org.civcity.notification.domain.StatusCallback;
import org.civcity.notification.repository.CaseViewRepository;
import org.civcity.notification.repository.DeliveryRepository;
import org.civcity.shared.inbox.ReceivedEvent;

/**
 * Queues a signed status callback to the system that posted a finding whenever the finding's case changes. The
 * callback carries the state as projected after the event, so a finding.reported seen after later events still
 * tells the poster where its finding stands.
 */
@ApplicationScoped
public class CallbackService {

    private final CaseViewRepository cases;
    private final DeliveryRepository deliveries;
    private final ObjectMapper mapper;

    public CallbackService(CaseViewRepository cases, DeliveryRepository deliveries, ObjectMapper mapper) {
        this.cases = cases;
        this.deliveries = deliveries;
        this.mapper = mapper;
    }

    /** Runs in the inbox transaction, after the projection took the event in. */
    public Uni<Void> changed(ReceivedEvent event, UUID findingId, Instant at) {
        return cases.current(findingId).chain(view -> view == null || view.sourceSystem == null
                ? Uni.createFrom().voidItem()
                : CallbackSubscription.<CallbackSubscription>find("sourceSystem = ?1 and active = true",
                        view.sourceSystem).firstResult().chain(subscription -> subscription == null
                                ? Uni.createFrom().voidItem()
                                : queue(event, view, subscription, at)));
    }

    private Uni<Void> queue(ReceivedEvent event, CaseView view, CallbackSubscription subscription, Instant at) {
        String dedupId = event.id() + ":" + subscription.id + ":" + Delivery.CALLBACK;
        StatusCallback body = new StatusCallback(dedupId, event.type(), view.findingId, view.sourceSystem,
                view.sourceReference, view.state, view.generation, view.leadUnit, view.escalationLevel,
                view.outcome, view.rectifyBy, at);
        Delivery delivery = Delivery.of(dedupId, Delivery.CALLBACK, view.findingId, event.type(),
                "callback/" + view.sourceSystem, subscription.url, null, json(body), Instant.now());
        delivery.subscriptionId = subscription.id;
        return deliveries.queue(delivery).replaceWithVoid();
    }

    private String json(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("callback not serialisable", e);
        }
    }
}
