package org.civcity.assignment.rest;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.civcity.testsupport.CloudEventRecords.cloudEvent;
import static org.civcity.testsupport.CloudEventRecords.header;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.civcity.assignment.messaging.FindingEventsConsumerTest;
import org.civcity.contracts.Category;
import org.civcity.contracts.EventTypes;
import org.civcity.contracts.Severity;
import org.civcity.contracts.Topics;
import org.civcity.shared.security.Roles;
import org.civcity.testsupport.CloudEventRecords;
import org.civcity.testsupport.EmbeddedInfrastructure;
import org.civcity.testsupport.InfrastructureResource;
import org.civcity.testsupport.OidcTestServer;
import org.civcity.testsupport.Tokens;
import org.junit.jupiter.api.Test;

/**
 * Two districts in one deployment (#24): a case belongs to the district its finding.reported names, only that
 * district's office, leaders and units see or act on it (unit codes are each district's own), and its events name
 * the district.
 */
@QuarkusTest
@QuarkusTestResource(value = InfrastructureResource.class,
        initArgs = @ResourceArg(name = "database", value = "assignment"))
@QuarkusTestResource(OidcTestServer.class)
class DistrictIsolationTest {

    private static final String HOME_OFFICE = Tokens.user(Roles.SUPERVISOR);
    private static final String XIHU_OFFICE = Tokens.inDistrict("xihu", Roles.SUPERVISOR);
    private static final String HOME_POLICE = Tokens.handler("TRAFFIC_POLICE");
    private static final String XIHU_POLICE = Tokens.handlerIn("xihu", "TRAFFIC_POLICE");

    @Inject
    ObjectMapper mapper;

    private ProducerRecord<String, String> reported(UUID findingId, String district) throws Exception {
        ProducerRecord<String, String> record = cloudEvent(Topics.FINDINGS, UUID.randomUUID(),
                EventTypes.FINDING_REPORTED, findingId.toString(),
                FindingEventsConsumerTest.reported(mapper, findingId, Category.TRAFFIC_ORDER, Severity.HIGH));
        CloudEventRecords.inDistrict(record, district);
        return record;
    }

    @Test
    void aCaseIsItsFindingsDistrictsAlone() throws Exception {
        UUID xihu = UUID.randomUUID();
        UUID home = UUID.randomUUID();
        ConsumerTask<String, String> assigned = EmbeddedInfrastructure.kafkaCompanion().consumeStrings()
                .fromTopics(Topics.CASES);
        // The home district's finding names none, as every event did before districts were carried.
        EmbeddedInfrastructure.kafkaCompanion().produceStrings().fromRecords(reported(xihu, "xihu"),
                reported(home, null)).awaitCompletion();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().auth().oauth2(XIHU_OFFICE)
                .get("/api/v1/cases/" + xihu).then().statusCode(200).body("district", equalTo("xihu"))
                .body("leadUnit", equalTo("TRAFFIC_POLICE")));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().auth().oauth2(HOME_OFFICE)
                .get("/api/v1/cases/" + home).then().statusCode(200).body("district", equalTo("home")));

        // Another district's case is not found, for its office and for its unit of the same code.
        given().auth().oauth2(HOME_OFFICE).get("/api/v1/cases/" + xihu).then().statusCode(404)
                .contentType("application/problem+json");
        given().auth().oauth2(XIHU_OFFICE).get("/api/v1/cases/" + home).then().statusCode(404);
        given().auth().oauth2(HOME_POLICE).post("/api/v1/cases/" + xihu + "/acknowledgement").then()
                .statusCode(404);
        given().auth().oauth2(HOME_OFFICE).contentType("application/json").body("{\"outcome\": \"NOT_RESPONSIBLE\","
                + " \"reason\": \"not ours\"}").post("/api/v1/cases/" + xihu + "/closure").then().statusCode(404);
        // Its own unit acts on it.
        given().auth().oauth2(XIHU_POLICE).post("/api/v1/cases/" + xihu + "/acknowledgement").then()
                .statusCode(200).body("state", equalTo("ACKNOWLEDGED"));
        given().auth().oauth2(HOME_OFFICE).get("/api/v1/cases/" + home).then().body("state", equalTo("ASSIGNED"));

        // Lists and a unit's workload hold the district's own cases only.
        given().auth().oauth2(XIHU_OFFICE).queryParam("limit", 200).get("/api/v1/cases").then().statusCode(200)
                .body("items.findingId", hasItem(xihu.toString()))
                .body("items.findingId", not(hasItem(home.toString())))
                .body("items.district", not(hasItem("home")));
        given().auth().oauth2(HOME_OFFICE).queryParam("limit", 200).get("/api/v1/cases").then().statusCode(200)
                .body("items.findingId", not(hasItem(xihu.toString())));
        given().auth().oauth2(XIHU_POLICE).queryParam("limit", 200).get("/api/v1/cases").then().statusCode(200)
                .body("items.findingId", hasItem(xihu.toString()))
                .body("items.findingId", not(hasItem(home.toString())));
        given().auth().oauth2(XIHU_POLICE).get("/api/v1/units/TRAFFIC_POLICE/workload").then().statusCode(200)
                .body("open", equalTo(1)).body("byState.ACKNOWLEDGED", equalTo(1));

        // Every event of the case names its district.
        await().atMost(Duration.ofSeconds(20)).until(() -> assigned.getRecords().stream()
                .filter(r -> r.key().equals(xihu.toString())).count() >= 2
                && assigned.getRecords().stream().anyMatch(r -> r.key().equals(home.toString())));
        assigned.stop();
        assigned.getRecords().stream().filter(r -> r.key().equals(xihu.toString()))
                .forEach(r -> assertEquals("xihu", header(r, "ce_district"), header(r, "ce_type")));
        assigned.getRecords().stream().filter(r -> r.key().equals(home.toString()))
                .forEach(r -> assertEquals("home", header(r, "ce_district"), header(r, "ce_type")));
    }
}
