package org.civcity.notification.rest;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.civcity.contracts.CaseClosed;
import org.civcity.contracts.EventTypes;
import org.civcity.contracts.Topics;
import org.civcity.notification.AlertReceiverResource;
import org.civcity.notification.CaseEvents;
import org.civcity.notification.service.AcknowledgementTokens;
import org.civcity.shared.security.Roles;
import org.civcity.standin.AlertReceiver;
import org.civcity.testsupport.EmbeddedInfrastructure;
import org.civcity.testsupport.InfrastructureResource;
import org.civcity.testsupport.OidcTestServer;
import org.civcity.testsupport.Tokens;
import org.junit.jupiter.api.Test;

/**
 * Issue #22 point 2: an alert from level 2 on must be acknowledged. Unanswered, it is re-sent (every 2 s here) and,
 * after two tries, handed to the next person holding the role; an acknowledgement stops it; forged and expired links
 * are refused; every step is announced on civcity.alerts for the ledger.
 */
@QuarkusTest
@QuarkusTestResource(value = InfrastructureResource.class,
        initArgs = @ResourceArg(name = "database", value = "notification"))
@QuarkusTestResource(OidcTestServer.class)
@QuarkusTestResource(AlertReceiverResource.class)
class AcknowledgementTest {

    private static final String ADMIN = Tokens.user(Roles.ADMIN);
    private static final String OPS = Tokens.user(Roles.OPS);

    @Inject
    ObjectMapper mapper;

    @Inject
    AcknowledgementTokens tokens;

    private static String unit() {
        return "ACK_" + Long.toHexString(System.nanoTime()).toUpperCase();
    }

    private static String leader(String unit, String name, int priority, String account, List<String> delegates) {
        return given().auth().oauth2(ADMIN).contentType(ContentType.JSON).body(Map.of("role",
                        "DISTRICT_LEADER_IN_CHARGE", "unit", unit, "name", name, "priority", priority,
                        "webhookUrl", AlertReceiverResource.receiver.url("/leaders/" + unit + "/" + priority),
                        "account", account, "delegates", delegates))
                .post("/api/v1/recipients").then().statusCode(201).extract().path("id");
    }

    private static List<AlertReceiver.Received> alertsTo(String path, UUID findingId) {
        return AlertReceiverResource.receiver.received().stream()
                .filter(r -> r.path().equals(path) && r.body().contains(findingId.toString())).toList();
    }

    private JsonNode json(String body) throws Exception {
        return mapper.readTree(body);
    }

    /** The path of an acknowledgement link, as the test client calls this service. */
    private static String path(String link) {
        return URI.create(link).getPath();
    }

    private static List<Map<String, Object>> pages(UUID findingId) {
        return given().auth().oauth2(OPS).queryParam("findingId", findingId.toString()).get("/api/v1/pages").then()
                .statusCode(200).extract().jsonPath().getList("$");
    }

