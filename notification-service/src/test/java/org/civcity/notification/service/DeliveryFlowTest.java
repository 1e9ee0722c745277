package org.civcity.notification.service;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.civcity.testsupport.CloudEventRecords.cloudEvent;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.civcity.contracts.EscalationRaised;
import org.civcity.contracts.EventTypes;
import org.civcity.contracts.Topics;
import org.civcity.notification.AlertReceiverResource;
import org.civcity.testsupport.AlertReceiver;
import org.civcity.testsupport.EmbeddedInfrastructure;
import org.civcity.shared.security.Roles;
import org.civcity.testsupport.InfrastructureResource;
import org.civcity.testsupport.OidcTestServer;
import org.civcity.testsupport.Tokens;
import org.junit.jupiter.api.Test;

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
        Thread.sleep(1500);
        List<AlertReceiver.Received> alerts = alertsFor(findingId);
        assertEquals(1, alerts.size());
        AlertReceiver.Received alert = alerts.get(0);
        assertEquals("/alerts", alert.path());
        assertEquals(eventId + ":UNIT_HEAD:WEBHOOK", alert.deliveryId());
        assertEquals(EventTypes.ESCALATION_RAISED, alert.eventType());
        assertTrue(alert.body().contains("1小时2分钟"), alert.body());
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
    }

    @Test
    void badFiltersAreProblems() {
        given().auth().oauth2(TOKEN).queryParam("status", "LOST").get("/api/v1/deliveries")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("status"));
    }
}
