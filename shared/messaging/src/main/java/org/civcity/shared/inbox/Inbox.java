package org.civcity.shared.inbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.smallrye.mutiny.vertx.core.ContextAwareScheduler;
import io.smallrye.reactive.messaging.ce.IncomingCloudEventMetadata;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.civcity.contracts.Districts;
import org.civcity.contracts.EventTypes;
import org.civcity.contracts.Topics;
import org.civcity.shared.district.ServedDistricts;
import org.civcity.shared.messaging.TransientFailures;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Idempotent consumption: the event id is recorded in the same transaction as the consumer's effect, so a redelivered
 * event changes nothing. Poison events are nacked at once (the channel's dead-letter strategy takes them); other
 * failures are retried with back-off first, and without limit while the database itself is away.
 */
@ApplicationScoped
public class Inbox {

    private final ObjectMapper mapper;
    private final Validator validator;
    private final Pool pool;
    private final InboxConfig config;
    private final MeterRegistry registry;
    private final Set<String> knownConsumers = ConcurrentHashMap.newKeySet();

    public Inbox(ObjectMapper mapper, Validator validator, Pool pool, InboxConfig config, MeterRegistry registry) {
        this.mapper = mapper;
        this.validator = validator;
        this.pool = pool;
        this.config = config;
        this.registry = registry;
    }

    /**
     * Processes one Kafka message at most once for {@code consumer}, acking or nacking it.
     *
     * @param effect the consumer's change; runs inside the inbox transaction
     */
    public Uni<Void> process(Message<String> message, String consumer, Function<ReceivedEvent, Uni<Void>> effect) {
        if (knownConsumers.add(consumer)) {
            // At 0 from the first message on, so the first dead letter is an increase Prometheus can alert on.
            for (String reason : new String[] {"poison", "failed"}) {
                registry.counter("civcity.inbox.dead_letters", "consumer", consumer, "reason", reason);
            }
            registry.counter("civcity.inbox.held", "consumer", consumer);
        }
        ReceivedEvent event;
        try {
            event = decode(message);
        } catch (PoisonEventException e) {
            return deadLetter(message, consumer, e);
        }
        // Retries must come back on this message's Vert.x context: Hibernate Reactive refuses any other thread.
        ScheduledExecutorService scheduler = io.vertx.core.Vertx.currentContext() == null
                ? Infrastructure.getDefaultWorkerPool()
                : ContextAwareScheduler.delegatingTo(Infrastructure.getDefaultWorkerPool()).withCurrentContext();
        return settle(event, consumer, effect, scheduler)
                .chain(() -> Uni.createFrom().completionStage(message.ack()))
                .onFailure().recoverWithUni(e -> deadLetter(message, consumer, e));
    }

    /**
     * Applies the effect until it commits. A failure of the event itself is retried a few times and then given up;
     * while the database is unreachable or restarting the event is held and retried without limit, because the same
     * event will succeed once it is back, and dead-lettering it would lose it from the flow.
     */
    private Uni<Void> settle(ReceivedEvent event, String consumer, Function<ReceivedEvent, Uni<Void>> effect,
            ScheduledExecutorService scheduler) {
        return Panache.withTransaction(() -> claim(event.id(), consumer)
                        .call(first -> first ? effect.apply(event) : Uni.createFrom().voidItem()))
                .invoke(first -> {
                    if (first) {
                        registry.counter("civcity.inbox.processed", "consumer", consumer).increment();
                    } else {
                        registry.counter("civcity.inbox.duplicates", "consumer", consumer).increment();
                        Log.debugf("Event %s already processed by %s", event.id(), consumer);
                    }
                })
                .replaceWithVoid()
                .onFailure(Inbox::retryable).invoke(e -> Log.warnf(
                        "Event %s (%s) failed in %s, retrying: %s", event.id(), event.type(), consumer, e.toString()))
                .onFailure(Inbox::retryable).retry()
                .withBackOff(config.retryInitialBackoff(), config.retryMaxBackoff()).withExecutor(scheduler)
                .atMost(config.retries())
                .onFailure(Inbox::retryable).recoverWithUni(e -> held(e).chain(hold -> {
                    if (!hold) {
                        return Uni.createFrom().failure(e);
                    }
                    registry.counter("civcity.inbox.held", "consumer", consumer).increment();
                    Log.warnf("Event %s held in %s while the database is unavailable: %s", event.id(), consumer,
                            e.toString());
                    return Uni.createFrom().voidItem().onItem().delayIt().onExecutor(scheduler)
                            .by(config.retryMaxBackoff())
                            .chain(() -> settle(event, consumer, effect, scheduler));
                }));
    }

    private static boolean retryable(Throwable e) {
        return !(e instanceof PoisonEventException);
    }

    /** Whether a failure is the infrastructure's: known transient, or the database does not answer at all. */
    private Uni<Boolean> held(Throwable failure) {
        if (TransientFailures.isTransient(failure)) {
            return Uni.createFrom().item(true);
        }
        return pool.query("SELECT 1").execute()
                .map(rows -> false)
                .ifNoItem().after(config.retryMaxBackoff()).recoverWithItem(true)
                .onFailure().recoverWithItem(true);
    }

    /**
     * Processes one Kafka message at most once for {@code consumer}, applying {@code effect} to events of
     * {@code type} with their decoded data; other known types on the topic are acknowledged and skipped.
     */
    public <T> Uni<Void> process(Message<String> message, String consumer, String type, Class<T> dataType,
            BiFunction<ReceivedEvent, T, Uni<Void>> effect) {
        return process(message, consumer, event -> type.equals(event.type())
                ? effect.apply(event, data(event, dataType))
                : Uni.createFrom().voidItem());
    }

    /** Decodes and validates event data; invalid data is poison. */
    public <T> T data(ReceivedEvent event, Class<T> type) {
        T value;
        try {
            value = mapper.readValue(event.data(), type);
        } catch (JsonProcessingException e) {
            throw new PoisonEventException("data of " + event.type() + " is not a valid " + type.getSimpleName()
                    + ": " + e.getOriginalMessage(), e);
        }
        if (value == null) {
            throw new PoisonEventException("data of " + event.type() + " is empty");
        }
        Set<ConstraintViolation<T>> violations = validator.validate(value);
        if (!violations.isEmpty()) {
            throw new PoisonEventException("data of " + event.type() + " violates its schema: " + violations.stream()
                    .map(v -> v.getPropertyPath() + " " + v.getMessage()).sorted().collect(Collectors.joining(", ")));
        }
        return value;
    }

    /** The CloudEvent in a Kafka message, or a {@link PoisonEventException} saying why it can never be one. */
    static ReceivedEvent decode(Message<String> message) {
        @SuppressWarnings("unchecked")
        Optional<IncomingCloudEventMetadata<String>> cloudEvent = message.getMetadata(IncomingCloudEventMetadata.class)
                .map(m -> (IncomingCloudEventMetadata<String>) m);
        if (cloudEvent.isEmpty()) {
            throw new PoisonEventException("not a CloudEvent (no ce_ headers)");
        }
        IncomingCloudEventMetadata<String> ce = cloudEvent.get();
        if (!EventTypes.KNOWN.contains(ce.getType())) {
            throw new PoisonEventException("unknown event type " + ce.getType());
        }
        UUID id;
        try {
            id = UUID.fromString(ce.getId());
        } catch (IllegalArgumentException e) {
            throw new PoisonEventException("event id is not a UUID: " + ce.getId());
        }
        String data = message.getPayload();
        if (data == null || data.isBlank()) {
            throw new PoisonEventException("event " + id + " has no data");
        }
        checkSource(message.getMetadata(IncomingKafkaRecordMetadata.class).map(m -> m.getTopic()).orElse(null),
                String.valueOf(ce.getSource()));
        String key = message.getMetadata(IncomingKafkaRecordMetadata.class).map(m -> String.valueOf(m.getKey()))
                .orElse(ce.getSubject().orElse(null));
        Instant time = ce.getTimeStamp().map(t -> t.toInstant()).orElse(null);
        String district;
        try {
            district = ServedDistricts.resolve(ce.<Object>getExtension(Districts.EXTENSION).map(String::valueOf)
                    .orElse(null));
        } catch (ServedDistricts.UnknownDistrictException e) {
            throw new PoisonEventException("event " + id + ": " + e.getMessage());
        }
        return new ReceivedEvent(id, ce.getType(), ce.getSource().toString(), key, time, district, data);
    }

    /**
     * Each topic has one producer: an event on it from any other source (a misconfigured or compromised client with
     * write access to the broker) is poison, not a fact.
     */
    static void checkSource(String topic, String source) {
        if (topic == null) {
            return;
        }
        // A replay topic carries the events of the topic it replays, from that topic's producer.
        Topics.producer(Topics.origin(topic)).map(Topics::source).filter(expected -> !expected.equals(source))
                .ifPresent(expected -> {
                    throw new PoisonEventException("source " + source + " may not publish on " + topic
                            + " (only " + expected + ")");
                });
    }

    private Uni<Boolean> claim(UUID eventId, String consumer) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "INSERT INTO inbox_event (consumer, event_id, received_at) VALUES (:consumer, :eventId, now())"
                                + " ON CONFLICT DO NOTHING")
                .setParameter("consumer", consumer)
                .setParameter("eventId", eventId)
                .executeUpdate())
                .map(inserted -> inserted == 1);
    }

    private Uni<Void> deadLetter(Message<String> message, String consumer, Throwable reason) {
        Log.errorf("Dead-lettering a message of %s: %s", consumer, reason.toString());
        registry.counter("civcity.inbox.dead_letters", "consumer", consumer,
                "reason", reason instanceof PoisonEventException ? "poison" : "failed").increment();
        return Uni.createFrom().completionStage(message.nack(reason));
    }

    /** Forgets processed event ids older than any redelivery Kafka could still make. */
    @Scheduled(every = "1h", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> purge() {
        return pool.preparedQuery("DELETE FROM inbox_event WHERE received_at < $1")
                .execute(Tuple.of(OffsetDateTime.now().minus(config.retention())))
                .invoke(rows -> Log.debugf("Purged %d inbox rows", rows.rowCount()))
                .replaceWithVoid();
    }
}
