package org.civcity.notification.service;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.civcity.testsupport.CloudEventRecords.cloudEvent;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.civcity.contracts.EscalationRaised;
import org.civcity.contracts.EventTypes;
import org.civcity.contracts.Topics;
import org.civcity.notification.AlertReceiverResource;
import org.civcity.notification.CaseEvents;
import org.civcity.shared.metrics.QueryPlanCache;
import org.civcity.standin.AlertReceiver;
import org.civcity.testsupport.EmbeddedInfrastructure;
import org.civcity.shared.security.Roles;
import org.civcity.testsupport.InfrastructureResource;
import org.civcity.testsupport.Metrics;
import org.civcity.testsupport.OidcTestServer;
import org.civcity.testsupport.Tokens;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/** Alerts over the real broker to a real HTTP endpoint: delivered once, retried on failure, dead after the limit. */
@QuarkusTest
@QuarkusTestResource(value = InfrastructureResource.class,
        initArgs = @ResourceArg(name = "database", value = "notification"))
@QuarkusTestResource(OidcTestServer.class)
@QuarkusTestResource(AlertReceiverResource.class)
class DeliveryFlowTest {

    static final String TOKEN = Tokens.user(Roles.OPS);
    private static final KafkaCompanion kafka = EmbeddedInfrastructure.kafkaCompanion();

    @Inject
    ObjectMapper mapper;

    @Inject
    QueryPlanCache queryPlans;

    private void raise(UUID findingId, UUID eventId, String target) throws Exception {
        Instant deadline = Instant.now().minusSeconds(3725);
        String data = mapper.writeValueAsString(new EscalationRaised(UUID.randomUUID(), findingId, 1, 1, target,
                "URBAN_MANAGEMENT", "RECTIFICATION_OVERDUE", deadline, deadline, Instant.now(), 3725, false));
        kafka.produceStrings().fromRecords(cloudEvent(Topics.ESCALATIONS, eventId, EventTypes.ESCALATION_RAISED,
                findingId.toString(), data)).awaitCompletion();
    }

    private static List<AlertReceiver.Received> alertsFor(UUID findingId) {
        return AlertReceiverResource.receiver.received().stream()
                .filter(r -> r.body().contains(findingId.toString())).toList();
    }

