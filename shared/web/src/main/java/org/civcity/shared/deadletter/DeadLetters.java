package org.civcity.shared.deadletter;

import io.quarkus.logging.Log;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.civcity.contracts.Districts;
import org.civcity.contracts.KafkaAccess;
import org.civcity.contracts.Topics;
import org.civcity.shared.district.ServedDistricts;
import org.civcity.shared.messaging.KafkaClients;
import org.civcity.shared.messaging.MessagingConfig;
import org.civcity.shared.problem.ProblemException;

/**
 * This service's dead letters: read from its dead-letter topic, and replayed one by one to this service's replay topic
 * of the topic they came from, which the same consumer reads (same key, value and CloudEvents headers, so the same
 * event id; the original topic belongs to another service and may not be written by this one), each replay recorded
 * with who and when, once.
 */
@ApplicationScoped
public class DeadLetters {

    private static final Pattern ID = Pattern.compile("(\\d{1,5})-(\\d{1,19})");
    private static final int MAX_DATA = 10_000;
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(10);
    /** How far back in each partition a district's letters are looked for, so others' do not hide them. */
    static final int SCANNED = 500;

    private final MessagingConfig config;
    private final Map<String, Object> broker;
    private final Pool pool;
    private final String topic;
    private KafkaProducer<String, String> producer;

    public DeadLetters(MessagingConfig config, @Identifier("default-kafka-broker") Map<String, Object> broker,
            Pool pool) {
        this.config = config;
        this.broker = broker;
        this.pool = pool;
        this.topic = Topics.deadLetter(config.serviceName());
    }

    /**
     * The newest {@code limit} dead letters {@code district}'s staff see, newest first, with their replays; looked for
     * among the newest {@link #SCANNED} letters of each partition, whichever districts they are of.
     */
    public Uni<List<DeadLetter>> newest(int limit, String district) {
        return Uni.createFrom().item(() -> read(SCANNED).stream().filter(d -> d.visibleTo(district)).limit(limit)
                        .toList())
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                // Only the replays of the letters shown: the table grows with every replay ever made.
                .chain(letters -> pool.preparedQuery("SELECT dead_letter, replayed_by, replayed_at, topic"
                                + " FROM dead_letter_replay WHERE dead_letter = ANY($1)")
                        .execute(Tuple.of(letters.stream().map(DeadLetter::id).toArray(String[]::new)))
                        .map(rows -> {
                            Map<String, Row> replays = new HashMap<>();
                            rows.forEach(row -> replays.put(row.getString(0), row));
                            return letters.stream().map(d -> {
                                Row r = replays.get(d.id());
                                return r == null ? d : d.replayed(r.getString(1),
                                        r.getOffsetDateTime(2).toInstant(), r.getString(3));
                            }).toList();
                        }));
    }

    /**
     * Sends dead letter {@code id} ("partition-offset") back to its consumer and records the replay; a second
     * replay of the same dead letter is a 409 (if it fails again, it is a new dead letter, replayable in turn). A
     * letter {@code district}'s staff do not see is not found.
     */
    public Uni<DeadLetter> replay(String id, String by, String district) {
        Matcher m = ID.matcher(id);
        if (!m.matches()) {
            return Uni.createFrom().failure(new ProblemException(400, "Bad Request",
                    "A dead letter's id is its partition and offset, e.g. 3-1042"));
        }
        int partition = Integer.parseInt(m.group(1));
        long offset = Long.parseLong(m.group(2));
        return Uni.createFrom().item(() -> readOne(partition, offset))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .onItem().ifNull().failWith(() -> ProblemException.notFound("Dead letter " + id))
                .chain(record -> {
                    DeadLetter letter = view(record);
                    if (!letter.visibleTo(district)) {
                        return Uni.createFrom().failure(ProblemException.notFound("Dead letter " + id));
                    }
                    if (letter.topic() == null) {
                        return Uni.createFrom().failure(new ProblemException(409, "Conflict", "Dead letter " + id
                                + " does not say which topic it came from"));
                    }
                    String origin = Topics.origin(letter.topic());
                    if (!KafkaAccess.consumes(config.serviceName()).contains(origin)) {
                        return Uni.createFrom().failure(new ProblemException(409, "Conflict", "Dead letter " + id
                                + " came from " + letter.topic() + ", which no consumer of this service reads"));
                    }
                    String to = Topics.replay(origin, config.serviceName());
                    Instant at = Instant.now();
                    String insert = "INSERT INTO dead_letter_replay (dead_letter, topic, event_id, replayed_by,"
                            + " replayed_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING";
                    return pool.withTransaction(conn -> conn.preparedQuery(insert)
                            .execute(Tuple.of(id, to, letter.eventId(), by, at.atOffset(ZoneOffset.UTC)))
                            .chain(rows -> rows.rowCount() == 0
                                    ? Uni.createFrom().failure(new ProblemException(409, "Conflict",
                                            "Dead letter " + id + " was replayed already"))
                                    // Sent before the replay is committed: a failed send records nothing.
                                    : send(record, to, id, by)))
                            .replaceWith(() -> letter.replayed(by, at, to))
                            .invoke(() -> Log.infof("Dead letter %s (%s %s) replayed to %s by %s", id, letter.type(),
                                    letter.eventId(), to, by));
                });
    }

