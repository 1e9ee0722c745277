package org.civcity.escalation.rest;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.civcity.testsupport.CloudEventRecords.cloudEvent;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.civcity.contracts.Category;
import org.civcity.contracts.EventTypes;
import org.civcity.contracts.FindingAssigned;
import org.civcity.contracts.Severity;
import org.civcity.contracts.SiteType;
import org.civcity.contracts.Topics;
import org.civcity.shared.security.Roles;
import org.civcity.testsupport.EmbeddedInfrastructure;
import org.civcity.testsupport.EventSchemas;
import org.civcity.testsupport.InfrastructureResource;
import org.civcity.testsupport.Metrics;
import org.civcity.testsupport.OidcTestServer;
import org.civcity.testsupport.Tokens;
import org.junit.jupiter.api.Test;

/**
 * What followed an escalation (追责问责): an accountability proposal waits on the board and in a gauge until the office
 * or a leader records a disposition, which is a new record in the chain, one per escalation; bad requests store
 * nothing.
 */
@QuarkusTest
@QuarkusTestResource(value = InfrastructureResource.class,
        initArgs = {@ResourceArg(name = "database", value = "escalation"),
            @ResourceArg(name = "runtime-role", value = "escalation_runtime")})
@QuarkusTestResource(OidcTestServer.class)
class DispositionTest {

    private static final String SUPERVISOR = Tokens.user(Roles.SUPERVISOR);
    private static final String LEADER = Tokens.user(Roles.LEADER);
    private static final String RECORDS = "/api/v1/accountability-records";

    @Inject
    ObjectMapper mapper;

    @Test
    void aProposalAwaitsItsDispositionWhichIsRecordedOnceInTheChain() throws Exception {
        String unit = "DISPOSE_" + UUID.randomUUID().toString().substring(0, 6);
        UUID findingId = UUID.randomUUID();
        // Long overdue: every level of the test ladder falls due at once, up to the accountability proposal.
        assign(findingId, unit, Instant.now().minusSeconds(600));
        await().atMost(Duration.ofSeconds(20)).until(() -> records(findingId).stream()
                .anyMatch(r -> r.get("reason").toString().contains("ACCOUNTABILITY_PROPOSAL")));
        Map<String, Object> proposal = records(findingId).stream()
                .filter(r -> r.get("reason").toString().contains("ACCOUNTABILITY_PROPOSAL")).findFirst().orElseThrow();
        Map<String, Object> levelOne = records(findingId).stream()
                .filter(r -> ((Integer) r.get("level")) == 1).findFirst().orElseThrow();
        String proposalId = proposal.get("id").toString();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().auth().oauth2(LEADER).get("/api/v1/board")
                .then().statusCode(200).body("awaitingDisposition.recordId", hasItem(proposalId)));
        await().atMost(Duration.ofSeconds(20)).until(() -> Metrics.sum(
                "civcity_escalations_awaiting_disposition", "unit=\"" + unit + "\"") == 1.0);

        // Refused, and nothing stored.
        int before = records(findingId).size();
        String talk = "{\"kind\": \"TALK\", \"subject\": \"王某（城市管理局局长）\", \"reason\": \"12月2日约谈\"}";
        dispose(Tokens.handler(unit), proposalId, talk).then().statusCode(403);
        given().contentType(ContentType.JSON).body(talk).post(RECORDS + "/" + proposalId + "/dispositions").then()
                .statusCode(401);
        dispose(SUPERVISOR, UUID.randomUUID().toString(), talk).then().statusCode(404)
                .contentType("application/problem+json");
        dispose(SUPERVISOR, "not-a-uuid", talk).then().statusCode(400).contentType("application/problem+json");
        dispose(SUPERVISOR, proposalId, "{\"kind\": \"PROMOTION\", \"subject\": \"王某\"}").then().statusCode(400)
                .contentType("application/problem+json");
        dispose(SUPERVISOR, proposalId, "{\"kind\": \"TALK\", \"subject\": \" \"}").then().statusCode(400)
                .contentType("application/problem+json").body("errors.field", hasItem("subject"));
        dispose(LEADER, proposalId, "{\"kind\": \"EXEMPTION\", \"subject\": \"王某\"}").then().statusCode(400)
                .contentType("application/problem+json").body("errors.field", hasItem("reason"));
        dispose(SUPERVISOR, proposalId, "{\"kind\": \"TALK\", \"subject\": \"王某\"").then().statusCode(400)
                .contentType("application/problem+json");
        assertEquals(before, records(findingId).size(), "a refused disposition stored something");

