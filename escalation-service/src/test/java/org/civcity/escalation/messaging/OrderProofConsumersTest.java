package org.civcity.escalation.messaging;

import static org.awaitility.Awaitility.await;
import static org.civcity.testsupport.CloudEventRecords.cloudEvent;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.function.Function;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.civcity.contracts.CaseAcknowledged;
import org.civcity.contracts.CaseClosed;
import org.civcity.contracts.Category;
import org.civcity.contracts.DeadlineExtended;
import org.civcity.contracts.EventTypes;
import org.civcity.contracts.FindingAssigned;
import org.civcity.contracts.RectificationRejected;
import org.civcity.contracts.Severity;
import org.civcity.contracts.SiteType;
import org.civcity.contracts.Topics;
import org.civcity.testsupport.EmbeddedInfrastructure;
import org.civcity.testsupport.InfrastructureResource;
import org.civcity.testsupport.OidcTestServer;
import org.junit.jupiter.api.Test;

/**
 * Security and correctness point 5 (order-proof consumers), as a property: whatever order a case's events arrive in,
 * and whatever is delivered twice, the escalation-service ends in the same state: no clock left running for a closed
 * case, the same generation, each rework counted once and recorded once with the deadline it missed. Random
 * permutations with duplicates, from a fixed seed (printed on failure through the case it names), each on its own
 * case, all at once.
 */
@QuarkusTest
@QuarkusTestResource(value = InfrastructureResource.class,
        initArgs = {@ResourceArg(name = "database", value = "escalation"),
            @ResourceArg(name = "runtime-role", value = "escalation_runtime")})
@QuarkusTestResource(OidcTestServer.class)
class OrderProofConsumersTest {

    private static final long SEED = 20261202L;
    private static final int PERMUTATIONS = 24;
    /** The event ids of each case. */
    private static final Map<UUID, UUID[]> ids = new java.util.concurrent.ConcurrentHashMap<>();

    @Inject
    ObjectMapper mapper;

    @Test
    void anyOrderAndAnyRepeatOfACasesEventsEndsInTheSameState() throws Exception {
        Instant base = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String inOrder = property(id -> closedLife(id, base), base);
        assertEquals("pending=[] generation=2 reworks=1 closed=true unit=ORDER_UNIT township=ORDER_TOWN"
                + " rectifyBy=+10800s dispatched=+0s records=[REWORK@1 deadline=+3600s]", inOrder);
    }

    /**
     * Late facts: a case still open at the end, so what was read before its generation's opening event shows. An
     * acknowledgement or extension read before the rework is not lost (no acknowledge clock, the extended deadline),
     * the later of two extensions wins whichever is read last, and a dispatch read after the rework still gives the
     * open clocks their township, grid and repeat count (a repeat skips the first level).
     */
    @Test
    void factsReadBeforeTheirGenerationStillApply() throws Exception {
        Instant base = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String inOrder = property(id -> openLife(id, base), base);
        // The warning keeps the rework's deadline; the levels from the second up follow the later extension.
        assertTrue(inOrder.startsWith("pending=[WARNING/0 g2 deadline=+7200s"), inOrder);
        assertTrue(inOrder.contains(", RECTIFY/2 g2 deadline=+14400s"), inOrder);
        assertTrue(inOrder.endsWith("] generation=2 reworks=1 closed=false unit=ORDER_UNIT township=ORDER_TOWN"
                + " rectifyBy=+14400s dispatched=+0s records=[REWORK@1 deadline=+3600s]"), inOrder);
        assertFalse(inOrder.contains("ACKNOWLEDGE"), inOrder);
        assertFalse(inOrder.contains("RECTIFY/1 "), inOrder);
        assertFalse(inOrder.contains(" g1 "), inOrder);
        // Every pending timer knows where the case lies and that it is a repeat.
        assertFalse(inOrder.contains("null/") || inOrder.contains("/null") || inOrder.contains(" r0"), inOrder);
    }

