package org.civcity.assignment.rest;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.civcity.testsupport.CloudEventRecords.cloudEvent;
import static org.civcity.testsupport.CloudEventRecords.header;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.civcity.contracts.Category;
import org.civcity.contracts.EventTypes;
import org.civcity.contracts.FindingReported;
import org.civcity.contracts.FindingSource;
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

/** Every lifecycle transition and the illegal ones, with one schema-valid event per transition; routing; queries. */
@QuarkusTest
@QuarkusTestResource(value = InfrastructureResource.class,
        initArgs = @ResourceArg(name = "database", value = "assignment"))
@QuarkusTestResource(OidcTestServer.class)
class CaseLifecycleTest {

    private static final String SUPERVISOR = Tokens.user(Roles.SUPERVISOR);
    private static final String UM = Tokens.handler("URBAN_MANAGEMENT");
    private static final String TP = Tokens.handler("TRAFFIC_POLICE");

    @Inject
    ObjectMapper mapper;

    private String newCase(Category category, SiteType siteType, Double lat, Double lon, String siteCode,
            int repeatCount, String expectedState) throws Exception {
        return newCase(category, siteType, lat, lon, siteCode, null, null, repeatCount, expectedState);
    }

    private String newCase(Category category, SiteType siteType, Double lat, Double lon, String siteCode,
            String townshipName, BigDecimal points, int repeatCount, String expectedState) throws Exception {
        UUID id = UUID.randomUUID();
        String data = mapper.writeValueAsString(new FindingReported(id, FindingSource.SUPERVISION_CHECK, "office",
                "C-" + id, null, siteType, "Site " + id, siteCode, null, townshipName, category, null, Severity.HIGH,
                "Problem", OffsetDateTime.now().minusHours(1), lat, lon, List.of(), null, points,
                repeatCount > 0 ? UUID.randomUUID() : null, repeatCount, null, Instant.now()));
        EmbeddedInfrastructure.kafkaCompanion().produceStrings().fromRecords(cloudEvent(Topics.FINDINGS,
                UUID.randomUUID(), EventTypes.FINDING_REPORTED, id.toString(), data)).awaitCompletion();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> as(SUPERVISOR).get("/api/v1/cases/" + id)
                .then().statusCode(200).body("state", equalTo(expectedState)));
        return id.toString();
    }

    private String sanitationCase() throws Exception {
        return newCase(Category.SANITATION, SiteType.BACK_ALLEY, 30.27, 120.13, null, 0, "ASSIGNED");
    }

    private static RequestSpecification as(String token) {
        return given().auth().oauth2(token).contentType(ContentType.JSON);
    }

    @Test
    void routesToTheLeadDepartmentAndTheTerritorialTownship() throws Exception {
        String id = sanitationCase();
        as(SUPERVISOR).get("/api/v1/cases/" + id).then()
                .body("leadUnit", equalTo("URBAN_MANAGEMENT"))
                .body("township", equalTo("XINHUA_SUBDISTRICT"))
                .body("grid", equalTo("DONGFENG_COMMUNITY_GRID_1"))
                .body("supportingUnits", equalTo(List.of("ECOLOGY_ENVIRONMENT")))
                .body("routingVersion", containsString("sample-district"))
                .body("history[0].action", equalTo("DISPATCHED"));
        String mall = newCase(Category.SANITATION, SiteType.MALL_SUPERMARKET, null, null, "FM-EASTGATE", 0,
                "ASSIGNED");
        as(SUPERVISOR).get("/api/v1/cases/" + mall).then()
                .body("leadUnit", equalTo("MARKET_REGULATION")).body("township", equalTo("RENMIN_SUBDISTRICT"))
                .body("grid", equalTo(null));
        // The west of Xinhua is the other grid; Renmin has none drawn.
        String west = newCase(Category.SANITATION, SiteType.BACK_ALLEY, 30.27, 120.11, null, 0, "ASSIGNED");
        as(SUPERVISOR).get("/api/v1/cases/" + west).then().body("grid", equalTo("XINHUA_COMMUNITY_GRID_1"));
        String repeat = newCase(Category.SANITATION, SiteType.BACK_ALLEY, 30.35, 120.15, null, 2, "ASSIGNED");
        as(SUPERVISOR).get("/api/v1/cases/" + repeat).then()
                .body("township", equalTo("HEPING_TOWNSHIP"))
                .body("rectifyRule", equalTo("3 working days x 0.5 (repeat)"))
                .body("repeatCount", equalTo(2));
    }

    @Test
    void theTownshipAReporterNamesPlacesAFindingThatNothingElsePlaces() throws Exception {
        ConsumerTask<String, String> events = EmbeddedInfrastructure.kafkaCompanion().consumeStrings()
                .fromTopics(Topics.CASES);
        // An evaluator's row: no coordinates, no registered site, 所属街道 written out in full, 1.5 points deducted.
        String named = newCase(Category.SANITATION, SiteType.BACK_ALLEY, null, null, null, "人民街道办事处",
                new BigDecimal("1.5"), 0, "ASSIGNED");
        as(SUPERVISOR).get("/api/v1/cases/" + named).then().body("township", equalTo("RENMIN_SUBDISTRICT"))
                .body("townshipName", equalTo("人民街道办事处")).body("deductionPoints", equalTo(1.5f))
                .body("history[0].detail", containsString("in RENMIN_SUBDISTRICT"));
        // Shortened, and by its code.
        String shortened = newCase(Category.SANITATION, SiteType.BACK_ALLEY, null, null, null, "和平", null, 0,
                "ASSIGNED");
        as(SUPERVISOR).get("/api/v1/cases/" + shortened).then().body("township", equalTo("HEPING_TOWNSHIP"));
        String coded = newCase(Category.SANITATION, SiteType.BACK_ALLEY, null, null, null, "xinhua_subdistrict", null,
                0, "ASSIGNED");
        as(SUPERVISOR).get("/api/v1/cases/" + coded).then().body("township", equalTo("XINHUA_SUBDISTRICT"));
        // The routing data's polygons outrank what was written; a name nobody knows places nothing.
        String drawn = newCase(Category.SANITATION, SiteType.BACK_ALLEY, 30.27, 120.13, null, "人民街道", null, 0,
                "ASSIGNED");
        as(SUPERVISOR).get("/api/v1/cases/" + drawn).then().body("township", equalTo("XINHUA_SUBDISTRICT"))
                .body("townshipName", equalTo("人民街道"));
        String unknown = newCase(Category.SANITATION, SiteType.BACK_ALLEY, null, null, null, "月球街道", null, 0,
                "ASSIGNED");
        as(SUPERVISOR).get("/api/v1/cases/" + unknown).then().body("township", equalTo(null));
        // The dispatch carries the deduction points to the assessment.
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertTrue(events.getRecords().stream()
                .anyMatch(r -> r.key().equals(named) && r.value().contains("\"deductionPoints\":1.5")
                        && r.value().contains("\"township\":\"RENMIN_SUBDISTRICT\"")), "finding.assigned of " + named));
        events.close();
    }

    @Test
    void aFindingWithoutARouteWaitsInTriageUntilTheOfficeDispatchesIt() throws Exception {
        String id = newCase(Category.CIVIC_CONDUCT, SiteType.FARMERS_MARKET, 30.27, 120.13, null, 0, "TRIAGE");
        String named = newCase(Category.CIVIC_CONDUCT, SiteType.FARMERS_MARKET, null, null, null, "和平镇", null, 0,
                "TRIAGE");
        as(SUPERVISOR).queryParam("state", "TRIAGE").get("/api/v1/cases").then().statusCode(200)
                .body("items.findingId", hasItem(id));
        as(SUPERVISOR).body("{\"leadUnit\": \"NO_SUCH_UNIT\"}").post("/api/v1/cases/" + id + "/dispatch")
                .then().statusCode(400).contentType("application/problem+json");
        as(SUPERVISOR).body("{\"leadUnit\": \"MARKET_REGULATION\"}").post("/api/v1/cases/" + id + "/dispatch")
                .then().statusCode(200).body("state", equalTo("ASSIGNED"))
                .body("leadUnit", equalTo("MARKET_REGULATION"))
                // Dispatched by hand, it still has the township where it lies (属地), and its grid.
                .body("township", equalTo("XINHUA_SUBDISTRICT")).body("grid", equalTo("DONGFENG_COMMUNITY_GRID_1"));
        as(SUPERVISOR).body("{\"leadUnit\": \"MARKET_REGULATION\"}").post("/api/v1/cases/" + id + "/dispatch")
                .then().statusCode(409).body("state", equalTo("ASSIGNED"));
        as(SUPERVISOR).body("{\"leadUnit\": \"MARKET_REGULATION\"}").post("/api/v1/cases/" + named + "/dispatch")
                .then().statusCode(200).body("township", equalTo("HEPING_TOWNSHIP"));
        as(SUPERVISOR).get("/api/v1/cases/" + named).then()
                .body("history.detail", hasItem(containsString("in HEPING_TOWNSHIP from triage")));
    }

    @Test
    void reworkThenAVerifiedFixWithOneEventPerTransition() throws Exception {
        ConsumerTask<String, String> events = EmbeddedInfrastructure.kafkaCompanion().consumeStrings()
                .fromTopics(Topics.CASES);
        double passed = Metrics.sum("civcity_verifications_total", "result=\"passed\"");
        double failed = Metrics.sum("civcity_verifications_total", "result=\"failed\"");
        String acknowledged = "civcity_case_acknowledgement_seconds_count";
        String rectified = "civcity_case_rectification_seconds_count";
        double acknowledgements = Metrics.sum(acknowledged, "category=\"SANITATION\"");
        double rectifications = Metrics.sum(rectified, "category=\"SANITATION\"");
        String id = sanitationCase();
        // The open-cases gauge is re-read from the database: the new case shows under its unit and state.
        await().atMost(Duration.ofSeconds(10)).until(() -> Metrics.sum("civcity_cases_open",
                "state=\"ASSIGNED\"", "unit=\"URBAN_MANAGEMENT\"") >= 1);
        // Illegal before its time: verification needs a report.
        as(SUPERVISOR).body("{\"passed\": true}").post("/api/v1/cases/" + id + "/verification")
                .then().statusCode(409).contentType("application/problem+json")
                .body("state", equalTo("ASSIGNED")).body("detail", containsString("RECTIFIED"));
        as(UM).post("/api/v1/cases/" + id + "/acknowledgement").then().statusCode(200);
        as(UM).body("{\"report\": \"Cleared and washed\", \"evidenceUrls\": [\"https://evidence.example/a.jpg\"]}")
                .post("/api/v1/cases/" + id + "/rectification-report").then().statusCode(200)
                .body("state", equalTo("RECTIFIED"));
        as(SUPERVISOR).body("{\"passed\": false}").post("/api/v1/cases/" + id + "/verification")
                .then().statusCode(400).body("errors[0].field", equalTo("note"));
        as(SUPERVISOR).body("{\"passed\": false, \"note\": \"Bins still overflowing\"}")
                .post("/api/v1/cases/" + id + "/verification").then().statusCode(200)
                .body("state", equalTo("ASSIGNED")).body("generation", equalTo(2)).body("reworkCount", equalTo(1));
        as(UM).body("{\"report\": \"Bins emptied twice daily now\"}")
                .post("/api/v1/cases/" + id + "/rectification-report").then().statusCode(200);
        as(SUPERVISOR).body("{\"passed\": true, \"note\": \"Checked on site\"}")
                .post("/api/v1/cases/" + id + "/verification").then().statusCode(200)
                .body("state", equalTo("CLOSED")).body("outcome", equalTo("FIXED"));
        as(UM).post("/api/v1/cases/" + id + "/acknowledgement").then().statusCode(409)
                .body("state", equalTo("CLOSED"));
        assertEquals(passed + 1, Metrics.sum("civcity_verifications_total", "result=\"passed\""));
        assertEquals(failed + 1, Metrics.sum("civcity_verifications_total", "result=\"failed\""));
        assertEquals(acknowledgements + 1, Metrics.sum(acknowledged, "category=\"SANITATION\""));
        assertEquals(rectifications + 1, Metrics.sum(rectified, "category=\"SANITATION\""));
        assertTrue(Metrics.scrape().contains("civcity_case_rectification_seconds_bucket{category=\"SANITATION\","
                + "le=\"86400.0\"}"), "rectification times fall into working-day buckets");

        List<String> expected = List.of(EventTypes.FINDING_ASSIGNED, EventTypes.CASE_ACKNOWLEDGED,
                EventTypes.RECTIFICATION_SUBMITTED, EventTypes.RECTIFICATION_REJECTED,
                EventTypes.RECTIFICATION_SUBMITTED, EventTypes.RECTIFICATION_VERIFIED, EventTypes.CASE_CLOSED);
        await().atMost(Duration.ofSeconds(20)).until(() -> forCase(events, id).size() >= expected.size());
        // No event beyond these follows: the count holds for a second of further relay rounds.
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5))
                .until(() -> forCase(events, id).size() == expected.size());
        List<ConsumerRecord<String, String>> produced = forCase(events, id);
        events.stop();
        assertEquals(expected, produced.stream().map(r -> header(r, "ce_type")).toList());
        produced.forEach(EventSchemas::assertValid);
        List<Integer> generations = new java.util.ArrayList<>();
        for (ConsumerRecord<String, String> r : produced) {
            generations.add(mapper.readTree(r.value()).get("generation").asInt());
        }
        assertEquals(List.of(1, 1, 1, 2, 2, 2, 2), generations);
        // The rework names the deadline generation 1 missed (the dispatch's here: no extension was approved).
        assertEquals(mapper.readTree(produced.get(0).value()).get("rectifyBy").asText(),
                mapper.readTree(produced.get(3).value()).get("previousRectifyBy").asText());
        as(SUPERVISOR).get("/api/v1/cases/" + id).then().body("history.action", equalTo(List.of("DISPATCHED",
                "ACKNOWLEDGED", "RECTIFICATION_SUBMITTED", "REWORK", "RECTIFICATION_SUBMITTED", "VERIFIED")));
    }

    private static List<ConsumerRecord<String, String>> forCase(ConsumerTask<String, String> events, String id) {
        return events.getRecords().stream().filter(r -> id.equals(r.key())).toList();
    }

    @Test
    void aTransferNeedsTheOfficesApprovalAndOpensANewGeneration() throws Exception {
        String id = sanitationCase();
        as(UM).body("{\"reason\": \"Parking on the pavement is the traffic police's\"}")
                .post("/api/v1/cases/" + id + "/transfer-request").then().statusCode(200)
                .body("state", equalTo("TRANSFER_REQUESTED"));
        as(UM).body("{\"report\": \"x\"}").post("/api/v1/cases/" + id + "/rectification-report")
                .then().statusCode(409).body("state", equalTo("TRANSFER_REQUESTED"));
        as(SUPERVISOR).body("{\"reason\": \"It is yours\"}").post("/api/v1/cases/" + id + "/transfer-request/rejection")
                .then().statusCode(200).body("state", equalTo("ASSIGNED"));
        as(UM).body("{\"reason\": \"Really not ours\"}").post("/api/v1/cases/" + id + "/transfer-request")
                .then().statusCode(200);
        as(SUPERVISOR).body("{\"toUnit\": \"URBAN_MANAGEMENT\"}")
                .post("/api/v1/cases/" + id + "/transfer-request/approval").then().statusCode(400);
        as(SUPERVISOR).body("{\"toUnit\": \"TRAFFIC_POLICE\"}")
                .post("/api/v1/cases/" + id + "/transfer-request/approval").then().statusCode(200)
                .body("leadUnit", equalTo("TRAFFIC_POLICE")).body("generation", equalTo(2))
                .body("transferCount", equalTo(1)).body("state", equalTo("ASSIGNED"));
        as(UM).get("/api/v1/cases/" + id).then().statusCode(404);
        as(TP).post("/api/v1/cases/" + id + "/acknowledgement").then().statusCode(200);
    }

    @Test
    void anExtensionIsRequestedThenDecidedOnce() throws Exception {
        String id = sanitationCase();
        String rectifyBy = as(SUPERVISOR).get("/api/v1/cases/" + id).then().extract().path("rectifyBy");
        as(UM).body("{\"until\": \"2020-01-01T00:00:00Z\", \"reason\": \"Materials\"}")
                .post("/api/v1/cases/" + id + "/extension-request").then().statusCode(400)
                .body("errors[0].field", equalTo("until"));
        String until = Instant.parse(rectifyBy).plus(Duration.ofDays(7)).toString();
        as(UM).body("{\"until\": \"" + until + "\", \"reason\": \"Waiting for replacement bins\"}")
                .post("/api/v1/cases/" + id + "/extension-request").then().statusCode(200)
                .body("pendingExtensionUntil", equalTo(until));
        as(UM).body("{\"until\": \"" + until + "\", \"reason\": \"again\"}")
                .post("/api/v1/cases/" + id + "/extension-request").then().statusCode(409);
        as(UM).post("/api/v1/cases/" + id + "/extension-request/approval").then().statusCode(403);
        as(SUPERVISOR).post("/api/v1/cases/" + id + "/extension-request/approval").then().statusCode(200)
                .body("rectifyBy", equalTo(until)).body("extensionCount", equalTo(1))
                .body("pendingExtensionUntil", nullValue()).body("generation", equalTo(1));
        as(SUPERVISOR).post("/api/v1/cases/" + id + "/extension-request/approval").then().statusCode(409);
    }

    @Test
    void theOfficeClosesACaseAsNotFixedWithAReason() throws Exception {
        String id = sanitationCase();
        as(SUPERVISOR).body("{\"outcome\": \"FIXED\", \"reason\": \"x\"}").post("/api/v1/cases/" + id + "/closure")
                .then().statusCode(400);
        as(SUPERVISOR).body("{\"outcome\": \"GONE\", \"reason\": \"x\"}").post("/api/v1/cases/" + id + "/closure")
                .then().statusCode(400).contentType("application/problem+json");
        as(SUPERVISOR).body("{\"outcome\": \"NOT_RESPONSIBLE\", \"reason\": \"Private land\"}")
                .post("/api/v1/cases/" + id + "/closure").then().statusCode(200)
                .body("state", equalTo("CLOSED")).body("outcome", equalTo("NOT_RESPONSIBLE"));
        as(SUPERVISOR).body("{\"outcome\": \"UNABLE\", \"reason\": \"again\"}").post("/api/v1/cases/" + id + "/closure")
                .then().statusCode(409).body("state", equalTo("CLOSED"));
    }

    @Test
    void listsPageWithACursorAndUnitsSeeTheirOwnWorkload() throws Exception {
        for (int i = 0; i < 3; i++) {
            sanitationCase();
        }
        String first = as(SUPERVISOR).queryParam("unit", "URBAN_MANAGEMENT").queryParam("limit", 2)
                .get("/api/v1/cases").then().statusCode(200).extract().path("nextCursor");
        as(SUPERVISOR).queryParam("unit", "URBAN_MANAGEMENT").queryParam("limit", 2).queryParam("cursor", first)
                .get("/api/v1/cases").then().statusCode(200).body("items.leadUnit", not(hasItem("TRAFFIC_POLICE")));
        as(TP).queryParam("unit", "URBAN_MANAGEMENT").get("/api/v1/cases").then().statusCode(200)
                .body("items.leadUnit", not(hasItem("URBAN_MANAGEMENT")));
        as(SUPERVISOR).queryParam("overdue", true).get("/api/v1/cases").then().statusCode(200)
                .body("items.overdue", not(hasItem(false)));
        as(UM).get("/api/v1/units/URBAN_MANAGEMENT/workload").then().statusCode(200)
                .body("unit", equalTo("URBAN_MANAGEMENT"));
        as(UM).get("/api/v1/units/TRAFFIC_POLICE/workload").then().statusCode(404);
        as(SUPERVISOR).get("/api/v1/units").then().statusCode(200).body("units.code", hasItem("XINHUA_SUBDISTRICT"));
        as(SUPERVISOR).queryParam("state", "LOST").get("/api/v1/cases").then().statusCode(400);
    }
}
