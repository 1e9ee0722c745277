package org.civcity.assignment.rest;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.civcity.testsupport.CloudEventRecords.cloudEvent;
import static org.civcity.testsupport.CloudEventRecords.header;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import jakarta.inject.Inject;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
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
    private static final String HOME_ADMIN = Tokens.user(Roles.ADMIN);
    private static final String XIHU_ADMIN = Tokens.inDistrict("xihu", Roles.ADMIN);

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

    @Test
    void eachDistrictRoutesWithItsOwnData() throws Exception {
        String homeVersion = given().auth().oauth2(HOME_ADMIN).get("/api/v1/routing").then().statusCode(200)
                .extract().path("published.version");
        // Xihu's admins publish xihu's own directory: the same department code, xihu's own name, and a unit of its own.
        ObjectNode data;
        try (InputStream in = DistrictIsolationTest.class.getResourceAsStream("/routing/district.json")) {
            data = (ObjectNode) mapper.readTree(in);
        }
        String xihuVersion = "xihu-" + UUID.randomUUID().toString().substring(0, 8);
        data.put("version", xihuVersion);
        for (JsonNode unit : data.get("units")) {
            if (unit.get("code").asText().equals("TRAFFIC_POLICE")) {
                ((ObjectNode) unit).put("name", "西湖交警大队");
            }
        }
        ((ArrayNode) data.get("units")).addObject().put("code", "XIHU_LAKE_OFFICE").put("name", "西湖管委会")
                .put("kind", "DEPARTMENT");
        ConsumerTask<String, String> geography = EmbeddedInfrastructure.kafkaCompanion().consumeStrings()
                .fromTopics(Topics.ROUTING);
        ConsumerTask<String, String> assigned = EmbeddedInfrastructure.kafkaCompanion().consumeStrings()
                .fromTopics(Topics.CASES);
        // Publishing is the district's own: the home admin's version line does not move.
        given().auth().oauth2(XIHU_ADMIN).contentType(ContentType.JSON).body(Map.of("source", "西湖区路由表",
                "routing", data)).put("/api/v1/routing").then().statusCode(201).body("published", equalTo(true));
        given().auth().oauth2(XIHU_ADMIN).get("/api/v1/routing").then().statusCode(200)
                .body("published.version", equalTo(xihuVersion));
        given().auth().oauth2(HOME_ADMIN).get("/api/v1/routing").then().statusCode(200)
                .body("published.version", equalTo(homeVersion));
        given().auth().oauth2(HOME_ADMIN).get("/api/v1/routing/versions").then().statusCode(200)
                .body("version", not(hasItem(xihuVersion)));
        given().auth().oauth2(XIHU_ADMIN).get("/api/v1/routing/versions").then().statusCode(200)
                .body("version", hasItem(xihuVersion));
        // The same version name is free in the other district.
        given().auth().oauth2(HOME_ADMIN).contentType(ContentType.JSON).body(Map.of("source", "dry run",
                "routing", data)).post("/api/v1/routing/dry-run").then().statusCode(200);
        // The working calendar is national: every district reads it, only the home district's admins change it.
        given().auth().oauth2(XIHU_OFFICE).get("/api/v1/calendars").then().statusCode(200);
        given().auth().oauth2(XIHU_ADMIN).contentType(ContentType.JSON).body(Map.of("source", "西湖区通知",
                "holidays", List.of("2027-10-08"), "swappedWorkingDays", List.of())).put("/api/v1/calendars/2027")
                .then().statusCode(403).contentType("application/problem+json");
        given().auth().oauth2(XIHU_ADMIN).contentType(ContentType.JSON).body(Map.of("dryRun", true,
                "reason", "西湖区")).post("/api/v1/calendars/2027/replan").then().statusCode(403);
        // Each district's directory.
        given().auth().oauth2(XIHU_OFFICE).get("/api/v1/units").then().statusCode(200)
                .body("version", equalTo(xihuVersion)).body("units.code", hasItem("XIHU_LAKE_OFFICE"));
        given().auth().oauth2(HOME_OFFICE).get("/api/v1/units").then().statusCode(200)
                .body("version", equalTo(homeVersion)).body("units.code", not(hasItem("XIHU_LAKE_OFFICE")));

        // Each district's finding is routed with its own data, and its dispatch names units as its district does.
        UUID xihu = UUID.randomUUID();
        UUID home = UUID.randomUUID();
        EmbeddedInfrastructure.kafkaCompanion().produceStrings().fromRecords(reported(xihu, "xihu"),
                reported(home, null)).awaitCompletion();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().auth().oauth2(XIHU_OFFICE)
                .get("/api/v1/cases/" + xihu).then().statusCode(200)
                .body("routingVersion", equalTo("routing " + xihuVersion)));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().auth().oauth2(HOME_OFFICE)
                .get("/api/v1/cases/" + home).then().statusCode(200)
                .body("routingVersion", equalTo("routing " + homeVersion)));
        await().atMost(Duration.ofSeconds(20)).until(() -> unitNames(assigned, xihu) != null
                && unitNames(assigned, home) != null);
        assertEquals("西湖交警大队", unitNames(assigned, xihu).get("TRAFFIC_POLICE").asText());
        assertEquals("交警大队", unitNames(assigned, home).get("TRAFFIC_POLICE").asText());
        assigned.stop();
        // Closed, so the units' workloads other tests of the class count stay theirs.
        given().auth().oauth2(XIHU_OFFICE).contentType("application/json").body("{\"outcome\": \"NOT_RESPONSIBLE\","
                + " \"reason\": \"test data\"}").post("/api/v1/cases/" + xihu + "/closure").then().statusCode(200);

        // Xihu's geography is announced under its own key, naming its district, for xihu's map.
        await().atMost(Duration.ofSeconds(20)).until(() -> geography.getRecords().stream()
                .anyMatch(r -> r.value().contains(xihuVersion)));
        geography.stop();
        ConsumerRecord<String, String> announced = geography.getRecords().stream()
                .filter(r -> r.value().contains(xihuVersion)).findFirst().orElseThrow();
        assertEquals("routing:xihu", announced.key());
        assertEquals("xihu", header(announced, "ce_district"));
    }

    /** The unit names the finding's finding.assigned carried, or null before it. */
    private JsonNode unitNames(ConsumerTask<String, String> cases, UUID findingId) throws Exception {
        for (ConsumerRecord<String, String> r : cases.getRecords()) {
            if (r.key().equals(findingId.toString())
                    && EventTypes.FINDING_ASSIGNED.equals(header(r, "ce_type"))) {
                return mapper.readTree(r.value()).get("unitNames");
            }
        }
        return null;
    }
}