    /**
     * Two reworks, each after an extension: whichever rework is read first, both are counted and recorded once, each
     * with the deadline its generation missed (extension included), and only the newest generation's clocks run.
     */
    @Test
    void everyReworkIsCountedOnceWithTheDeadlineItMissed() throws Exception {
        Instant base = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String inOrder = property(id -> reworkedTwiceLife(id, base), base);
        assertTrue(inOrder.endsWith("] generation=3 reworks=2 closed=false unit=ORDER_UNIT township=ORDER_TOWN"
                + " rectifyBy=+10800s dispatched=+0s records=[REWORK@1 deadline=+5400s, REWORK@2 deadline=+9000s]"),
                inOrder);
        assertTrue(inOrder.startsWith("pending=[WARNING/0 g3 deadline=+10800s"), inOrder);
        assertFalse(inOrder.contains(" g1 ") || inOrder.contains(" g2 "), inOrder);
    }

    /**
     * Sends the life of one case in order and of {@link #PERMUTATIONS} more in random orders with repeats, waits until
     * every case read all its events, and checks they all ended in the state the case read in order did; returns it.
     */
    private String property(Function<UUID, List<ProducerRecord<String, String>>> life, Instant base)
            throws Exception {
        Random random = new Random(SEED);
        Map<UUID, String> orders = new LinkedHashMap<>();
        List<ProducerRecord<String, String>> all = new ArrayList<>();
        for (int p = 0; p <= PERMUTATIONS; p++) {
            UUID findingId = UUID.randomUUID();
            List<ProducerRecord<String, String>> events = life.apply(findingId);
            List<ProducerRecord<String, String>> sent = new ArrayList<>(events);
            if (p > 0) {
                // The first case gets its events in order; every other one a permutation and up to two repeats.
                for (int d = random.nextInt(3); d > 0; d--) {
                    sent.add(events.get(random.nextInt(events.size())));
                }
                Collections.shuffle(sent, random);
            }
            orders.put(findingId, sent.stream().map(r -> type(r)).toList().toString());
            all.addAll(sent);
        }
        EmbeddedInfrastructure.kafkaCompanion().produceStrings().fromRecords(all).awaitCompletion();

        try (Connection db = DriverManager.getConnection("jdbc:postgresql://" + EmbeddedInfrastructure.postgres()
                + "/escalation", EmbeddedInfrastructure.postgresUser(), EmbeddedInfrastructure.postgresPassword())) {
            // Every case has read all of its events.
            await().atMost(Duration.ofSeconds(60)).until(() -> allProcessed(db, orders.keySet()));
            String expected = null;
            for (Map.Entry<UUID, String> order : orders.entrySet()) {
                String state = state(db, order.getKey(), base);
                if (expected == null) {
                    expected = state;
                }
                assertEquals(expected, state, "case " + order.getKey() + " got " + order.getValue());
            }
            return expected;
        }
    }

    /** A case's life: dispatched, acknowledged, rejected (generation 2), extended, closed; each event once. */
    private List<ProducerRecord<String, String>> closedLife(UUID id, Instant now) {
        Instant first = now.plusSeconds(3600);
        Instant second = now.plusSeconds(7200);
        return List.of(
                dispatched(id, now, first),
                record(id, EventTypes.CASE_ACKNOWLEDGED, new CaseAcknowledged(id, 1, "ORDER_UNIT", now,
                        "handler", first, false)),
                record(id, EventTypes.RECTIFICATION_REJECTED, new RectificationRejected(id, 2, 1, first,
                        "ORDER_UNIT", now.plusSeconds(60), "supervisor", "still dirty", 1, second, second, "order-1")),
                record(id, EventTypes.DEADLINE_EXTENDED, new DeadlineExtended(id, 2, "ORDER_UNIT", second,
                        second.plusSeconds(3600), "supervisor", "materials", now.plusSeconds(120))),
                record(id, EventTypes.CASE_CLOSED, new CaseClosed(id, 2, "ORDER_UNIT", CaseClosed.Outcome.FIXED,
                        null, now.plusSeconds(180), "supervisor")));
    }

