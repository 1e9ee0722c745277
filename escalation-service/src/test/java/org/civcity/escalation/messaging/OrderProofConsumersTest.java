package org.civcity.escalation.messaging;

import static org.awaitility.Awaitility.await;
import static org.civcity.testsupport.CloudEventRecords.cloudEvent;
import static org.junit.jupiter.api.Assertions.assertEquals;

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
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
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
 * case, the same generation, one rework counted and one rework record. Random permutations with duplicates, from a
 * fixed seed (printed on failure through the case it names), each on its own case, all at once.
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
        Random random = new Random(SEED);
        Map<UUID, String> orders = new LinkedHashMap<>();
        List<ProducerRecord<String, String>> all = new ArrayList<>();
        for (int p = 0; p <= PERMUTATIONS; p++) {
            UUID findingId = UUID.randomUUID();
            List<ProducerRecord<String, String>> events = events(findingId);
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
            // Every case has read all five of its events.
            await().atMost(Duration.ofSeconds(60)).until(() -> allProcessed(db, orders.keySet()));
            String expected = null;
            for (Map.Entry<UUID, String> order : orders.entrySet()) {
                String state = state(db, order.getKey());
                if (expected == null) {
                    expected = state;
                    assertEquals("pending=0 generation=2 reworks=1 closed=true unit=ORDER_UNIT township=ORDER_TOWN"
                            + " records=[REWORK@1]", state);
                }
                assertEquals(expected, state, "case " + order.getKey() + " got " + order.getValue());
            }
        }
    }

    /** A case's life: dispatched, acknowledged, rejected (generation 2), extended, closed; each event once. */
    private List<ProducerRecord<String, String>> events(UUID id) throws Exception {
        Instant now = Instant.now();
        Instant first = now.plusSeconds(3600);
        Instant second = now.plusSeconds(7200);
        return List.of(
                record(id, EventTypes.FINDING_ASSIGNED, new FindingAssigned(id, 1, "ORDER_UNIT", "ORDER_TOWN",
                        List.of(), Category.SANITATION, Severity.HIGH, SiteType.MAIN_ROAD, "Order Road", now,
                        first, first, "order-1", 0)),
                record(id, EventTypes.CASE_ACKNOWLEDGED, new CaseAcknowledged(id, 1, "ORDER_UNIT", now,
                        "handler", first, false)),
                record(id, EventTypes.RECTIFICATION_REJECTED, new RectificationRejected(id, 2, 1, "ORDER_UNIT",
                        now.plusSeconds(60), "supervisor", "still dirty", 1, second, second, "order-1")),
                record(id, EventTypes.DEADLINE_EXTENDED, new DeadlineExtended(id, 2, "ORDER_UNIT", second,
                        second.plusSeconds(3600), "supervisor", "materials", now.plusSeconds(120))),
                record(id, EventTypes.CASE_CLOSED, new CaseClosed(id, 2, "ORDER_UNIT", CaseClosed.Outcome.FIXED,
                        null, now.plusSeconds(180), "supervisor")));
    }

    private ProducerRecord<String, String> record(UUID id, String type, Object data) throws Exception {
        UUID eventId = UUID.randomUUID();
        ids.merge(id, new UUID[] {eventId}, (a, b) -> java.util.stream.Stream.concat(java.util.Arrays.stream(a),
                java.util.Arrays.stream(b)).toArray(UUID[]::new));
        return cloudEvent(Topics.CASES, eventId, type, id.toString(), mapper.writeValueAsString(data));
    }

    private static String type(ProducerRecord<String, String> r) {
        return new String(r.headers().lastHeader("ce_type").value(), java.nio.charset.StandardCharsets.UTF_8);
    }

    private static boolean allProcessed(Connection db, java.util.Set<UUID> findings) throws Exception {
        for (UUID id : findings) {
            if (processed(db, id) < 5) {
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

    private static String state(Connection db, UUID id) throws Exception {
        StringBuilder s = new StringBuilder();
        try (PreparedStatement q = db.prepareStatement("SELECT count(*) FROM deadline_timer WHERE finding_id = ?"
                + " AND status = 'PENDING'")) {
            q.setObject(1, id);
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                s.append("pending=").append(rs.getLong(1));
            }
        }
        try (PreparedStatement q = db.prepareStatement("SELECT generation, rework_count, closed_at IS NOT NULL, unit,"
                + " township FROM case_tracking WHERE finding_id = ?")) {
            q.setObject(1, id);
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                s.append(" generation=").append(rs.getInt(1)).append(" reworks=").append(rs.getInt(2))
                        .append(" closed=").append(rs.getBoolean(3)).append(" unit=").append(rs.getString(4))
                        .append(" township=").append(rs.getString(5));
            }
        }
        List<String> records = new ArrayList<>();
        try (PreparedStatement q = db.prepareStatement("SELECT reason, generation FROM accountability_record"
                + " WHERE finding_id = ? ORDER BY reason, generation")) {
            q.setObject(1, id);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    records.add(rs.getString(1) + "@" + rs.getInt(2));
                }
            }
        }
        return s.append(" records=").append(records).toString();
    }
}