    @Test
    void unansweredItIsResentThenHandedOverAndAnAcknowledgementStopsIt() throws Exception {
        ConsumerTask<String, String> announced = EmbeddedInfrastructure.kafkaCompanion().consumeStrings()
                .withProp("auto.offset.reset", "earliest").fromTopics(Topics.ALERTS);
        String unit = unit();
        String first = leader(unit, "王副区长", 1, "wang.fu", List.of());
        String second = leader(unit, "陈副区长", 2, "chen.fu", List.of());
        String firstPath = "/leaders/" + unit + "/1";
        String secondPath = "/leaders/" + unit + "/2";
        CaseEvents events = CaseEvents.of(mapper);
        UUID finding = events.findingId();
        events.escalated("DISTRICT_LEADER_IN_CHARGE", unit, 2, 7200, Instant.now());

        // One person at a time: the first in the directory's order, with a link of their own.
        await().atMost(Duration.ofSeconds(20)).until(() -> alertsTo(firstPath, finding).size() == 1);
        JsonNode alert = json(alertsTo(firstPath, finding).get(0).body());
        String firstLink = alert.get("acknowledgeUrl").asText();
        assertTrue(firstLink.startsWith("http://127.0.0.1:8081/ack/"), firstLink);
        assertTrue(alert.get("message").asText().contains("第2级督办"), alert.toString());
        assertTrue(alertsTo(secondPath, finding).isEmpty());
        String id = pages(finding).get(0).get("id").toString();
        // A link for the next person, validly signed, before the alert has reached them: refused.
        given().post("/ack/" + tokens.issue(UUID.fromString(id), UUID.fromString(second),
                Instant.now().plusSeconds(600))).then().statusCode(403);

        // Unanswered: sent again, then handed to the next person.
        await().atMost(Duration.ofSeconds(20)).until(() -> alertsTo(firstPath, finding).size() == 2
                && !alertsTo(secondPath, finding).isEmpty());
        String secondLink = json(alertsTo(secondPath, finding).get(0).body()).get("acknowledgeUrl").asText();

        // The link opens a page with a button (chat apps open links to preview them: a GET changes nothing)...
        given().get(path(secondLink)).then().statusCode(200).contentType(ContentType.HTML)
                .body(containsString("<form method=\"post\">"));
        assertEquals("OPEN", pages(finding).get(0).get("status"));
        // ...and its button acknowledges.
        given().post(path(secondLink)).then().statusCode(200).body(containsString("已确认收到"));
        given().post(path(secondLink)).then().statusCode(200);
        Map<String, Object> page = pages(finding).get(0);
        assertEquals("ACKNOWLEDGED", page.get("status"));
        assertEquals("signed-link", page.get("acknowledgedBy"));
        assertNull(page.get("nextAt"));
        List<?> kinds = ((List<?>) page.get("steps")).stream().map(s -> ((Map<?, ?>) s).get("kind")).toList();
        assertEquals(List.of("SENT", "RESENT", "HANDED_OVER", "SENT"), kinds.subList(0, 4));
        assertEquals("ACKNOWLEDGED", kinds.get(kinds.size() - 1));
        assertEquals(first, ((Map<?, ?>) ((List<?>) page.get("steps")).get(0)).get("recipientId"));

        // Nothing more is sent to anyone, however many rounds run.
        int toFirst = alertsTo(firstPath, finding).size();
        int toSecond = alertsTo(secondPath, finding).size();
        await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(8)).until(() ->
                alertsTo(firstPath, finding).size() == toFirst && alertsTo(secondPath, finding).size() == toSecond);
        // The earlier person's link still works, but the first acknowledgement stands.
        given().post(path(firstLink)).then().statusCode(200);
        assertEquals("signed-link", pages(finding).get(0).get("acknowledgedBy"));