    private Uni<Void> send(ConsumerRecord<String, String> record, String to, String id, String by) {
        ProducerRecord<String, String> again = new ProducerRecord<>(to, record.key(), record.value());
        for (Header h : record.headers()) {
            if (!h.key().startsWith("dead-letter-")) {
                again.headers().add(h);
            }
        }
        again.headers().add("civcity-replayed-from", (topic + "/" + id).getBytes(StandardCharsets.UTF_8));
        again.headers().add("civcity-replayed-by", by.getBytes(StandardCharsets.UTF_8));
        return Uni.createFrom().<Void>emitter(em -> producer().send(again, (metadata, e) -> {
            if (e != null) {
                em.fail(new ProblemException(503, "Service Unavailable", "The broker did not take the replay: "
                        + e.getMessage()));
            } else {
                em.complete(null);
            }
        }));
    }

    private synchronized KafkaProducer<String, String> producer() {
        if (producer == null) {
            producer = new KafkaProducer<>(KafkaClients.settings(broker, Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers(),
                    ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true",
                    ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000, ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 20_000,
                    ProducerConfig.CLIENT_ID_CONFIG, config.serviceName() + "-dead-letter-replay")),
                    new StringSerializer(), new StringSerializer());
        }
        return producer;
    }

    @PreDestroy
    synchronized void close() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
    }

    private KafkaConsumer<String, String> consumer() {
        return new KafkaConsumer<>(KafkaClients.settings(broker, Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
                ConsumerConfig.CLIENT_ID_CONFIG, config.serviceName() + "-dead-letter-reader")),
                new StringDeserializer(), new StringDeserializer());
    }

    /** At most {@code limit} from the end of each partition, newest first. */
    private List<DeadLetter> read(int limit) {
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = consumer()) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, READ_TIMEOUT).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions, READ_TIMEOUT);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, READ_TIMEOUT);
            partitions.forEach(p -> consumer.seek(p, Math.max(begin.get(p), end.get(p) - limit)));
            long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))
                    && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (r.offset() < end.get(new TopicPartition(topic, r.partition()))) {
                        records.add(r);
                    }
                });
            }
        }
        return records.stream().sorted(Comparator.comparingLong(ConsumerRecord<String, String>::timestamp).reversed())
                .map(DeadLetters::view).toList();
    }

    private ConsumerRecord<String, String> readOne(int partition, long offset) {
        try (KafkaConsumer<String, String> consumer = consumer()) {
            TopicPartition p = new TopicPartition(topic, partition);
            if (consumer.partitionsFor(topic, READ_TIMEOUT).stream().noneMatch(i -> i.partition() == partition)) {
                return null;
            }
            consumer.assign(List.of(p));
            long begin = consumer.beginningOffsets(List.of(p), READ_TIMEOUT).get(p);
            long end = consumer.endOffsets(List.of(p), READ_TIMEOUT).get(p);
            if (offset < begin || offset >= end) {
                return null;
            }
            consumer.seek(p, offset);
            long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.offset() == offset) {
                        return r;
                    }
                }
            }
            throw new ProblemException(503, "Service Unavailable", "The broker did not return dead letter "
                    + partition + "-" + offset + " in time");
        }
    }

    private static DeadLetter view(ConsumerRecord<String, String> r) {
        String partition = header(r, "dead-letter-partition");
        String offset = header(r, "dead-letter-offset");
        String district = header(r, "ce_" + Districts.EXTENSION);
        String data = r.value() == null || r.value().length() <= MAX_DATA ? r.value()
                : r.value().substring(0, MAX_DATA);
        return new DeadLetter(r.partition() + "-" + r.offset(), header(r, "dead-letter-topic"),
                partition == null ? null : Integer.valueOf(partition), offset == null ? null : Long.valueOf(offset),
                header(r, "ce_id"), header(r, "ce_type"), r.key(), district == null ? ServedDistricts.home() : district,
                Instant.ofEpochMilli(r.timestamp()),
                header(r, "dead-letter-reason"), header(r, "dead-letter-cause"), data, null, null, null);
    }

    private static String header(ConsumerRecord<String, String> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
