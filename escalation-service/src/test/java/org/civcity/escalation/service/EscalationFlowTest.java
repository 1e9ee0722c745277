package org.civcity.escalation.service;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.civcity.testsupport.CloudEventRecords.cloudEvent;
import static org.civcity.testsupport.CloudEventRecords.header;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.civcity.contracts.Category;
import org.civcity.contracts.EventTypes;
import org.civcity.contracts.FindingAssigned;
import org.civcity.contracts.Severity;
import org.civcity.contracts.SiteType;
import org.civcity.contracts.Topics;
import org.civcity.testsupport.EmbeddedInfrastructure;
import org.civcity.testsupport.EventSchemas;
import org.civcity.shared.security.Roles;
import org.civcity.testsupport.InfrastructureResource;
import org.civcity.testsupport.OidcTestServer;
import org.civcity.testsupport.Tokens;
import org.junit.jupiter.api.Test;

/** Timers over the real broker and database: level 1 fires once, after the deadline and not before. */
@QuarkusTest
@QuarkusTestResource(value = InfrastructureResource.class,
        initArgs = {@ResourceArg(name = "database", value = "escalation"),
            @ResourceArg(name = "runtime-role", value = "escalation_runtime")})
@QuarkusTestResource(OidcTestServer.class)
class EscalationFlowTest {

    static final String TOKEN = Tokens.user(Roles.SUPERVISOR);
    private static final KafkaCompanion kafka = EmbeddedInfrastructure.kafkaCompanion();

    @Inject
    ObjectMapper mapper;

    private void assign(UUID findingId, UUID eventId, Instant dispatchedAt, Instant rectifyBy) throws Exception {
        String data = mapper.writeValueAsString(new FindingAssigned(findingId, 1, "URBAN_MANAGEMENT", null,
                java.util.List.of(),
                Category.SANITATION, Severity.HIGH, SiteType.MAIN_ROAD, "Renmin Road", dispatchedAt,
                rectifyBy.plusSeconds(3600), rectifyBy, "skeleton-1", 0));
        kafka.produceStrings().fromRecords(cloudEvent(Topics.CASES, eventId, EventTypes.FINDING_ASSIGNED,
                findingId.toString(), data)).awaitCompletion();
    }

    @Test
    void levelOneFiresOnceAfterTheDeadline() throws Exception {
        UUID findingId = UUID.randomUUID();
        UUID eventId = UUID.randomUUID();
        Instant rectifyBy = Instant.now().plusSeconds(4);
        ConsumerTask<String, String> escalations = kafka.consumeStrings().fromTopics(Topics.ESCALATIONS);

        assign(findingId, eventId, Instant.now(), rectifyBy);
        assign(findingId, eventId, Instant.now(), rectifyBy); // redelivery

        // Nothing before the deadline: checked on every poll until shortly before it.
        Duration beforeDeadline = Duration.between(Instant.now(), rectifyBy).minusMillis(1500);
        await().during(beforeDeadline).atMost(beforeDeadline.plusSeconds(5)).untilAsserted(() -> given()
                .auth().oauth2(TOKEN).queryParam("findingId", findingId.toString()).queryParam("level", 1)
                .get("/api/v1/accountability-records")
                .then().statusCode(200).body("$", hasSize(0)));

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> given().auth().oauth2(TOKEN)
                .queryParam("findingId", findingId.toString()).queryParam("level", 1)
                .get("/api/v1/accountability-records")
                .then().statusCode(200).body("$", hasSize(1))
                .body("[0].level", equalTo(1))
                .body("[0].unit", equalTo("URBAN_MANAGEMENT"))
                .body("[0].responsibleRole", equalTo("UNIT_HEAD"))
                .body("[0].reason", equalTo("RECTIFICATION_OVERDUE")));