    @Test
    void everyPartyOfADispatchIsToldItsPart() throws Exception {
        CaseEvents events = CaseEvents.of(mapper);
        // The township is also among the supporting units: it is told once, as the territorial party.
        events.assigned("URBAN_MANAGEMENT", "XINHUA_SUBDISTRICT", List.of("ECOLOGY_ENVIRONMENT", "XINHUA_SUBDISTRICT"),
                "和谐家园7幢", Instant.now().plusSeconds(3600));
        String findingId = events.findingId().toString();
        await().atMost(Duration.ofSeconds(20)).until(() -> noticesFor(findingId).size() >= 3);
        await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(6))
                .until(() -> noticesFor(findingId).size() == 3);
        Map<String, JsonNode> byUnit = new HashMap<>();
        for (AlertReceiver.Received r : noticesFor(findingId)) {
            JsonNode alert = mapper.readTree(r.body());
            byUnit.put(alert.get("unit").asText(), alert);
        }
        assertEquals(Set.of("URBAN_MANAGEMENT", "XINHUA_SUBDISTRICT", "ECOLOGY_ENVIRONMENT"), byUnit.keySet());
        JsonNode lead = byUnit.get("URBAN_MANAGEMENT");
        assertEquals("ASSIGNED", lead.get("reason").asText());
        assertTrue(lead.get("message").asText().startsWith("【新派遣】城市管理局：和谐家园7幢"), lead.toString());
        JsonNode territorial = byUnit.get("XINHUA_SUBDISTRICT");
        assertEquals("ASSIGNED_TERRITORIAL", territorial.get("reason").asText());
        assertTrue(territorial.get("message").asText().startsWith("【属地责任】新华街道"), territorial.toString());
        assertTrue(territorial.get("message").asText().contains("由城市管理局牵头整改"), territorial.toString());
        assertTrue(territorial.get("message").asText().contains("负属地责任"), territorial.toString());
        JsonNode supporting = byUnit.get("ECOLOGY_ENVIRONMENT");
        assertEquals("ASSIGNED_SUPPORTING", supporting.get("reason").asText());
        assertTrue(supporting.get("message").asText().startsWith("【配合整改】生态环境分局"), supporting.toString());
        given().auth().oauth2(TOKEN).queryParam("findingId", findingId).get("/api/v1/deliveries").then()
                .statusCode(200).body("$", hasSize(3)).body("status", everyItem(equalTo("DELIVERED")));
    }

    @Test
    void queuedDeliveriesWakeTheWorkerAtCommit() throws Exception {
        // The worker listens (the same mechanism OutboxWakeupTest proves for the relay) and the commit that queues a
        // dispatch's deliveries notifies its channel, once.
        assertEquals(1.0, Metrics.sum("civcity_database_listening"));
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://" + EmbeddedInfrastructure.postgres()
                + "/notification", EmbeddedInfrastructure.postgresUser(), EmbeddedInfrastructure.postgresPassword());
                Statement st = c.createStatement()) {
            st.execute("LISTEN " + DeliveryWorker.NOTIFY_CHANNEL);
            CaseEvents events = CaseEvents.of(mapper);
            events.assigned("URBAN_MANAGEMENT", "XINHUA_SUBDISTRICT", List.of(), "和谐家园6幢",
                    Instant.now().plusSeconds(3600));
            await().atMost(Duration.ofSeconds(20)).until(() -> noticesFor(events.findingId().toString()).size() >= 2);
            PGNotification[] received = c.unwrap(PGConnection.class).getNotifications(5_000);
            assertTrue(received != null && received.length > 0, "no notification");
            assertTrue(Arrays.stream(received).allMatch(n -> DeliveryWorker.NOTIFY_CHANNEL.equals(n.getName())));
        }
    }

    @Test
    void repeatedDispatchesReuseTheirQueryPlans() throws Exception {
        // Native selects through Hibernate Reactive once cached a new plan at every execution (the claim and the
        // channel budget at each delivery round, the digest's queries at every poll): 249 plans for these 20
        // deliveries, evicting the plans worth keeping. Ten more dispatches after a first must reuse its plans.
        CaseEvents warmUp = CaseEvents.of(mapper);
        warmUp.assigned("URBAN_MANAGEMENT", "XINHUA_SUBDISTRICT", List.of(), "和谐家园8幢",
                Instant.now().plusSeconds(3600));
        await().atMost(Duration.ofSeconds(20)).until(() -> noticesFor(warmUp.findingId().toString()).size() >= 2);
        int before = queryPlans.plans();
        List<String> findings = new java.util.ArrayList<>();
        for (int i = 0; i < 10; i++) {
            CaseEvents events = CaseEvents.of(mapper);
            events.assigned("URBAN_MANAGEMENT", "XINHUA_SUBDISTRICT", List.of(), "和谐家园9幢" + i,
                    Instant.now().plusSeconds(3600));
            findings.add(events.findingId().toString());
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> findings.stream()
                .allMatch(id -> noticesFor(id).size() >= 2));
        int grown = queryPlans.plans() - before;
        assertTrue(grown < 5, "20 deliveries cached " + grown + " more query plans");
    }

    private static List<AlertReceiver.Received> noticesFor(String findingId) {
        return AlertReceiverResource.receiver.received().stream().filter(r -> r.body().contains(findingId))
                .filter(r -> EventTypes.FINDING_ASSIGNED.equals(r.eventType())).toList();
    }

    @Test
    void deliversOnceEvenWhenTheEventIsRedelivered() throws Exception {
        UUID findingId = UUID.randomUUID();
        UUID eventId = UUID.randomUUID();
        raise(findingId, eventId, "UNIT_HEAD");
        raise(findingId, eventId, "UNIT_HEAD");

        await().atMost(Duration.ofSeconds(20)).until(() -> alertsFor(findingId).size() >= 1);
        given().auth().oauth2(TOKEN).queryParam("findingId", findingId.toString()).get("/api/v1/deliveries")
                .then().statusCode(200).body("$", hasSize(1))
                .body("[0].status", equalTo("DELIVERED"))
                .body("[0].attempts", equalTo(1))
                .body("[0].recipient", equalTo("UNIT_HEAD"));
        // The redelivered event queues nothing more: one alert through six more delivery rounds.
        await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(6))
                .until(() -> alertsFor(findingId).size() == 1);
        List<AlertReceiver.Received> alerts = alertsFor(findingId);
        AlertReceiver.Received alert = alerts.get(0);
        assertEquals("/alerts", alert.path());
        assertEquals(eventId + ":UNIT_HEAD:WEBHOOK", alert.deliveryId());
        assertEquals(EventTypes.ESCALATION_RAISED, alert.eventType());
        assertTrue(alert.body().contains("1小时2分钟"), alert.body());
        // The receiver can check the alert is ours and fresh: HMAC-SHA256 over "timestamp.body".
        assertEquals("v1=" + WebhookSignature.sign("local-development-signing-secret", alert.timestamp(),
                alert.body()), alert.signature());
        assertTrue(Math.abs(Instant.now().getEpochSecond() - Long.parseLong(alert.timestamp())) < 60);
        assertTrue(alert.body().contains("\"level\":1"), alert.body());
    }

    @Test
    void retriesAFailingEndpointUntilItAccepts() throws Exception {
        UUID findingId = UUID.randomUUID();
        AlertReceiverResource.receiver.failNext(2);
        raise(findingId, UUID.randomUUID(), "UNIT_HEAD");

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().auth().oauth2(TOKEN)
                .queryParam("findingId", findingId.toString()).get("/api/v1/deliveries")
                .then().body("[0].status", equalTo("DELIVERED")).body("[0].attempts", equalTo(3)));
        assertEquals(1, alertsFor(findingId).size());
    }

    @Test
    void givesUpAfterTheLastAttemptAndShowsWhy() throws Exception {
        UUID findingId = UUID.randomUUID();
        raise(findingId, UUID.randomUUID(), "DISTRICT_LEADER");

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().auth().oauth2(TOKEN)
                .queryParam("findingId", findingId.toString()).get("/api/v1/deliveries")
                .then().body("[0].status", equalTo("DEAD"))
                .body("[0].attempts", equalTo(3))
                .body("[0].lastError", equalTo("HTTP 500")));
        given().auth().oauth2(TOKEN).queryParam("status", "DEAD").get("/api/v1/deliveries")
                .then().statusCode(200).body("findingId", hasItem(findingId.toString()));

        // An operator sends it again: a fresh round of attempts, which this receiver fails again.
        String id = given().auth().oauth2(TOKEN).queryParam("findingId", findingId.toString())
                .get("/api/v1/deliveries").then().extract().path("[0].id");
        given().auth().oauth2(TOKEN).post("/api/v1/deliveries/" + id + "/resend").then().statusCode(200)
                .body("status", equalTo("PENDING")).body("attempts", equalTo(0));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().auth().oauth2(TOKEN)
                .queryParam("findingId", findingId.toString()).get("/api/v1/deliveries")
                .then().body("[0].status", equalTo("DEAD")).body("[0].attempts", equalTo(3)));
    }

    @Test
    void aDeadlineWarningReachesTheUnitHeadAndOnlyDeadDeliveriesAreResent() throws Exception {
        UUID findingId = UUID.randomUUID();
        String data = mapper.writeValueAsString(new org.civcity.contracts.DeadlineApproaching(findingId, 1,
                "URBAN_MANAGEMENT", Instant.now().plusSeconds(3600), Instant.now(), 0.8));
        kafka.produceStrings().fromRecords(cloudEvent(Topics.ESCALATIONS, UUID.randomUUID(),
                EventTypes.DEADLINE_APPROACHING, findingId.toString(), data)).awaitCompletion();
        await().atMost(Duration.ofSeconds(20)).until(() -> alertsFor(findingId).size() == 1);
        assertTrue(alertsFor(findingId).get(0).body().contains("临期提醒"), alertsFor(findingId).get(0).body());
        String id = given().auth().oauth2(TOKEN).queryParam("findingId", findingId.toString())
                .get("/api/v1/deliveries").then().body("[0].recipient", equalTo("UNIT_HEAD"))
                .body("[0].status", equalTo("DELIVERED")).extract().path("[0].id");
        given().auth().oauth2(TOKEN).post("/api/v1/deliveries/" + id + "/resend").then().statusCode(409)
                .contentType("application/problem+json").body("status", equalTo("DELIVERED"));
        given().auth().oauth2(TOKEN).post("/api/v1/deliveries/" + UUID.randomUUID() + "/resend").then()
                .statusCode(404);
    }

    @Test
    void dispatchReworkAndClosureTellTheUnitHead() throws Exception {
        UUID findingId = UUID.randomUUID();
        Instant now = Instant.now();
        List<String> data = List.of(
                mapper.writeValueAsString(new org.civcity.contracts.FindingAssigned(findingId, 1, "URBAN_MANAGEMENT",
                        null, List.of(), org.civcity.contracts.Category.SANITATION,
                        org.civcity.contracts.Severity.HIGH, org.civcity.contracts.SiteType.BACK_ALLEY, "Lane 3", now,
                        now.plusSeconds(3600), now.plusSeconds(7200), "p1", 0)),
                mapper.writeValueAsString(new org.civcity.contracts.RectificationRejected(findingId, 2, 1,
                        now.plusSeconds(3600),
                        "URBAN_MANAGEMENT", now, "supervisor", "Still dirty", 1, now.plusSeconds(3600),
                        now.plusSeconds(7200), "p1")),
                mapper.writeValueAsString(new org.civcity.contracts.CaseClosed(findingId, 2, "URBAN_MANAGEMENT",
                        org.civcity.contracts.CaseClosed.Outcome.FIXED, null, now, "supervisor")));
        List<String> types = List.of(EventTypes.FINDING_ASSIGNED, EventTypes.RECTIFICATION_REJECTED,
                EventTypes.CASE_CLOSED);
        for (int i = 0; i < types.size(); i++) {
            kafka.produceStrings().fromRecords(cloudEvent(Topics.CASES, UUID.randomUUID(), types.get(i),
                    findingId.toString(), data.get(i))).awaitCompletion();
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> alertsFor(findingId).size() == 3);
        List<AlertReceiver.Received> alerts = alertsFor(findingId);
        assertTrue(alerts.stream().anyMatch(a -> a.body().contains("新派遣")), alerts.toString());
        assertTrue(alerts.stream().anyMatch(a -> a.body().contains("返工")), alerts.toString());
        assertTrue(alerts.stream().anyMatch(a -> a.body().contains("结案")), alerts.toString());
    }

    @Test
    void badFiltersAreProblems() {
        given().auth().oauth2(TOKEN).queryParam("status", "LOST").get("/api/v1/deliveries")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("status"));
    }
}
