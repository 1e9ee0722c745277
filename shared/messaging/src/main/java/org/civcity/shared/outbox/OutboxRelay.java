package org.civcity.shared.outbox;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.TracingMetadata;
import io.smallrye.reactive.messaging.ce.OutgoingCloudEventMetadata;
import io.smallrye.reactive.messaging.ce.OutgoingCloudEventMetadataBuilder;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.civcity.contracts.Districts;
import org.civcity.shared.lock.AdvisoryLocks;
import org.civcity.shared.messaging.DatabaseNotifications;
import org.civcity.shared.messaging.Poller;
import org.civcity.shared.messaging.Pollers;
import org.civcity.shared.trace.TraceContext;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Publishes committed outbox rows to Kafka as CloudEvents and deletes them once the broker acknowledged them.
 *
 * <p>A commit that wrote events wakes the relay through PostgreSQL NOTIFY; the poll is the safety net.
 * One relay at a time per service (transaction-scoped advisory lock), so events leave in commit order even with
 * several replicas; a crash between ack and delete republishes, which idempotent consumers absorb.
 */
@ApplicationScoped
public class OutboxRelay {

    /** Channel every service configures for the relay; the topic comes from each row. */
    public static final String CHANNEL = "outbox";

    /** What the outbox_event trigger notifies when a transaction that wrote events commits. */
    public static final String NOTIFY_CHANNEL = "civcity_outbox";

    private static final String RELAY_LOCK = "civcity.outbox-relay";

    private final Pool pool;
    private final MutinyEmitter<String> emitter;
    private final OutboxConfig config;
    private final URI source;
    private final Counter published;
    private final Pollers pollers;
    private final DatabaseNotifications notifications;
    /** When a relay round last finished without error (whether or not this replica held the relay). */
    private volatile Instant lastRound = Instant.now();
    private final AtomicLong backlog = new AtomicLong();
    private volatile double oldestAgeSeconds;

    public OutboxRelay(Pool pool, @Channel(CHANNEL) MutinyEmitter<String> emitter, OutboxConfig config,
            MeterRegistry registry, Pollers pollers, DatabaseNotifications notifications) {
        this.pool = pool;
        this.pollers = pollers;
        this.notifications = notifications;
        this.emitter = emitter;
        this.config = config;
        this.source = URI.create(config.source());
        this.published = registry.counter("civcity.outbox.published");
        Gauge.builder("civcity.outbox.backlog", backlog, AtomicLong::get)
                .description("Committed events not yet published").register(registry);
        Gauge.builder("civcity.outbox.oldest.age", this, r -> r.oldestAgeSeconds).baseUnit("seconds")
                .description("Age of the oldest event not yet published").register(registry);
    }

    void start(@Observes StartupEvent event) {
        Poller relay = pollers.start("Outbox relay", config.pollInterval(), config.wakeSpacing(),
                self -> relayAll().invoke(count -> lastRound = Instant.now()));
        notifications.listen(NOTIFY_CHANNEL, relay::wake);
        pollers.start("Outbox backlog probe", config.backlogProbeInterval(), this::probeBacklog);
    }

    /** What readiness and the operators need to know of the relay. */
    public record Status(Instant lastRound, long backlog, double oldestAgeSeconds) {
    }

    public Status status() {
        return new Status(lastRound, backlog.get(), oldestAgeSeconds);
    }

    /** Measures the backlog for the gauges: one cheap aggregate every few seconds, not per scrape or per round. */
    private Uni<Void> probeBacklog() {
        return pool.query("SELECT count(*), COALESCE(EXTRACT(EPOCH FROM now() - min(occurred_at)), 0)"
                        + " FROM outbox_event").execute()
                .invoke(rows -> {
                    Row row = rows.iterator().next();
                    backlog.set(row.getLong(0));
                    oldestAgeSeconds = ((Number) row.getValue(1)).doubleValue();
                })
                .replaceWithVoid();
    }

    /**
     * Publishes batches until the outbox is empty or another replica holds the relay. An empty outbox (most rounds)
     * costs one read instead of a transaction with the relay lock and the claim.
     */
    public Uni<Integer> relayAll() {
        return pool.query("SELECT EXISTS (SELECT 1 FROM outbox_event)").execute()
                .chain(rows -> rows.iterator().next().getBoolean(0) ? relayBatches() : Uni.createFrom().item(0));
    }

    private Uni<Integer> relayBatches() {
        return relayBatch().chain(count -> count >= config.batchSize()
                ? relayBatches().map(more -> count + more)
                : Uni.createFrom().item(count));
    }

    private Uni<Integer> relayBatch() {
        return pool.withTransaction(conn -> AdvisoryLocks.tryLock(conn, RELAY_LOCK)
                .chain(locked -> locked ? claimAndPublish(conn) : Uni.createFrom().item(0)));
    }

    private Uni<Integer> claimAndPublish(SqlConnection conn) {
        return conn.preparedQuery("SELECT position, event_id, topic, type, event_key, subject, payload, occurred_at,"
                        + " traceparent, district"
                        + " FROM outbox_event ORDER BY position LIMIT $1 FOR UPDATE SKIP LOCKED")
                .execute(Tuple.of(config.batchSize()))
                .chain(rows -> {
                    List<Long> positions = new ArrayList<>();
                    List<Uni<Void>> sends = new ArrayList<>();
                    for (Row row : rows) {
                        positions.add(row.getLong("position"));
                        sends.add(emitter.sendMessage(toMessage(row)));
                    }
                    if (positions.isEmpty()) {
                        return Uni.createFrom().item(0);
                    }
                    return Uni.join().all(sends).andFailFast()
                            .chain(() -> conn.preparedQuery("DELETE FROM outbox_event WHERE position = ANY($1)")
                                    .execute(Tuple.of(positions.toArray(new Long[0]))))
                            .invoke(() -> published.increment(positions.size()))
                            .replaceWith(positions.size());
                });
    }

    private Message<String> toMessage(Row row) {
        UUID eventId = row.getUUID("event_id");
        OutgoingCloudEventMetadataBuilder<Object> builder = OutgoingCloudEventMetadata.builder()
                .withId(eventId.toString())
                .withType(row.getString("type"))
                .withSource(source)
                .withSubject(row.getString("subject"))
                .withDataContentType("application/json")
                .withTimestamp(row.getOffsetDateTime("occurred_at").toZonedDateTime());
        String district = row.getString("district");
        if (district != null) {
            builder.withExtension(Districts.EXTENSION, district);
        }
        OutgoingCloudEventMetadata<Object> cloudEvent = builder.build();
        OutgoingKafkaRecordMetadata<String> kafka = OutgoingKafkaRecordMetadata.<String>builder()
                .withTopic(row.getString("topic"))
                .withKey(row.getString("event_key"))
                .build();
        // The producer span continues the trace of the change that wrote the row, not the relay round's.
        TracingMetadata trace = TracingMetadata.withCurrent(TraceContext.parent(row.getString("traceparent")));
        return Message.of(row.getString("payload")).addMetadata(cloudEvent).addMetadata(kafka).addMetadata(trace);
    }
}
