package org.civcity.notification.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.UUID;
import org.civcity.notification.domain.CallbackBacklog;
import org.civcity.notification.domain.CallbackSubscription;
import org.civcity.notification.domain.CaseView;
import org.civcity.notification.domain.Delivery;
import org.civcity.notification.domain.StatusCallback;
import org.civcity.notification.repository.CallbackBacklogRepository;
import org.civcity.notification.repository.CallbackRepository;
import org.civcity.notification.repository.CaseViewRepository;
import org.civcity.notification.repository.DeliveryRepository;
import org.civcity.shared.inbox.ReceivedEvent;

/**
 * Queues a signed status callback to the system that posted a finding whenever the finding's case changes, with the
 * state as projected after the event. Changes seen before the finding.reported that names the poster wait for it.
 */
@ApplicationScoped
public class CallbackService {

    private final CaseViewRepository cases;
    private final DeliveryRepository deliveries;
    private final CallbackRepository callbacks;
    private final CallbackBacklogRepository backlog;
    private final ObjectMapper mapper;

    public CallbackService(CaseViewRepository cases, DeliveryRepository deliveries, CallbackRepository callbacks,
            CallbackBacklogRepository backlog, ObjectMapper mapper) {
        this.cases = cases;
        this.deliveries = deliveries;
        this.callbacks = callbacks;
        this.backlog = backlog;
        this.mapper = mapper;
    }

    /**
     * Runs in the inbox transaction, after the projection took the event in. While the poster is unknown, the change
     * waits in the backlog for its finding.reported.
     */
    public Uni<Void> changed(ReceivedEvent event, UUID findingId, Instant at) {
        return cases.current(findingId).chain(view -> {
            if (view == null) {
                return Uni.createFrom().voidItem();
            }
            if (view.sourceSystem == null) {
                return holdBack(event, view, at);
            }
            return callbacks.activeFor(view.district, view.sourceSystem).chain(subscription -> subscription == null
                    ? Uni.createFrom().voidItem()
                    : queue(event.id(), event.type(), view, subscription, snapshot(view, at)));
        });
    }

    /** The poster is known now: what waited for it goes out, then this event with the state as it stands. */
    public Uni<Void> reported(ReceivedEvent event, UUID findingId, Instant at) {
        return cases.current(findingId).chain(view -> callbacks.activeFor(view.district, view.sourceSystem)
                .chain(subscription -> backlog.waitingFor(findingId)
                        .chain(waiting -> Multi.createFrom().iterable(waiting)
                                .onItem().transformToUniAndConcatenate(w -> (subscription == null
                                        ? Uni.createFrom().voidItem()
                                        : queue(w.eventId, w.eventType, view, subscription, w))
                                        .chain(() -> backlog.delete(w)))
                                .collect().asList())
                        .chain(() -> subscription == null ? Uni.createFrom().voidItem()
                                : queue(event.id(), event.type(), view, subscription, snapshot(view, at)))));
    }

    private Uni<Void> holdBack(ReceivedEvent event, CaseView view, Instant at) {
        CallbackBacklog waiting = new CallbackBacklog();
        waiting.eventId = event.id();
        waiting.findingId = view.findingId;
        waiting.eventType = event.type();
        waiting.state = view.state;
        waiting.generation = view.generation;
        waiting.unit = view.leadUnit;
        waiting.escalationLevel = view.escalationLevel;
        waiting.outcome = view.outcome;
        waiting.rectifyBy = view.rectifyBy;
        waiting.at = at;
        return backlog.persist(waiting).replaceWithVoid();
    }

    private static CallbackBacklog snapshot(CaseView view, Instant at) {
        CallbackBacklog now = new CallbackBacklog();
        now.state = view.state;
        now.generation = view.generation;
        now.unit = view.leadUnit;
        now.escalationLevel = view.escalationLevel;
        now.outcome = view.outcome;
        now.rectifyBy = view.rectifyBy;
        now.at = at;
        return now;
    }

    private Uni<Void> queue(UUID eventId, String type, CaseView view, CallbackSubscription subscription,
            CallbackBacklog state) {
        String dedupId = eventId + ":" + subscription.id + ":" + Delivery.CALLBACK;
        StatusCallback body = new StatusCallback(dedupId, type, view.findingId, view.sourceSystem,
                view.sourceReference, state.state, state.generation, state.unit, state.escalationLevel,
                state.outcome, state.rectifyBy, state.at);
        Delivery delivery = Delivery.of(dedupId, Delivery.CALLBACK, view.findingId, type,
                "callback/" + view.sourceSystem, subscription.url, null, json(body), Instant.now());
        delivery.subscriptionId = subscription.id;
        return deliveries.queue(view.district, delivery).replaceWithVoid();
    }

    private String json(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("callback not serialisable", e);
        }
    }
}
