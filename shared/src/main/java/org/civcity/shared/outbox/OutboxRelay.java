package org.civcity.shared.outbox;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.ce.OutgoingCloudEventMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.civcity.shared.messaging.Poller;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Publishes committed outbox rows to Kafka as CloudEvents and deletes them once the broker acknowledged them.
 *
 * <p>One relay at a time per service (transaction-scoped advisory lock), so events leave in commit order even with
 * several replicas; a crash between ack and delete republishes, which idempotent consumers absorb.
 */
@ApplicationScoped
public class OutboxRelay {

    /** Channel every service configures for the relay; the topic comes from each row. */
    public static final String CHANNEL = "outbox";

    private static final long ADVISORY_LOCK_KEY = 0x6f7574626f78L; // "outbox"

    private final Pool pool;
    private final MutinyEmitter<String> emitter;
    private final OutboxConfig config;
    private final URI source;
    private final Counter published;
    private final Vertx vertx;
    private Poller poller;

    public OutboxRelay(Pool pool, @Channel(CHANNEL) MutinyEmitter<String> emitter, OutboxConfig config,
            MeterRegistry registry, Vertx vertx) {
        this.pool = pool;
        this.vertx = vertx;
        this.emitter = emitter;
        this.config = config;
        this.source = URI.create(config.source());
        this.published = registry.counter("civcity.outbox.published");
    }

    void start(@Observes StartupEvent event) {
        poller = Poller.start(vertx, "Outbox relay", config.pollInterval(), this::relayAll);
    }

    void stop(@Observes ShutdownEvent event) {
        if (poller != null) {
            poller.stop();
        }
    }

    /** Publishes batches until the outbox is empty or another replica holds the relay. */
    public Uni<Integer> relayAll() {
        return relayBatch().chain(count -> count >= config.batchSize()
                ? relayAll().map(more -> count + more)
                : Uni.createFrom().item(count));
    }

    private Uni<Integer> relayBatch() {
        return pool.withTransaction(conn -> conn.preparedQuery("SELECT pg_try_advisory_xact_lock($1)")
                .execute(Tuple.of(ADVISORY_LOCK_KEY))
                .chain(lock -> lock.iterator().next().getBoolean(0)
                        ? claimAndPublish(conn)
                        : Uni.createFrom().item(0)));
    }

    private Uni<Integer> claimAndPublish(SqlConnection conn) {
        return conn.preparedQuery("SELECT position, event_id, topic, type, event_key, subject, payload, occurred_at"
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
        OutgoingCloudEventMetadata<Object> cloudEvent = OutgoingCloudEventMetadata.builder()
                .withId(eventId.toString())
                .withType(row.getString("type"))
                .withSource(source)
                .withSubject(row.getString("subject"))
                .withDataContentType("application/json")
                .withTimestamp(row.getOffsetDateTime("occurred_at").toZonedDateTime())
                .build();
        OutgoingKafkaRecordMetadata<String> kafka = OutgoingKafkaRecordMetadata.<String>builder()
                .withTopic(row.getString("topic"))
                .withKey(row.getString("event_key"))
                .build();
        return Message.of(row.getString("payload")).addMetadata(cloudEvent).addMetadata(kafka);
    }
}