        await().atMost(Duration.ofSeconds(15)).until(() -> escalations.getRecords().stream()
                .anyMatch(r -> findingId.toString().equals(r.key())));
        // Ten more scans (every 0.25 s): still one escalation.raised, never a second.
        await().during(Duration.ofMillis(2500)).atMost(Duration.ofSeconds(10))
                .until(() -> raisedFor(escalations, findingId).size() == 1);
        List<ConsumerRecord<String, String>> raised = raisedFor(escalations, findingId);
        escalations.stop();
        assertEquals(1, raised.size(), "escalation.raised events");
        assertEquals(EventTypes.ESCALATION_RAISED, header(raised.get(0), "ce_type"));
        EventSchemas.assertValid(raised.get(0));
        JsonNode event = mapper.readTree(raised.get(0).value());
        assertFalse(Instant.parse(event.get("raisedAt").asText()).isBefore(rectifyBy), "raised before deadline");
        assertFalse(event.get("late").asBoolean());
        given().auth().oauth2(TOKEN).queryParam("findingId", findingId.toString()).queryParam("level", 1)
                .get("/api/v1/accountability-records")
                .then().body("$", hasSize(1));
    }

    @Test
    void aDeadlineMissedWhileDownFiresAtOnceMarkedLate() throws Exception {
        UUID findingId = UUID.randomUUID();
        ConsumerTask<String, String> escalations = kafka.consumeStrings().fromTopics(Topics.ESCALATIONS);
        assign(findingId, UUID.randomUUID(), Instant.now().minusSeconds(3600), Instant.now().minusSeconds(600));

        await().atMost(Duration.ofSeconds(15)).until(() -> escalations.getRecords().stream()
                .anyMatch(r -> findingId.toString().equals(r.key())
                        && EventTypes.ESCALATION_RAISED.equals(header(r, "ce_type"))));
        JsonNode event = mapper.readTree(escalations.getRecords().stream()
                .filter(r -> findingId.toString().equals(r.key()))
                .filter(r -> EventTypes.ESCALATION_RAISED.equals(header(r, "ce_type")))
                .findFirst().orElseThrow().value());
        escalations.stop();
        assertTrue(event.get("late").asBoolean(), "late");
        assertEquals(1, event.get("level").asInt());
    }

    @Test
    void neitherTheOwnerNorTheServicesRoleCanRewriteTheLedger() throws Exception {
        UUID findingId = UUID.randomUUID();
        assign(findingId, UUID.randomUUID(), Instant.now().minusSeconds(60), Instant.now().minusSeconds(1));
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> given().auth().oauth2(TOKEN)
                .queryParam("findingId", findingId.toString()).queryParam("level", 1)
                .get("/api/v1/accountability-records")
                .then().body("$", hasSize(1)));
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://" + EmbeddedInfrastructure.postgres()
                + "/escalation", EmbeddedInfrastructure.postgresUser(), EmbeddedInfrastructure.postgresPassword());
                Statement st = c.createStatement()) {
            SQLException update = assertThrows(SQLException.class, () -> st.executeUpdate(
                    "UPDATE accountability_record SET level = 9 WHERE finding_id = '" + findingId + "'"));
            assertTrue(update.getMessage().contains("append-only"), update.getMessage());
            assertThrows(SQLException.class, () -> st.executeUpdate(
                    "DELETE FROM accountability_record WHERE finding_id = '" + findingId + "'"));
        }
        given().auth().oauth2(TOKEN).queryParam("findingId", findingId.toString()).queryParam("level", 1)
                .get("/api/v1/accountability-records")
                .then().body("$", hasSize(1)).body("[0].level", equalTo(1));

        // The role the service connects as may append and read the ledger, and nothing else: no UPDATE, DELETE or
        // TRUNCATE reaches the trigger, and not owning the table it cannot switch the trigger off.
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://" + EmbeddedInfrastructure.postgres()
                + "/escalation", "escalation_runtime", "escalation_runtime");
                Statement st = c.createStatement()) {
            try (var rs = st.executeQuery("SELECT count(*) FROM accountability_record WHERE finding_id = '"
                    + findingId + "'")) {
                assertTrue(rs.next() && rs.getInt(1) == 1, "the runtime role reads the ledger");
            }
            for (String rewrite : List.of(
                    "UPDATE accountability_record SET level = 9 WHERE finding_id = '" + findingId + "'",
                    "DELETE FROM accountability_record WHERE finding_id = '" + findingId + "'",
                    "TRUNCATE accountability_record")) {
                SQLException refused = assertThrows(SQLException.class, () -> st.executeUpdate(rewrite), rewrite);
                assertTrue(refused.getMessage().contains("permission denied"), refused.getMessage());
            }
            SQLException disable = assertThrows(SQLException.class, () -> st.execute(
                    "ALTER TABLE accountability_record DISABLE TRIGGER accountability_record_append_only"));
            assertTrue(disable.getMessage().contains("must be owner"), disable.getMessage());
            // Granting itself more is only a warning ("no privileges were granted"): the UPDATE stays refused.
            st.execute("GRANT UPDATE ON accountability_record TO escalation_runtime");
            SQLException still = assertThrows(SQLException.class, () -> st.executeUpdate(
                    "UPDATE accountability_record SET level = 9 WHERE finding_id = '" + findingId + "'"));
            assertTrue(still.getMessage().contains("permission denied"), still.getMessage());
        }
        given().auth().oauth2(TOKEN).queryParam("findingId", findingId.toString()).queryParam("level", 1)
                .get("/api/v1/accountability-records")
                .then().body("$", hasSize(1)).body("[0].level", equalTo(1));
    }

    private void produce(String type, UUID findingId, Object data) throws Exception {
        kafka.produceStrings().fromRecords(cloudEvent(Topics.CASES, UUID.randomUUID(), type, findingId.toString(),
                mapper.writeValueAsString(data))).awaitCompletion();
    }

    @Test
    void aClosedCaseEscalatesNoFurtherAndReworkRestartsTheClock() throws Exception {
        UUID closed = UUID.randomUUID();
        assign(closed, UUID.randomUUID(), Instant.now(), Instant.now().plusSeconds(3));
        produce(EventTypes.CASE_CLOSED, closed, new org.civcity.contracts.CaseClosed(closed, 1, "URBAN_MANAGEMENT",
                org.civcity.contracts.CaseClosed.Outcome.NOT_RESPONSIBLE, "Private land", Instant.now(), "supervisor"));

        UUID reworked = UUID.randomUUID();
        assign(reworked, UUID.randomUUID(), Instant.now(), Instant.now().plusSeconds(3600));
        // Without previousRectifyBy, as events published before it existed: the record takes the deadline read.
        produce(EventTypes.RECTIFICATION_REJECTED, reworked, new org.civcity.contracts.RectificationRejected(
                reworked, 2, 1, null, "URBAN_MANAGEMENT", Instant.now(), "supervisor", "Still dirty", 1,
                Instant.now().plusSeconds(1), Instant.now().plusSeconds(2), "p1"));

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> given().auth().oauth2(TOKEN)
                .queryParam("findingId", reworked.toString()).queryParam("level", 1)
                .get("/api/v1/accountability-records")
                .then().body("$", hasSize(1)).body("[0].generation", equalTo(2)));
        // The closed case's timers were due long before the rework above escalated: still nothing for it, on every
        // poll for four more seconds of scans.
        await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(10)).untilAsserted(() -> given()
                .auth().oauth2(TOKEN).queryParam("findingId", closed.toString()).get("/api/v1/accountability-records")
                .then().body("$", hasSize(0)));
    }

    private static List<ConsumerRecord<String, String>> raisedFor(ConsumerTask<String, String> events, UUID id) {
        return events.getRecords().stream().filter(r -> id.toString().equals(r.key()))
                .filter(r -> EventTypes.ESCALATION_RAISED.equals(header(r, "ce_type"))).toList();
    }

    @Test
    void badQueriesAreProblems() {
        given().auth().oauth2(TOKEN).queryParam("limit", "0").get("/api/v1/accountability-records")
                .then().statusCode(400).contentType("application/problem+json").body("errors[0].field",
                        equalTo("limit"));
        given().auth().oauth2(TOKEN).queryParam("findingId", "not-a-uuid").get("/api/v1/accountability-records")
                .then().statusCode(400).contentType("application/problem+json");
    }
}