    /**
     * A repeat case's life that stays open: dispatched with its township and grid, acknowledged, rejected (generation
     * 2), acknowledged again, extended twice (the second extension, to four hours, is the one in force).
     */
    private List<ProducerRecord<String, String>> openLife(UUID id, Instant now) {
        Instant first = now.plusSeconds(3600);
        Instant second = now.plusSeconds(7200);
        return List.of(
                record(id, EventTypes.FINDING_ASSIGNED, new FindingAssigned(id, 1, "ORDER_UNIT", "ORDER_TOWN",
                        List.of(), Category.SANITATION, Severity.HIGH, SiteType.MAIN_ROAD, "Order Road", now,
                        first, first, "order-1", 1, Map.of(), "ORDER_GRID", null)),
                record(id, EventTypes.CASE_ACKNOWLEDGED, new CaseAcknowledged(id, 1, "ORDER_UNIT", now,
                        "handler", first, false)),
                record(id, EventTypes.RECTIFICATION_REJECTED, new RectificationRejected(id, 2, 1, first,
                        "ORDER_UNIT", now.plusSeconds(60), "supervisor", "still dirty", 1, second, second, "order-1")),
                record(id, EventTypes.CASE_ACKNOWLEDGED, new CaseAcknowledged(id, 2, "ORDER_UNIT",
                        now.plusSeconds(90), "handler", second, false)),
                record(id, EventTypes.DEADLINE_EXTENDED, new DeadlineExtended(id, 2, "ORDER_UNIT", second,
                        now.plusSeconds(3 * 3600), "supervisor", "materials", now.plusSeconds(120))),
                record(id, EventTypes.DEADLINE_EXTENDED, new DeadlineExtended(id, 2, "ORDER_UNIT",
                        now.plusSeconds(3 * 3600), now.plusSeconds(4 * 3600), "supervisor", "more materials",
                        now.plusSeconds(150))));
    }

    /** Dispatched, extended, rejected (generation 2), extended, rejected again (generation 3); stays open. */
    private List<ProducerRecord<String, String>> reworkedTwiceLife(UUID id, Instant now) {
        Instant first = now.plusSeconds(3600);
        return List.of(
                dispatched(id, now, first),
                record(id, EventTypes.DEADLINE_EXTENDED, new DeadlineExtended(id, 1, "ORDER_UNIT", first,
                        now.plusSeconds(5400), "supervisor", "materials", now.plusSeconds(30))),
                record(id, EventTypes.RECTIFICATION_REJECTED, new RectificationRejected(id, 2, 1,
                        now.plusSeconds(5400), "ORDER_UNIT", now.plusSeconds(60), "supervisor", "still dirty", 1,
                        now.plusSeconds(7200), now.plusSeconds(7200), "order-1")),
                record(id, EventTypes.DEADLINE_EXTENDED, new DeadlineExtended(id, 2, "ORDER_UNIT",
                        now.plusSeconds(7200), now.plusSeconds(9000), "supervisor", "weather", now.plusSeconds(90))),
                record(id, EventTypes.RECTIFICATION_REJECTED, new RectificationRejected(id, 3, 2,
                        now.plusSeconds(9000), "ORDER_UNIT", now.plusSeconds(120), "supervisor", "still dirty", 2,
                        now.plusSeconds(10800), now.plusSeconds(10800), "order-1")));
    }

    /** The case's dispatch: acknowledge and rectify by {@code deadline}, not a repeat. */
    private ProducerRecord<String, String> dispatched(UUID id, Instant now, Instant deadline) {
        return record(id, EventTypes.FINDING_ASSIGNED, new FindingAssigned(id, 1, "ORDER_UNIT", "ORDER_TOWN",
                List.of(), Category.SANITATION, Severity.HIGH, SiteType.MAIN_ROAD, "Order Road", now, deadline,
                deadline, "order-1", 0));
    }