        // The office records a talk with the person responsible: a new record after the proposal, linked to it.
        var created = dispose(SUPERVISOR, proposalId, talk).then().statusCode(201)
                .contentType(ContentType.JSON)
                .body("disposition", equalTo("TALK"))
                .body("reason", equalTo("DISPOSITION_TALK"))
                .body("subject", equalTo("王某（城市管理局局长）"))
                .body("note", equalTo("12月2日约谈"))
                .body("decidedBy", equalTo("supervisor-user"))
                .body("disposes", equalTo(proposal.get("escalationId")))
                .body("escalationId", equalTo(null))
                .body("level", equalTo(proposal.get("level")))
                .body("unit", equalTo(unit))
                .extract();
        JsonPath disposition = created.jsonPath();
        assertTrue(disposition.getLong("sequence") > ((Number) proposal.get("sequence")).longValue());
        // Announced with the escalation it settles, so the leaders' digest stops listing the proposal.
        ConsumerTask<String, String> announced = EmbeddedInfrastructure.kafkaCompanion().consumeStrings()
                .withProp("auto.offset.reset", "earliest").fromTopics(Topics.ESCALATIONS);
        ConsumerRecord<String, String> event = await().atMost(Duration.ofSeconds(20)).until(() -> announced
                .getRecords().stream().filter(r -> r.value().contains(disposition.getString("id"))).findFirst(),
                Optional::isPresent).orElseThrow();
        announced.close();
        EventSchemas.assertValid(event);
        JsonNode data = mapper.readTree(event.value());
        assertEquals(proposal.get("escalationId"), data.get("disposes").asText());
        assertEquals("TALK", data.get("disposition").asText());
        String location = created.header("Location");
        assertTrue(location.endsWith(RECORDS + "/" + disposition.getString("id")), location);
        given().auth().oauth2(LEADER).get(RECORDS + "/" + disposition.getString("id")).then().statusCode(200)
                .body("disposition", equalTo("TALK"));
        given().auth().oauth2(Tokens.handler("SOME_OTHER_UNIT")).get(RECORDS + "/" + disposition.getString("id"))
                .then().statusCode(404);

        // One disposition per escalation; a disposition itself takes none.
        dispose(LEADER, proposalId, "{\"kind\": \"EXEMPTION\", \"subject\": \"王某\", \"reason\": \"雪灾\"}").then()
                .statusCode(409).contentType("application/problem+json");
        dispose(SUPERVISOR, disposition.getString("id"), talk).then().statusCode(409)
                .contentType("application/problem+json");
        assertEquals(before + 1, records(findingId).size());

        // Settled: off the board and out of the gauge.
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().auth().oauth2(LEADER).get("/api/v1/board")
                .then().statusCode(200).body("awaitingDisposition.recordId", not(hasItem(proposalId))));
        await().atMost(Duration.ofSeconds(20)).until(() -> Metrics.sum(
                "civcity_escalations_awaiting_disposition", "unit=\"" + unit + "\"") == 0.0);

        // A leader exempts the level-1 escalation, for a reason; the chain still verifies.
        dispose(LEADER, levelOne.get("id").toString(),
                "{\"kind\": \"EXEMPTION\", \"subject\": \"李某（新华街道主任）\", \"reason\": \"暴雨封路，无法施工\"}")
                .then().statusCode(201).body("disposition", equalTo("EXEMPTION"))
                .body("decidedBy", equalTo("leader-user"));
        given().auth().oauth2(SUPERVISOR).get(RECORDS + "/verification").then().statusCode(200)
                .body("valid", equalTo(true));
    }

    private io.restassured.response.Response dispose(String token, String recordId, String body) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(body)
                .post(RECORDS + "/" + recordId + "/dispositions");
    }

    private static List<Map<String, Object>> records(UUID findingId) {
        return given().auth().oauth2(SUPERVISOR).queryParam("findingId", findingId.toString()).get(RECORDS).then()
                .statusCode(200).extract().jsonPath().getList("$");
    }

    private void assign(UUID findingId, String unit, Instant rectifyBy) throws Exception {
        Instant dispatchedAt = rectifyBy.minusSeconds(3600);
        String data = mapper.writeValueAsString(new FindingAssigned(findingId, 1, unit, "XINHUA_SUBDISTRICT",
                List.of(), Category.SANITATION, Severity.HIGH, SiteType.MAIN_ROAD, "Renmin Road", dispatchedAt,
                rectifyBy, rectifyBy, "dispositions-1", 0));
        EmbeddedInfrastructure.kafkaCompanion().produceStrings().fromRecords(cloudEvent(Topics.CASES,
                UUID.randomUUID(), EventTypes.FINDING_ASSIGNED, findingId.toString(), data)).awaitCompletion();
    }
}
