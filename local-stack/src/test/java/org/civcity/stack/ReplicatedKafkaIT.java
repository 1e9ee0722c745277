package org.civcity.stack;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.config.ConfigResource;
import org.civcity.contracts.KafkaAccess;
import org.civcity.contracts.Topics;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue #24 point 3: three KRaft brokers (each also a controller), every topic with replication factor 3 and
 * min.insync.replicas 2, the outbox producers with acks=all and idempotence. The broker leading most of the findings'
 * and cases' partitions is killed with SIGKILL in the middle of the load: the intake accepts every finding, every
 * one is assigned and alerted exactly once, and the broker, back, catches up until every partition is fully in sync.
 * (The assertions on ordered delivery under faults are ChaosIT's; this one is about the replicated cluster.)
 */
class ReplicatedKafkaIT {

    private static final int FINDINGS = 300;
    private static final int RATE = 15;
    private static final String REPORTER = "leaders-app";
    private static final String RUN = Long.toString(System.currentTimeMillis(), 36);
    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([0-9a-f-]{36})\"");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** Intake answers by status (0: no answer, a cut connection or a timeout). */
    private static final Map<Integer, AtomicInteger> answers = new ConcurrentHashMap<>();
    private static TestStack env;
    private static LocalStack stack;

    @BeforeAll
    static void startStack() throws Exception {
        env = TestStack.start("local-stack", "replicated", 1, options -> options.withKafkaBrokers(3));
        stack = env.stack();
    }

    @AfterAll
    static void stopStack() {
        if (env != null) {
            env.close();
        }
    }

    @Test
    void aBrokerKilledUnderLoadLosesAndDoublesNothingAndCatchesUp() throws Exception {
        int victim;
        try (Admin admin = admin()) {
            Map<String, TopicDescription> topics = admin.describeTopics(KafkaAccess.TOPICS).allTopicNames()
                    .get(30, TimeUnit.SECONDS);
            for (TopicDescription topic : topics.values()) {
                for (TopicPartitionInfo partition : topic.partitions()) {
                    assertEquals(3, partition.replicas().size(), topic.name() + " partition " + partition.partition());
                }
            }
            ConfigResource findings = new ConfigResource(ConfigResource.Type.TOPIC, Topics.FINDINGS);
            assertEquals("2", admin.describeConfigs(List.of(findings)).all().get(30, TimeUnit.SECONDS)
                    .get(findings).get("min.insync.replicas").value());
            // The broker leading most partitions of the intake's and the dispatch's topics: its loss moves the
            // relay's and the consumers' leaders at once.
            Map<Integer, Integer> led = new HashMap<>();
            for (String topic : List.of(Topics.FINDINGS, Topics.CASES)) {
                topics.get(topic).partitions().forEach(p -> led.merge(p.leader().id(), 1, Integer::sum));
            }
            victim = led.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
        }

        Map<Integer, String> ids = new ConcurrentHashMap<>();
        ExecutorService posters = Executors.newFixedThreadPool(8);
        long start = System.nanoTime();
        List<Future<?>> posting = new ArrayList<>();
        for (int i = 0; i < FINDINGS; i++) {
            int index = i;
            long due = start + TimeUnit.MILLISECONDS.toNanos(index * 1000L / RATE);
            posting.add(posters.submit(() -> {
                TimeUnit.NANOSECONDS.sleep(Math.max(0, due - System.nanoTime()));
                ids.put(index, post("REPLICATED-" + RUN + "-" + index, index));
                return null;
            }));
        }
        await().atMost(Duration.ofMinutes(1)).until(() -> posted(ids, FINDINGS / 4, posting));
        assertEquals(0, underReplicated(), "partitions out of sync before the kill");
        stack.killBroker(victim);
        log("killed broker %d with SIGKILL after %d findings", victim, ids.size());
        // The controller fences the lost broker and takes it out of every in-sync replica set; the cluster goes on
        // with two copies of each partition.
        await().atMost(Duration.ofMinutes(1)).until(() -> inSyncOn(victim) == 0);
        log("broker %d out of every in-sync set (%d partitions under-replicated); %d findings posted", victim,
                underReplicated(), ids.size());
        await().atMost(Duration.ofMinutes(1)).until(() -> posted(ids, 3 * FINDINGS / 4, posting));
        Instant back = Instant.now();
        stack.startBroker(victim);
        log("broker %d back after %d findings", victim, ids.size());
        // Back in sync: every partition of every topic has its three replicas in sync again, under the load.
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500)).until(() -> underReplicated() == 0);
        log("every partition in sync %.1f s after broker %d was started again",
                Duration.between(back, Instant.now()).toMillis() / 1000.0, victim);
        for (Future<?> f : posting) {
            f.get(5, TimeUnit.MINUTES);
        }
        posters.shutdown();

        List<UUID> findings = ids.values().stream().map(UUID::fromString).toList();
        assertEquals(FINDINGS, new HashSet<>(findings).size(), "every posted finding has its own id");
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1)).until(() ->
                env.count("assignment", "SELECT count(*) FROM rectification_case WHERE finding_id = ANY(?)", findings)
                        == FINDINGS && env.count("notification", "SELECT count(DISTINCT finding_id) FROM delivery"
                        + " WHERE finding_id = ANY(?) AND event_type = 'finding.assigned' AND status = 'DELIVERED'",
                        findings) == FINDINGS);
        assertNothingLostNothingDoubled(findings);
        log("intake answers %s", answers);
    }

    private static void assertNothingLostNothingDoubled(List<UUID> findings) throws Exception {
        int n = findings.size();
        assertEquals(n, env.count("findings", "SELECT count(*) FROM finding WHERE id = ANY(?)", findings),
                "findings stored");
        assertEquals(n, env.count("assignment", "SELECT count(*) FROM rectification_case WHERE finding_id = ANY(?)"
                + " AND generation = 1", findings), "cases");
        assertEquals(n, env.count("assignment", "SELECT count(*) FROM case_history WHERE finding_id = ANY(?)"
                + " AND action = 'DISPATCHED'", findings), "dispatches recorded");
        // One finding.assigned event per finding (a copy republished after a lost acknowledgement keeps its id).
        Set<UUID> wanted = new HashSet<>(findings);
        Map<UUID, Set<String>> assigned = new HashMap<>();
        env.readTopic(Topics.CASES, rec -> {
            UUID finding = UUID.fromString(rec.key());
            if (wanted.contains(finding) && "finding.assigned".equals(TestStack.header(rec, "ce_type"))) {
                assigned.computeIfAbsent(finding, k -> new HashSet<>()).add(TestStack.header(rec, "ce_id"));
            }
        });
        assertEquals(n, assigned.size(), "findings with a finding.assigned event");
        assertTrue(assigned.values().stream().allMatch(s -> s.size() == 1), "a finding assigned twice");
        // Each dispatch alert queued once per recipient and delivered; the endpoint saw each of them.
        Map<UUID, Integer> alerts = new HashMap<>();
        Set<String> dedupIds = new HashSet<>();
        env.query("notification", "SELECT finding_id, dedup_id, status FROM delivery WHERE finding_id = ANY(?)"
                + " AND event_type = 'finding.assigned' AND channel = 'WEBHOOK'", findings, rs -> {
                    alerts.merge(rs.getObject(1, UUID.class), 1, Integer::sum);
                    assertTrue(dedupIds.add(rs.getString(2)), "an alert queued twice: " + rs.getString(2));
                    assertEquals("DELIVERED", rs.getString(3));
                });
        assertEquals(n, alerts.size(), "findings alerted");
        assertEquals(1, new HashSet<>(alerts.values()).size(), "every finding alerted to as many recipients: "
                + new HashSet<>(alerts.values()));
        Set<String> received = new HashSet<>();
        env.receiver().received().forEach(r -> received.add(r.deliveryId()));
        assertTrue(received.containsAll(dedupIds), "alerts delivered but not received");
    }

    /** Whether {@code n} findings are in; a POST that failed fails the test at once. */
    private static boolean posted(Map<Integer, String> ids, int n, List<Future<?>> posting) throws Exception {
        for (Future<?> f : posting) {
            if (f.isDone()) {
                f.get();
            }
        }
        return ids.size() >= n;
    }

    /** Partitions of the system's topics with fewer than three replicas in sync. */
    private static long underReplicated() throws Exception {
        try (Admin admin = admin()) {
            return admin.describeTopics(KafkaAccess.TOPICS).allTopicNames().get(30, TimeUnit.SECONDS).values()
                    .stream().flatMap(t -> t.partitions().stream()).filter(p -> p.isr().size() < 3).count();
        }
    }

    /** Partitions of the system's topics whose in-sync replicas include broker {@code node}. */
    private static long inSyncOn(int node) throws Exception {
        try (Admin admin = admin()) {
            return admin.describeTopics(KafkaAccess.TOPICS).allTopicNames().get(30, TimeUnit.SECONDS).values()
                    .stream().flatMap(t -> t.partitions().stream())
                    .filter(p -> p.isr().stream().anyMatch(n -> n.id() == node)).count();
        }
    }

    private static Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrap(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                20_000));
    }

    /** Posts one finding; retries a refused connection, a 503 or a 409 with the same idempotency key. */
    private static String post(String reference, int site) throws Exception {
        String key = UUID.nameUUIDFromBytes(reference.getBytes()).toString();
        String body = """
                {"source": "UNANNOUNCED_INSPECTION", "sourceSystem": "%s", "sourceReference": "%s",
                 "siteType": "FARMERS_MARKET", "siteName": "Replicated market %d",
                 "category": "SANITATION", "severity": "MEDIUM",
                 "description": "Stalls spill onto the walkway; rubbish left by the east gate",
                 "observedAt": "%s", "latitude": %.4f, "longitude": %.4f}
                """.formatted(REPORTER, reference, site, Instant.now().minus(1, ChronoUnit.HOURS),
                31.0 + (site / 100) * 0.003, 121.0 + (site % 100) * 0.003);
        String[] id = {null};
        await().atMost(Duration.ofMinutes(2)).pollInSameThread().pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(250)).until(() -> (id[0] = tryPost(key, body)) != null);
        return id[0];
    }

    /** One POST: the stored finding's id on 201, null on a refused connection, a 503 or a 409. */
    private static String tryPost(String key, String body) throws InterruptedException {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                            URI.create(stack.url("findings-service") + "/api/v1/findings"))
                    .timeout(Duration.ofSeconds(15))
                    .header("Authorization", "Bearer " + env.tokens().client(REPORTER))
                    .header("Idempotency-Key", key).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
            answers.computeIfAbsent(response.statusCode(), s -> new AtomicInteger()).incrementAndGet();
            if (response.statusCode() == 201) {
                Matcher id = ID.matcher(response.body());
                assertTrue(id.find(), response.body());
                return id.group(1);
            }
            // The intake writes to its database only (the outbox): a broker's loss refuses nothing. A 503 (the
            // machine's two cores saturated) or a 409 (the same key still in flight after a timeout) is tried again
            // with the same key; anything else is a failure.
            assertTrue(response.statusCode() == 503 || response.statusCode() == 409, response.statusCode() + ": "
                    + response.body());
        } catch (java.io.IOException e) {
            answers.computeIfAbsent(0, s -> new AtomicInteger()).incrementAndGet();
        }
        return null;
    }

    private static void log(String format, Object... args) {
        System.out.printf("[replicated] " + format + "%n", args);
    }
}