    private ProducerRecord<String, String> record(UUID id, String type, Object data) {
        UUID eventId = UUID.randomUUID();
        ids.merge(id, new UUID[] {eventId}, (a, b) -> java.util.stream.Stream.concat(java.util.Arrays.stream(a),
                java.util.Arrays.stream(b)).toArray(UUID[]::new));
        try {
            return cloudEvent(Topics.CASES, eventId, type, id.toString(), mapper.writeValueAsString(data));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String type(ProducerRecord<String, String> r) {
        return new String(r.headers().lastHeader("ce_type").value(), java.nio.charset.StandardCharsets.UTF_8);
    }

    private static boolean allProcessed(Connection db, java.util.Set<UUID> findings) throws Exception {
        for (UUID id : findings) {
            if (processed(db, id) < ids.get(id).length) {
                return false;
            }
        }
        return true;
    }

    private static long processed(Connection db, UUID findingId) throws Exception {
        // The inbox records each event id this consumer read, in the transaction of its effect.
        return single(db, "SELECT count(*) FROM inbox_event WHERE consumer = 'escalation-service.deadlines'"
                + " AND event_id IN (SELECT unnest(?::uuid[]))", ids.get(findingId));
    }

    private static long single(Connection db, String sql, UUID[] param) throws Exception {
        try (PreparedStatement q = db.prepareStatement(sql)) {
            q.setArray(1, db.createArrayOf("uuid", param));
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** The case's pending timers (times relative to {@code base}), its tracking row and its records. */
    private static String state(Connection db, UUID id, Instant base) throws Exception {
        List<String> pending = new ArrayList<>();
        try (PreparedStatement q = db.prepareStatement("SELECT kind, level, generation, deadline, due_at, township,"
                + " grid, repeat_count FROM deadline_timer WHERE finding_id = ? AND status = 'PENDING'"
                + " ORDER BY kind DESC, level")) {
            q.setObject(1, id);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    pending.add(rs.getString(1) + "/" + rs.getInt(2) + " g" + rs.getInt(3) + " deadline=+"
                            + Duration.between(base, rs.getTimestamp(4).toInstant()).toSeconds() + "s due=+"
                            + Duration.between(base, rs.getTimestamp(5).toInstant()).toMillis() + "ms "
                            + rs.getString(6) + "/" + rs.getString(7) + " r" + rs.getInt(8));
                }
            }
        }
        StringBuilder s = new StringBuilder("pending=").append(pending);
        try (PreparedStatement q = db.prepareStatement("SELECT generation, rework_count, closed_at IS NOT NULL, unit,"
                + " township, rectify_by, dispatched_at FROM case_tracking WHERE finding_id = ?")) {
            q.setObject(1, id);
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                s.append(" generation=").append(rs.getInt(1)).append(" reworks=").append(rs.getInt(2))
                        .append(" closed=").append(rs.getBoolean(3)).append(" unit=").append(rs.getString(4))
                        .append(" township=").append(rs.getString(5))
                        .append(" rectifyBy=+")
                        .append(Duration.between(base, rs.getTimestamp(6).toInstant()).toSeconds())
                        .append("s dispatched=+")
                        .append(Duration.between(base, rs.getTimestamp(7).toInstant()).toSeconds()).append('s');
            }
        }
        List<String> records = new ArrayList<>();
        try (PreparedStatement q = db.prepareStatement("SELECT reason, generation, deadline FROM accountability_record"
                + " WHERE finding_id = ? ORDER BY reason, generation")) {
            q.setObject(1, id);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    records.add(rs.getString(1) + "@" + rs.getInt(2) + " deadline=+"
                            + Duration.between(base, rs.getTimestamp(3).toInstant()).toSeconds() + "s");
                }
            }
        }
        return s.append(" records=").append(records).toString();
    }
}
