package org.civcity.stack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.civcity.standin.AlertReceiver;

/**
 * The packaged system for one test class: a stand-in alert endpoint, the stack (data in a fresh folder under the
 * module's target), and tokens from its Keycloak. Closing stops the stack, then the endpoint.
 */
public record TestStack(AlertReceiver receiver, LocalStack stack, RealmTokens tokens, Path dataDir)
        implements AutoCloseable {

    /** The repository root, from the build (civcity.root) or the module's folder. */
    public static Path root() {
        return Path.of(System.getProperty("civcity.root", "..")).toAbsolutePath().normalize();
    }

    /**
     * Starts {@code replicas} processes of every service with the options {@code configure} adds; the data folder is
     * {@code <module>/target/<name>-*}.
     */
    public static TestStack start(String module, String name, int replicas, UnaryOperator<StackOptions> configure)
            throws Exception {
        return start(root(), module, name, replicas, configure);
    }

    /**
     * The same with the packaged services of another checkout, e.g. an older commit's worktree a benchmark compares
     * with; the data folder stays under this checkout's module.
     */
    public static TestStack start(Path services, String module, String name, int replicas,
            UnaryOperator<StackOptions> configure) throws Exception {
        AlertReceiver receiver = AlertReceiver.start();
        try {
            Path data = Files.createTempDirectory(Files.createDirectories(root().resolve(module).resolve("target")),
                    name + "-");
            LocalStack stack = LocalStack.start(configure.apply(
                    StackOptions.forTest(services, data, receiver.url("/alerts"), replicas)));
            return new TestStack(receiver, stack, new RealmTokens(stack.keycloakRealmUrl()), data);
        } catch (Exception | Error e) {
            receiver.close();
            throw e;
        }
    }

    /** Reads a topic of the stack's broker from the beginning to its current end, every partition. */
    public void readTopic(String topic, Consumer<ConsumerRecord<String, String>> each) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrap(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false"))) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                consumer.poll(Duration.ofSeconds(1)).forEach(each);
            }
        }
    }

    /** A row of a query's result. */
    @FunctionalInterface
    public interface RowHandler {
        void row(java.sql.ResultSet rs) throws java.sql.SQLException;
    }

    /** Runs {@code sql} on one of the stack's databases with {@code ids} as its one parameter (a uuid array). */
    public void query(String database, String sql, java.util.Collection<java.util.UUID> ids, RowHandler handler)
            throws java.sql.SQLException {
        try (java.sql.Connection c = stack.connect(database); java.sql.PreparedStatement st = c.prepareStatement(sql)) {
            st.setArray(1, c.createArrayOf("uuid", ids.toArray()));
            try (java.sql.ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    handler.row(rs);
                }
            }
        }
    }

    /** The single number {@code sql} selects, with {@code ids} as its parameter. */
    public long count(String database, String sql, java.util.Collection<java.util.UUID> ids)
            throws java.sql.SQLException {
        long[] n = {0};
        query(database, sql, ids, rs -> n[0] = rs.getLong(1));
        return n[0];
    }

    /** A record's header as text, or null. */
    public static String header(ConsumerRecord<String, String> rec, String name) {
        org.apache.kafka.common.header.Header h = rec.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), java.nio.charset.StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        try {
            stack.close();
        } finally {
            receiver.close();
        }
    }
}