        await().atMost(Duration.ofSeconds(20)).until(() -> ofFinding(announced, finding).size() >= 2);
        List<ConsumerRecord<String, String>> records = ofFinding(announced, finding);
        announced.close();
        assertEquals(List.of(EventTypes.ALERT_HANDED_OVER, EventTypes.ALERT_ACKNOWLEDGED), records.stream()
                .map(r -> new String(r.headers().lastHeader("ce_type").value())).toList());
        JsonNode handedOver = json(records.get(0).value());
        assertEquals("王副区长", handedOver.get("recipient").asText());
        assertEquals("陈副区长", handedOver.get("nextRecipient").asText());
        assertEquals(2, handedOver.get("tries").asInt());
        JsonNode acknowledged = json(records.get(1).value());
        assertEquals("陈副区长", acknowledged.get("recipient").asText());
        assertEquals("signed-link", acknowledged.get("actor").asText());
        assertEquals(2, acknowledged.get("level").asInt());
    }

    private static List<ConsumerRecord<String, String>> ofFinding(ConsumerTask<String, String> task, UUID finding) {
        return task.getRecords().stream().filter(r -> finding.toString().equals(r.key())).toList();
    }

    @Test
    void aClosedCaseEndsItsAlertsAndNothingMoreIsSent() throws Exception {
        String unit = unit();
        leader(unit, "孙副区长", 1, "sun.fu", List.of());
        CaseEvents events = CaseEvents.of(mapper);
        events.escalated("DISTRICT_LEADER_IN_CHARGE", unit, 2, 60, Instant.now());
        String path = "/leaders/" + unit + "/1";
        await().atMost(Duration.ofSeconds(20)).until(() -> !alertsTo(path, events.findingId()).isEmpty());
        events.closed(unit, CaseClosed.Outcome.FIXED, Instant.now());
        await().atMost(Duration.ofSeconds(20)).until(() -> "CLOSED".equals(pages(events.findingId()).get(0)
                .get("status")));
        int sent = alertsTo(path, events.findingId()).size();
        await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(6)).until(() ->
                alertsTo(path, events.findingId()).size() == sent);
    }

    @Test
    void aDelegateAcknowledgesForTheLeaderAndStrangersAndForgedLinksAreRefused() throws Exception {
        String unit = unit();
        leader(unit, "李副区长", 1, "li.fu", List.of("zhao.mishu"));
        CaseEvents events = CaseEvents.of(mapper);
        UUID finding = events.findingId();
        events.escalated("DISTRICT_LEADER_IN_CHARGE", unit, 3, 90000, Instant.now());
        String path = "/leaders/" + unit + "/1";
        await().atMost(Duration.ofSeconds(20)).until(() -> !alertsTo(path, finding).isEmpty());
        String link = json(alertsTo(path, finding).get(0).body()).get("acknowledgeUrl").asText();
        String id = pages(finding).get(0).get("id").toString();
        String token = link.substring(link.lastIndexOf('/') + 1);

        // A forged, a malformed and an expired link: refused, and nothing changes.
        int dot = token.indexOf('.');
        // Another first character of the signature: a forgery however the real one begins.
        String forged = token.substring(0, dot + 1) + (token.charAt(dot + 1) == 'A' ? "B" : "A")
                + token.substring(dot + 2);
        given().post("/ack/" + forged).then().statusCode(403).contentType("application/problem+json");
        given().get("/ack/" + forged).then().statusCode(403).contentType("application/problem+json");
        given().post("/ack/not-a-token").then().statusCode(400).contentType("application/problem+json");
        String expired = tokens.issue(UUID.fromString(id), UUID.randomUUID(), Instant.now().minusSeconds(1));
        given().post("/ack/" + expired).then().statusCode(410).contentType("application/problem+json")
                .body("detail", containsString("expired"));
        // A valid signature for someone the alert was never sent to.
        String stranger = tokens.issue(UUID.fromString(id), UUID.randomUUID(), Instant.now().plusSeconds(600));
        given().post("/ack/" + stranger).then().statusCode(403);
        given().auth().oauth2(Tokens.person("someone.else", Roles.LEADER, Duration.ofMinutes(5)))
                .post("/api/v1/pages/" + id + "/acknowledgement").then().statusCode(403)
                .contentType("application/problem+json");
        assertNotEquals("ACKNOWLEDGED", pages(finding).get(0).get("status"));

        // The leader's secretary, listed as a delegate, acknowledges on the leader's behalf.
        given().auth().oauth2(Tokens.person("zhao.mishu", Roles.SUPERVISOR, Duration.ofMinutes(5)))
                .post("/api/v1/pages/" + id + "/acknowledgement").then().statusCode(200)
                .body("status", equalTo("ACKNOWLEDGED")).body("acknowledgedBy", equalTo("zhao.mishu"))
                .body("onBehalf", equalTo(true));
        given().auth().oauth2(Tokens.user(Roles.HANDLER)).get("/api/v1/pages?findingId=" + finding)
                .then().statusCode(403);
        given().get("/api/v1/pages?findingId=" + finding).then().statusCode(401);
    }

    @Test
    void alertsBelowLevelTwoNeedNoAcknowledgement() throws Exception {
        String unit = unit();
        leader(unit, "周副区长", 1, "zhou.fu", List.of());
        CaseEvents events = CaseEvents.of(mapper);
        events.escalated("DISTRICT_LEADER_IN_CHARGE", unit, 1, 60, Instant.now());
        String path = "/leaders/" + unit + "/1";
        await().atMost(Duration.ofSeconds(20)).until(() -> alertsTo(path, events.findingId()).size() == 1);
        assertTrue(json(alertsTo(path, events.findingId()).get(0).body()).get("acknowledgeUrl").isNull());
        assertEquals(List.of(), pages(events.findingId()));
    }
}
