package org.civcity.stack;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.civcity.standin.AlertReceiver;
import org.civcity.testsupport.Metrics;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * Faults under load on two replicas of every service: services killed with SIGKILL, the broker killed and restarted,
 * PostgreSQL restarted, and a long outage; afterwards the four databases, the topics and the alert endpoint must show
 * nothing lost and nothing doubled. System properties chaos.findings, chaos.rate, chaos.rounds and chaos.outage scale
 * it up for a soak (see docs/fault-suite.md).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ChaosIT {

    /** At least this many findings: posting goes on at {@link #RATE} until the last fault is over, if that is later. */
    private static final int FINDINGS = Integer.getInteger("chaos.findings", 1200);
    private static final int RATE = Integer.getInteger("chaos.rate", 5);
    private static final int ROUNDS = Integer.getInteger("chaos.rounds", 1);
    private static final Duration OUTAGE = Duration.parse(System.getProperty("chaos.outage", "PT90S"));
    private static final int OUTAGE_FINDINGS = Integer.getInteger("chaos.outage-findings", 200);
    private static final int REPLICAS = 2;
    /**
     * Load between one fault and the next. (Waiting instead for every replica's readiness probe to answer UP for 5 s
     * took 20-55 s a fault on 2 cores: while eight JVMs catch up, probes often take longer than 2 s to answer, and
     * after the broker or the database returns they report DOWN for a few seconds, as they should.)
     */
    private static final Duration LOADED_BETWEEN_FAULTS = Duration.ofSeconds(5);
    /** Every severity: rectify within 30 s; level 2 of the ladder 20 s later; levels 3 and 4 not within the test. */
    private static final Duration RECTIFY = Duration.ofSeconds(30);
    private static final Duration LEVEL_2 = Duration.ofSeconds(20);
    /** A level raised this long after it fell due is marked late (escalation.late-after). */
    private static final Duration LATE_AFTER = Duration.ofSeconds(30);
    /**
     * Services killed together: every replica of both at once, so each fault also takes down a consumer and a
     * producer of the same events, and the four restarts take two boots' time instead of four.
     */
    private static final List<List<String>> KILLED_TOGETHER = List.of(
            List.of("findings-service", "escalation-service"), List.of("assignment-service", "notification-service"));
    private static final String REPORTER = "leaders-app";
    private static final String RUN = Long.toString(System.currentTimeMillis(), 36);
    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([0-9a-f-]{36})\"");
    private static final Pattern LEVEL = Pattern.compile("\"level\"\\s*:\\s*(\\d+)");
    private static final Pattern LATE = Pattern.compile("\"late\"\\s*:\\s*(true|false)");
    private static final Pattern DUE_AT = Pattern.compile("\"dueAt\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern RAISED_AT = Pattern.compile("\"raisedAt\"\\s*:\\s*\"([^\"]+)\"");

    private static TestStack env;
    private static AlertReceiver receiver;
    private static LocalStack stack;
    private static RealmTokens tokens;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    /** Work each replica did, banked from its metrics before it is killed (a restart resets its counters). */
    private static final Map<String, Double> banked = new ConcurrentHashMap<>();
    /** Intake answers by status (and "io" for a refused or cut connection) while faults were injected. */
    private static final Map<String, AtomicInteger> answers = new ConcurrentHashMap<>();

    @BeforeAll
    static void startStack() throws Exception {
        Map<String, String> assignment = new LinkedHashMap<>();
        for (String severity : List.of("CRITICAL", "HIGH", "MEDIUM", "LOW")) {
            assignment.put("assignment.acknowledge-within." + severity, "PT1H");
            assignment.put("assignment.rectify-within." + severity, RECTIFY.toString());
        }
        assignment.put("assignment.policy-version", "chaos-1");
        // One party per level, so each level is one alert (the parties of the default ladder are tested elsewhere).
        Map<String, String> escalation = Map.of(
                "escalation.late-after", LATE_AFTER.toString(),
                "escalation.ladder[0].parties", "UNIT_HEAD@LEAD",
                "escalation.ladder[1].parties", "DISTRICT_LEADER_IN_CHARGE@LEAD",
                "escalation.ladder[1].delay", LEVEL_2.toString(),
                "escalation.ladder[2].delay", "PT1H",
                "escalation.ladder[3].delay", "PT2H");
        // Thousands of webhooks in a few minutes: the default 50/s would make the test wait on the rate limit.
        Map<String, String> notification = Map.of(
                "notification.channels.WEBHOOK.per-second", "1000",
                "notification.channels.WEBHOOK.burst", "1000");
        env = TestStack.start("local-stack", "chaos", REPLICAS, options -> options
                .withConfig("assignment-service", assignment).withConfig("escalation-service", escalation)
                .withConfig("notification-service", notification));
        receiver = env.receiver();
        stack = env.stack();
        tokens = env.tokens();
    }

    @AfterAll
    static void stopStack() {
        if (env != null) {
            env.close();
        }
    }

    @Test
    @Order(1)
    @Timeout(value = 24, unit = TimeUnit.HOURS) // bounded by its budget instead, which scales with the soak settings
    void killedServicesARestartedBrokerAndARestartedDatabaseLoseAndDoubleNothing() {
        Duration budget = Duration.ofMinutes(10 + 6L * ROUNDS).plusSeconds(FINDINGS / RATE);
        assertTimeoutPreemptively(budget, ChaosIT::faultsUnderLoad);
    }

    @Test
    @Order(2)
    @Timeout(value = 24, unit = TimeUnit.HOURS)
    void aLongOutageCatchesUpInOrder() {
        assertTimeoutPreemptively(OUTAGE.plusMinutes(15), ChaosIT::outage);
    }

    private static void faultsUnderLoad() throws Exception {
        ExecutorService posters = Executors.newFixedThreadPool(16);
        Map<Integer, String> ids = new ConcurrentHashMap<>();
        long start = System.nanoTime();
        List<Future<?>> posting = new ArrayList<>();
        AtomicInteger next = new AtomicInteger();
        // Every fault must hit a flowing load, however long the restarts take on the day's machine.
        AtomicBoolean faulting = new AtomicBoolean(true);
        for (int t = 0; t < 16; t++) {
            posting.add(posters.submit(() -> {
                for (int i = next.getAndIncrement(); i < FINDINGS || faulting.get(); i = next.getAndIncrement()) {
                    long due = start + TimeUnit.MILLISECONDS.toNanos(i * 1000L / RATE);
                    sleepNanos(due - System.nanoTime());
                    ids.put(i, post("CHAOS-" + RUN + "-" + i, i));
                }
                return null;
            }));
        }
        try {
            // Faults begin once the load is flowing: the first findings are in.
            await().atMost(Duration.ofMinutes(2)).until(() -> ids.size() >= RATE * 5);
            for (int round = 1; round <= ROUNDS; round++) {
                for (List<String> services : KILLED_TOGETHER) {
                    for (String service : services) {
                        for (int r = 0; r < REPLICAS; r++) {
                            bank(service, r);
                        }
                        stack.killAll(service);
                    }
                    log("round %d: killed every replica of %s with SIGKILL", round, services);
                    // Down for a while under load (clients retry, events wait): nothing answers in the meantime.
                    await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
                            .until(() -> services.stream().noneMatch(ChaosIT::anyReplicaReady));
                    stack.restartAll(services.toArray(String[]::new));
                    log("round %d: %s back", round, services);
                    loadedBetweenFaults(ids);
                }
                stack.restartKafka();
                log("round %d: broker killed with SIGKILL and back", round);
                loadedBetweenFaults(ids);
                stack.restartPostgres();
                log("round %d: PostgreSQL restarted", round);
                loadedBetweenFaults(ids);
            }
        } catch (Exception | AssertionError e) {
            // A failed fault ends the load too: posters left running would load the outage test that follows.
            posters.shutdownNow();
            throw e;
        } finally {
            faulting.set(false);
        }
        for (Future<?> f : posting) {
            f.get(20, TimeUnit.MINUTES);
        }
        posters.shutdown();
        assertTrue(ids.size() >= FINDINGS, "posted " + ids.size());
        log("posted %d findings in %d s; intake answers %s", ids.size(),
                Duration.ofNanos(System.nanoTime() - start).toSeconds(), answers);

        List<UUID> findings = ids.values().stream().map(UUID::fromString).toList();
        // Longer faults mean more findings to settle: about 0.25 s each at worst on 2 cores.
        awaitSettled(findings, Duration.ofMinutes(6).plusMillis(Math.max(0, findings.size() - FINDINGS) * 250L));
        for (int r = 0; r < REPLICAS; r++) {
            for (String service : LocalStack.SERVICES) {
                bank(service, r);
            }
        }
        assertEquals(ids.size(), new HashSet<>(findings).size(), "every posted finding has its own id");
        assertNothingLostNothingDoubled(findings);
        log("work per replica: %s", new TreeMap<>(banked));
        for (String service : LocalStack.SERVICES) {
            for (int r = 0; r < REPLICAS; r++) {
                assertTrue(banked.getOrDefault(LocalStack.instance(service, r), 0.0) > 0,
                        LocalStack.instance(service, r) + " did no work: " + banked);
            }
        }
        assertTrue(onlyExpectedAnswers(), "intake answers " + answers);
    }

    /**
     * Load on the restarted replicas before the next fault: the intake keeps answering only what a fault may cause
     * for the whole span, and accepts findings again within it or soon after.
     */
    private static void loadedBetweenFaults(Map<Integer, String> ids) {
        int accepted = ids.size();
        await().during(LOADED_BETWEEN_FAULTS).atMost(LOADED_BETWEEN_FAULTS.plusSeconds(5))
                .untilAsserted(() -> assertTrue(onlyExpectedAnswers(), "intake answers " + answers));
        await("a finding accepted after the fault").atMost(Duration.ofMinutes(2)).until(() -> ids.size() > accepted);
    }

    /** Only infrastructure refusals: a 500 would mean a failure we did not recognise as transient. */
    private static boolean onlyExpectedAnswers() {
        return answers.keySet().stream().allMatch(s -> s.equals("201") || s.equals("503") || s.equals("io")
                || s.equals("409"));
    }

    private static void outage() throws Exception {
        List<UUID> before = postAll("OUTAGE-A-" + RUN, OUTAGE_FINDINGS / 2, 100_000);
        awaitTimers(before);
        Instant down = Instant.now();
        stack.killAll("escalation-service");
        stack.killAll("notification-service");
        log("escalation-service and notification-service down for %s", OUTAGE);
        List<UUID> during = postAll("OUTAGE-B-" + RUN, OUTAGE_FINDINGS - OUTAGE_FINDINGS / 2, 200_000);
        List<UUID> all = new ArrayList<>(before);
        all.addAll(during);
        await().atMost(Duration.ofMinutes(2)).until(() -> count("assignment",
                "SELECT count(*) FROM rectification_case WHERE finding_id = ANY(?)", all) == all.size());
        sleepNanos(Duration.between(Instant.now(), down.plus(OUTAGE)).toNanos());
        assertEquals(0, count("escalation", "SELECT count(*) FROM accountability_record WHERE finding_id = ANY(?)",
                all), "escalated while the escalation-service was down");
        stack.restartAll("escalation-service", "notification-service");
        Instant escalationBack = Instant.now();
        Instant notificationBack = escalationBack;
        log("both back after %d s", Duration.between(down, notificationBack).toSeconds());

        awaitSettled(all, Duration.ofMinutes(5));
        log("ledger complete %d s after escalation-service returned, last alert delivered %d s after"
                + " notification-service returned", Duration.between(escalationBack, last("escalation",
                        "SELECT max(recorded_at) FROM accountability_record WHERE finding_id = ANY(?)", all))
                        .toSeconds(), Duration.between(notificationBack, last("notification",
                        "SELECT max(delivered_at) FROM delivery WHERE finding_id = ANY(?)", all)).toSeconds());
        assertNothingLostNothingDoubled(all);
        // In order: per finding, level 1 is chained before level 2, announced before it on the finding's partition
        // and queued for delivery before it, and both are marked late. (Dispatch and escalation alerts come from
        // two topics, which have no order between them.)
        Map<UUID, List<Integer>> ledgerOrder = new HashMap<>();
        query("escalation", "SELECT finding_id, level FROM accountability_record WHERE finding_id = ANY(?)"
                + " ORDER BY sequence", all, rs -> ledgerOrder.computeIfAbsent(rs.getObject(1, UUID.class),
                        k -> new ArrayList<>()).add(rs.getInt(2)));
        Map<UUID, List<Integer>> topicOrder = new HashMap<>();
        Set<UUID> wanted = new HashSet<>(all);
        int[] lateMarks = {0, 0, 0};
        readTopic("civcity.escalations", rec -> {
            UUID finding = UUID.fromString(rec.key());
            if (wanted.contains(finding) && "escalation.raised".equals(header(rec, "ce_type"))) {
                topicOrder.computeIfAbsent(finding, k -> new ArrayList<>()).add(level(rec.value()));
                boolean late = field(LATE, rec.value()).equals("true");
                Duration behind = Duration.between(Instant.parse(field(DUE_AT, rec.value())),
                        Instant.parse(field(RAISED_AT, rec.value())));
                // The scanner marks a level late when it is raised more than escalation.late-after after it fell
                // due: every level that fell due in the outage.
                lateMarks[behind.compareTo(LATE_AFTER) > 0 == late ? 0 : 1]++;
                lateMarks[2] += late ? 1 : 0;
            }
        });
        Map<UUID, List<Integer>> alertOrder = new HashMap<>();
        query("notification", "SELECT finding_id, payload FROM delivery WHERE finding_id = ANY(?)"
                + " AND event_type = 'escalation.raised' ORDER BY created_at, id", all,
                rs -> alertOrder.computeIfAbsent(rs.getObject(1, UUID.class), k -> new ArrayList<>())
                        .add(level(rs.getString(2))));
        for (UUID finding : all) {
            assertEquals(List.of(1, 2), ledgerOrder.get(finding), "ledger order of " + finding);
            assertEquals(List.of(1, 2), topicOrder.get(finding).stream().distinct().toList(),
                    "escalations of " + finding + " on their partition");
            assertEquals(List.of(1, 2), alertOrder.get(finding), "escalation alerts of " + finding);
        }
        assertEquals(0, lateMarks[1], "escalations whose late mark contradicts their lag");
        // Every level falls due within about 50 s of its dispatch (30 s to rectify, level 2 20 s later), and the
        // findings are dispatched in the first seconds of the outage: 90 s down plus the boot put even the last level
        // well past late-after.
        if (OUTAGE.compareTo(Duration.ofSeconds(90)) >= 0) {
            assertEquals(2 * all.size(), lateMarks[2], "escalations raised after the outage marked late");
        }
    }

    private static boolean anyReplicaReady(String service) {
        for (int r = 0; r < REPLICAS; r++) {
            if (ready(service, r)) {
                return true;
            }
        }
        return false;
    }

    /** The replica's readiness probe (the one Kubernetes uses) answers 200. */
    private static boolean ready(String service, int replica) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(stack.managementUrl(service, replica)
                    + "/q/health/ready")).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (java.io.IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Posts {@code n} findings at once on 8 threads; each retries through faults with its idempotency key. */
    private static List<UUID> postAll(String prefix, int n, int siteOffset) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<String>> posted = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int index = i;
                posted.add(pool.submit(() -> post(prefix + "-" + index, siteOffset + index)));
            }
            List<UUID> ids = new ArrayList<>();
            for (Future<String> f : posted) {
                ids.add(UUID.fromString(f.get(10, TimeUnit.MINUTES)));
            }
            return ids;
        } finally {
            pool.shutdown();
        }
    }

    /**
     * Posts one finding as a government system would: on a refused connection, a 503 or a 409 (same key in flight)
     * it tries again with the same idempotency key, on the other replica; the stored finding's id is returned.
     */
    private static String post(String reference, int site) throws InterruptedException {
        String key = UUID.nameUUIDFromBytes(reference.getBytes()).toString();
        String body = """
                {"source": "UNANNOUNCED_INSPECTION", "sourceSystem": "%s", "sourceReference": "%s",
                 "siteType": "RESIDENTIAL_COMPOUND", "siteName": "Chaos site %d",
                 "category": "SANITATION", "severity": "HIGH",
                 "description": "Construction waste piled at the entrance",
                 "observedAt": "%s", "latitude": %.4f, "longitude": %.4f}
                """.formatted(REPORTER, reference, site, Instant.now().minus(1, ChronoUnit.HOURS),
                30.0 + (site / 100) * 0.003, 120.0 + (site % 100) * 0.003);
        int[] attempt = {0};
        String[] id = {null};
        // Every 250 ms, on the other replica each time, until the intake answers 201 (or anything but 503/409).
        await().atMost(Duration.ofMinutes(10)).pollInSameThread().pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(250))
                .until(() -> (id[0] = tryPost(stack.url("findings-service", (site + attempt[0]++) % REPLICAS), key,
                        body)) != null);
        return id[0];
    }

    /** One POST: the stored finding's id on 201, null on a refused connection, a 503 or a 409. */
    private static String tryPost(String base, String key, String body) throws InterruptedException {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/findings"))
                    .timeout(Duration.ofSeconds(15))
                    .header("Authorization", "Bearer " + tokens.client(REPORTER))
                    .header("Idempotency-Key", key).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
            String status = Integer.toString(response.statusCode());
            answers.computeIfAbsent(status, s -> new AtomicInteger()).incrementAndGet();
            if (response.statusCode() == 201) {
                Matcher id = ID.matcher(response.body());
                assertTrue(id.find(), response.body());
                return id.group(1);
            }
            if (response.statusCode() != 503 && response.statusCode() != 409) {
                throw new AssertionError("intake answered " + status + ": " + response.body());
            }
        } catch (java.io.IOException e) {
            answers.computeIfAbsent("io", s -> new AtomicInteger()).incrementAndGet();
        }
        return null;
    }

    /** Waits until every finding's due levels are in the ledger and every alert about it has been delivered. */
    private static void awaitSettled(List<UUID> findings, Duration atMost) {
        await().atMost(atMost).pollInterval(Duration.ofSeconds(2)).until(() -> {
            long records = count("escalation",
                    "SELECT count(*) FROM accountability_record WHERE finding_id = ANY(?)", findings);
            long open = count("notification", "SELECT count(*) FROM delivery WHERE finding_id = ANY(?)"
                    + " AND status <> 'DELIVERED'", findings);
            long escalationAlerts = count("notification", "SELECT count(*) FROM delivery WHERE finding_id = ANY(?)"
                    + " AND event_type = 'escalation.raised'", findings);
            log("settling: %d of %d ledger records, %d of %d escalation alerts queued, %d deliveries open",
                    records, 2L * findings.size(), escalationAlerts, 2L * findings.size(), open);
            return records >= 2L * findings.size() && escalationAlerts >= 2L * findings.size() && open == 0;
        });
    }

    /** Escalation-service has the finding's timers: its dispatch was consumed before the outage starts. */
    private static void awaitTimers(List<UUID> findings) {
        await().atMost(Duration.ofMinutes(2)).until(() -> count("escalation",
                "SELECT count(DISTINCT finding_id) FROM deadline_timer WHERE finding_id = ANY(?)", findings)
                == findings.size());
    }

    /** The invariants of issue #10, read straight from the four databases, the topics and the alert endpoint. */
    private static void assertNothingLostNothingDoubled(List<UUID> findings) throws Exception {
        int n = findings.size();
        // Every finding stored once, none taken for a duplicate of another.
        assertEquals(n, count("findings", "SELECT count(*) FROM finding WHERE id = ANY(?)", findings),
                "findings stored");
        assertEquals(0, count("findings", "SELECT count(*) FROM finding WHERE id = ANY(?) AND duplicate_of IS NOT"
                + " NULL", findings), "findings linked as duplicates");
        // Every case assigned once: one case, one dispatch in its history, one finding.assigned event id.
        assertEquals(n, count("assignment", "SELECT count(*) FROM rectification_case WHERE finding_id = ANY(?)"
                + " AND generation = 1", findings), "cases");
        assertEquals(n, count("assignment", "SELECT count(*) FROM case_history WHERE finding_id = ANY(?)"
                + " AND action = 'DISPATCHED'", findings), "dispatches recorded");
        Set<UUID> wanted = new HashSet<>(findings);
        Map<UUID, Set<String>> assigned = new HashMap<>();
        Map<String, Set<String>> raised = new HashMap<>();
        int[] copies = {0, 0};
        readTopic("civcity.cases", rec -> {
            UUID finding = UUID.fromString(rec.key());
            if (wanted.contains(finding) && "finding.assigned".equals(header(rec, "ce_type"))) {
                copies[0]++;
                assigned.computeIfAbsent(finding, k -> new HashSet<>()).add(header(rec, "ce_id"));
            }
        });
        readTopic("civcity.escalations", rec -> {
            UUID finding = UUID.fromString(rec.key());
            if (wanted.contains(finding) && "escalation.raised".equals(header(rec, "ce_type"))) {
                copies[1]++;
                raised.computeIfAbsent(finding + "/" + level(rec.value()), k -> new HashSet<>())
                        .add(header(rec, "ce_id"));
            }
        });
        assertEquals(n, assigned.size(), "findings with a finding.assigned event");
        assertTrue(assigned.values().stream().allMatch(s -> s.size() == 1), "a finding assigned twice");
        // Every due level raised exactly once: both levels are due, no timer due long ago is still pending.
        assertEquals(2 * n, raised.size(), "escalation levels announced");
        assertTrue(raised.values().stream().allMatch(s -> s.size() == 1), "a level raised twice");
        assertEquals(0, count("escalation", "SELECT count(*) FROM deadline_timer WHERE finding_id = ANY(?)"
                + " AND status = 'PENDING' AND due_at < now() - interval '10 seconds'", findings), "overdue timers");
        // One accountability record per escalation, and the chain verifies.
        assertEquals(2 * n, count("escalation", "SELECT count(*) FROM accountability_record WHERE finding_id = ANY(?)",
                findings), "ledger records");
        assertEquals(2 * n, count("escalation", "SELECT count(DISTINCT (finding_id, generation, level))"
                + " FROM accountability_record WHERE finding_id = ANY(?)", findings), "ledger records per level");
        String verification = HTTP.send(HttpRequest.newBuilder(URI.create(stack.url("escalation-service")
                        + "/api/v1/accountability-records/verification"))
                .header("Authorization", "Bearer " + tokens.user("supervisor")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        assertTrue(verification.contains("\"valid\":true"), verification);
        // Every alert delivered at least once, and counted once per dedup id at the receiver.
        assertEquals(0, count("notification", "SELECT count(*) FROM delivery WHERE finding_id = ANY(?)"
                + " AND status <> 'DELIVERED'", findings), "deliveries not delivered");
        assertEquals(2 * n, count("notification", "SELECT count(*) FROM delivery WHERE finding_id = ANY(?)"
                + " AND event_type = 'escalation.raised'", findings), "escalation alerts");
        Set<String> dedupIds = new HashSet<>();
        query("notification", "SELECT dedup_id FROM delivery WHERE finding_id = ANY(?) AND channel = 'WEBHOOK'",
                findings, rs -> dedupIds.add(rs.getString(1)));
        Map<String, Integer> receipts = new HashMap<>();
        for (AlertReceiver.Received r : receiver.received()) {
            if (dedupIds.contains(r.deliveryId())) {
                receipts.merge(r.deliveryId(), 1, Integer::sum);
            }
        }
        assertEquals(dedupIds.size(), receipts.size(), "webhook deliveries that reached the endpoint");
        long repeats = receipts.values().stream().mapToInt(c -> c - 1).sum();
        // A database or broker away is not the event's fault: nothing may have been dead-lettered meanwhile.
        for (String service : LocalStack.SERVICES) {
            List<String> reasons = new ArrayList<>();
            readTopic("civcity.dead-letter." + service, rec -> reasons.add(header(rec, "dead-letter-reason")));
            assertEquals(List.of(), reasons, "dead-lettered by " + service);
        }
        log("%d findings: %d finding.assigned and %d escalation.raised records on the topics (republished copies"
                + " included), %d distinct alerts received, %d received again after a fault", n, copies[0],
                copies[1], receipts.size(), repeats);
    }

    private static Instant last(String database, String sql, List<UUID> ids) throws SQLException {
        Instant[] last = {Instant.EPOCH};
        query(database, sql, ids, rs -> last[0] = rs.getTimestamp(1).toInstant());
        return last[0];
    }

    private static void bank(String service, int replica) {
        String metric = switch (service) {
            case "findings-service" -> "http_server_requests_seconds_count";
            case "assignment-service" -> "civcity_inbox_processed_total";
            case "escalation-service" -> "civcity_escalations_raised_total";
            default -> "civcity_deliveries_total";
        };
        String[] labels = switch (service) {
            case "findings-service" -> new String[] {"uri=\"/api/v1/findings\"", "status=\"201\""};
            case "notification-service" -> new String[] {"status=\"DELIVERED\""};
            default -> new String[0];
        };
        try {
            double done = Metrics.sumAt(stack.managementUrl(service, replica), metric, labels);
            banked.merge(LocalStack.instance(service, replica), done, Double::sum);
        } catch (RuntimeException e) {
            log("no metrics from %s: %s", LocalStack.instance(service, replica), e);
        }
    }

    private static void query(String database, String sql, List<UUID> ids, TestStack.RowHandler handler)
            throws SQLException {
        env.query(database, sql, ids, handler);
    }

    private static long count(String database, String sql, List<UUID> ids) throws SQLException {
        return env.count(database, sql, ids);
    }

    private static void readTopic(String topic, java.util.function.Consumer<ConsumerRecord<String, String>> each) {
        env.readTopic(topic, each);
    }

    private static String header(ConsumerRecord<String, String> rec, String name) {
        return TestStack.header(rec, name);
    }

    private static String field(Pattern pattern, String data) {
        Matcher m = pattern.matcher(data);
        assertTrue(m.find(), pattern + " not in " + data);
        return m.group(1);
    }

    private static int level(String data) {
        Matcher m = LEVEL.matcher(data);
        return m.find() ? Integer.parseInt(m.group(1)) : -1;
    }

    private static void sleepNanos(long nanos) throws InterruptedException {
        if (nanos > 0) {
            TimeUnit.NANOSECONDS.sleep(nanos);
        }
    }

    private static void log(String format, Object... args) {
        System.out.printf("[chaos %s] %s%n", Instant.now().truncatedTo(ChronoUnit.SECONDS),
                String.format(format, args));
    }
}
