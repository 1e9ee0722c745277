package org.civcity.findings.rest;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.civcity.testsupport.CloudEventRecords.cloudEvent;
import static org.civcity.testsupport.CloudEventRecords.header;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.civcity.contracts.Category;
import org.civcity.contracts.EventTypes;
import org.civcity.contracts.FindingAssigned;
import org.civcity.contracts.Severity;
import org.civcity.contracts.SiteType;
import org.civcity.contracts.Topics;
import org.civcity.shared.security.Roles;
import org.civcity.testsupport.CloudEventRecords;
import org.civcity.testsupport.EmbeddedInfrastructure;
import org.civcity.testsupport.InfrastructureResource;
import org.civcity.testsupport.OidcTestServer;
import org.civcity.testsupport.Tokens;
import org.junit.jupiter.api.Test;

/**
 * Two districts in one deployment (#24): the home district and xihu (the test profile serves both). Each district's
 * findings, recurrences, round imports and reports are its own on every read of the intake, and its events say whose
 * they are.
 */
@QuarkusTest
@QuarkusTestResource(value = InfrastructureResource.class,
        initArgs = @ResourceArg(name = "database", value = "findings"))
@QuarkusTestResource(OidcTestServer.class)
class DistrictIsolationTest {

    private static final String HOME_REPORTER = FindingResourceTest.REPORTER;
    private static final String HOME_OFFICE = Tokens.user(Roles.SUPERVISOR);
    private static final String XIHU_REPORTER = Tokens.reporterIn("xihu", "mock-eval");
    private static final String XIHU_OFFICE = Tokens.inDistrict("xihu", Roles.SUPERVISOR);
    private static final String XIHU_LEADER = Tokens.inDistrict("xihu", Roles.LEADER);

    @Inject
    ObjectMapper mapper;

    private static String body(String reference, String round, String siteCode) {
        return """
                {"source": "MOCK_EVALUATION", "sourceSystem": "mock-eval", "sourceReference": "%s",
                 "inspectionRound": "%s", "siteType": "FARMERS_MARKET", "siteName": "South Gate Market",
                 "siteCode": "%s", "category": "SANITATION", "severity": "MEDIUM",
                 "description": "Waste not sorted", "observedAt": "2026-11-20T09:30:00+08:00"}
                """.formatted(reference, round, siteCode);
    }

    private static Response post(String token, String body) {
        return given().auth().oauth2(token).header("Idempotency-Key", UUID.randomUUID().toString())
                .contentType(ContentType.JSON).body(body).post("/api/v1/findings");
    }

    @Test
    void aDistrictSeesOnlyItsOwnFindingsAndItsEventsNameIt() {
        String round = "district-round-" + UUID.randomUUID();
        String site = "SITE-" + UUID.randomUUID().toString().substring(0, 8);
        var reported = EmbeddedInfrastructure.kafkaCompanion().consumeStrings().fromTopics(Topics.FINDINGS);
        String xihu = post(XIHU_REPORTER, body("X1-" + site, round, site)).then().statusCode(201)
                .body("district", equalTo("xihu")).extract().path("id");
        // The same site code in the home district is another place: not a duplicate of xihu's open finding.
        String home = post(HOME_REPORTER, body("H1-" + site, round, site)).then().statusCode(201)
                .body("district", equalTo("home")).body("duplicateOf", nullValue())
                .body("status", equalTo("REPORTED")).extract().path("id");
        // Within xihu it is one: the second report there is a duplicate of the first.
        String xihuAgain = post(XIHU_REPORTER, body("X2-" + site, round, site)).then().statusCode(201)
                .body("duplicateOf", equalTo(xihu)).extract().path("id");

        // One finding: another district's is not found, for the office and for the reporting system alike.
        given().auth().oauth2(HOME_OFFICE).get("/api/v1/findings/" + xihu).then().statusCode(404)
                .contentType("application/problem+json");
        given().auth().oauth2(HOME_REPORTER).get("/api/v1/findings/" + xihu).then().statusCode(404);
        given().auth().oauth2(XIHU_OFFICE).get("/api/v1/findings/" + home).then().statusCode(404);
        given().auth().oauth2(XIHU_LEADER).get("/api/v1/findings/" + xihu).then().statusCode(200)
                .body("district", equalTo("xihu"));
        // Lists: the same round holds each district's own findings only.
        given().auth().oauth2(HOME_OFFICE).queryParam("round", round).get("/api/v1/findings").then()
                .statusCode(200).body("items", hasSize(1)).body("items[0].id", equalTo(home));
        given().auth().oauth2(XIHU_OFFICE).queryParam("round", round).get("/api/v1/findings").then()
                .statusCode(200).body("items", hasSize(2)).body("items.district", not(hasItem("home")));
        // Splitting another district's duplicate: not found, and nothing changes.
        given().auth().oauth2(HOME_OFFICE).post("/api/v1/findings/" + xihuAgain + "/split").then().statusCode(404);
        given().auth().oauth2(XIHU_OFFICE).get("/api/v1/findings/" + xihuAgain).then()
                .body("status", equalTo("DUPLICATE"));
        // Source references are a district's own: the one xihu used is a new finding in the home district, and
        // xihu's own repeat of it is refused (another round and site, so the counts below stay the first three's).
        String elsewhere = site + "-B";
        post(HOME_REPORTER, body("X1-" + site, round + "-refs", elsewhere)).then().statusCode(201)
                .body("district", equalTo("home"));
        post(XIHU_REPORTER, body("X1-" + site, round + "-refs", elsewhere)).then().statusCode(409)
                .body("existingFindingId", equalTo(xihu));
        // An Idempotency-Key is the client's within its district: the same key in the other district is no replay.
        String sharedKey = UUID.randomUUID().toString();
        given().auth().oauth2(XIHU_REPORTER).header("Idempotency-Key", sharedKey).contentType(ContentType.JSON)
                .body(body("K1-" + site, round + "-refs", elsewhere)).post("/api/v1/findings").then().statusCode(201)
                .body("district", equalTo("xihu"));
        given().auth().oauth2(HOME_REPORTER).header("Idempotency-Key", sharedKey).contentType(ContentType.JSON)
                .body(body("K1-" + site, round + "-refs", elsewhere)).post("/api/v1/findings").then().statusCode(201)
                .header("Idempotent-Replayed", nullValue()).body("district", equalTo("home"));
        // Open311: the same isolation.
        given().auth().oauth2(HOME_REPORTER).get("/open311/v2/requests/" + xihu + ".json").then().statusCode(404);
        given().auth().oauth2(HOME_REPORTER).queryParam("service_request_id", xihu)
                .get("/open311/v2/requests.json").then().statusCode(200).body("$", hasSize(0));
        // Round reports and the recurrence ranking (which leaves out duplicates of open findings: one finding at the
        // site in each district; two if either counted the other's).
        given().auth().oauth2(HOME_OFFICE).get("/api/v1/rounds/" + round).then().statusCode(200)
                .body("findings", equalTo(1));
        given().auth().oauth2(XIHU_OFFICE).get("/api/v1/rounds/" + round).then().statusCode(200)
                .body("findings", equalTo(2));
        given().auth().oauth2(XIHU_LEADER).queryParam("minimum", 0).queryParam("limit", 200)
                .get("/api/v1/recurring-sites").then().statusCode(200)
                .body("sites.find { it.siteCode == '" + site + "' }.findings", equalTo(1));
        given().auth().oauth2(HOME_OFFICE).queryParam("minimum", 0).queryParam("limit", 200)
                .get("/api/v1/recurring-sites").then().statusCode(200)
                .body("sites.find { it.siteCode == '" + site + "' }.findings", equalTo(1));

        // Each finding.reported names its district (CloudEvents extension, header ce_district).
        await().atMost(Duration.ofSeconds(20)).until(() -> reported.getRecords().stream()
                .filter(r -> r.key().equals(xihu) || r.key().equals(home) || r.key().equals(xihuAgain)).count() >= 3);
        reported.stop();
        reported.getRecords().stream().filter(r -> r.key().equals(xihu) || r.key().equals(xihuAgain))
                .forEach(r -> assertEquals("xihu", header(r, "ce_district")));
        reported.getRecords().stream().filter(r -> r.key().equals(home))
                .forEach(r -> assertEquals("home", header(r, "ce_district")));
    }

    @Test
    void aRoundImportedInOneDistrictIsThatDistrictsAlone() {
        String round = "district-import-" + UUID.randomUUID();
        String csv = "序号,点位类型,点位名称,所属街道,问题描述,问题类别,扣分,发现时间,照片链接\n"
                + "1,背街小巷,西湖后巷1号,北山街道,垃圾堆放,环境卫生,0.5,2026-11-20 8:01,\n"
                + "2,背街小巷,西湖后巷2号,北山街道,垃圾堆放,环境卫生,0.5,2026-11-20 8:02,\n";
        // In the background, so the job's stored caller (and its district) is what imports the rows.
        Response accepted = given().auth().oauth2(XIHU_REPORTER).contentType("text/csv")
                .header("Prefer", "respond-async").body(csv.getBytes(StandardCharsets.UTF_8))
                .post("/api/v1/rounds/" + round + "/import");
        accepted.then().statusCode(202);
        String status = accepted.header("Location");
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500)).until(() -> given()
                .auth().oauth2(XIHU_REPORTER).urlEncodingEnabled(false).get(status).jsonPath().getString("state")
                .equals("DONE"));
        given().auth().oauth2(XIHU_REPORTER).urlEncodingEnabled(false).get(status).then().body("imported", equalTo(2));
        // The home district's same reporting system does not see the import, its round or its findings.
        given().auth().oauth2(HOME_REPORTER).urlEncodingEnabled(false).get(status).then().statusCode(404)
                .contentType("application/problem+json");
        given().auth().oauth2(HOME_OFFICE).get("/api/v1/rounds/" + round).then().statusCode(404);
        given().auth().oauth2(HOME_OFFICE).queryParam("round", round).get("/api/v1/findings").then()
                .statusCode(200).body("items", hasSize(0));
        given().auth().oauth2(XIHU_OFFICE).queryParam("round", round).get("/api/v1/findings").then()
                .statusCode(200).body("items", hasSize(2)).body("items.district", not(hasItem("home")));
        // The same evaluator's file imported in the home district is the home district's round: all new.
        given().auth().oauth2(HOME_REPORTER).contentType("text/csv").body(csv.getBytes(StandardCharsets.UTF_8))
                .post("/api/v1/rounds/" + round + "/import").then().statusCode(200)
                .body("imported", equalTo(2)).body("alreadyImported", equalTo(0));
        given().auth().oauth2(HOME_OFFICE).get("/api/v1/rounds/" + round).then().statusCode(200)
                .body("findings", equalTo(2));
    }

    @Test
    void eachDistrictLabelsItsTownshipsWithItsOwnNames() throws Exception {
        // The same township code in two districts is two townships: each round report uses its district's name,
        // whichever district's dispatch came last.
        String round = "district-names-" + UUID.randomUUID();
        String township = "TOWN_" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
        String xihu = post(XIHU_REPORTER, body("N1-" + round, round, "S1")).then().statusCode(201)
                .extract().path("id");
        String home = post(HOME_REPORTER, body("N1-" + round, round, "S1")).then().statusCode(201)
                .extract().path("id");
        EmbeddedInfrastructure.kafkaCompanion().produceStrings().fromRecords(assigned(xihu, township, "西湖街道",
                "xihu")).awaitCompletion();
        EmbeddedInfrastructure.kafkaCompanion().produceStrings().fromRecords(assigned(home, township, "主城街道",
                "home")).awaitCompletion();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(HOME_OFFICE)
                .get("/api/v1/rounds/" + round).then().statusCode(200)
                .body("byTownship.key", equalTo(List.of(township)))
                .body("byTownship.label", equalTo(List.of("主城街道"))));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(XIHU_OFFICE)
                .get("/api/v1/rounds/" + round).then().statusCode(200)
                .body("byTownship.key", equalTo(List.of(township)))
                .body("byTownship.label", equalTo(List.of("西湖街道"))));
        // An event naming xihu about the home district's finding is set aside, its names with it.
        EmbeddedInfrastructure.kafkaCompanion().produceStrings().fromRecords(assigned(home, township, "冒名街道",
                "xihu")).awaitCompletion();
        await().atMost(Duration.ofSeconds(30)).until(() -> given().auth().oauth2(Tokens.inDistrict("xihu", Roles.OPS))
                .queryParam("limit", 500).get("/api/v1/dead-letters").then().statusCode(200).extract().jsonPath()
                .getList("findAll { it.key == '" + home + "' }.reason", String.class).stream()
                .anyMatch(r -> r.contains("is district home's, not xihu's")));
        given().auth().oauth2(HOME_OFFICE).get("/api/v1/rounds/" + round).then().statusCode(200)
                .body("byTownship.label", equalTo(List.of("主城街道")));
        given().auth().oauth2(XIHU_OFFICE).get("/api/v1/rounds/" + round).then().statusCode(200)
                .body("byTownship.label", equalTo(List.of("西湖街道")));
    }

    private ProducerRecord<String, String> assigned(String findingId, String township, String name, String district)
            throws Exception {
        UUID id = UUID.fromString(findingId);
        Instant now = Instant.now();
        ProducerRecord<String, String> record = cloudEvent(Topics.CASES, UUID.randomUUID(),
                EventTypes.FINDING_ASSIGNED, findingId, mapper.writeValueAsString(new FindingAssigned(id, 1,
                        "URBAN_MANAGEMENT", township, List.of(), Category.SANITATION, Severity.MEDIUM,
                        SiteType.FARMERS_MARKET, "South Gate Market", now, now.plusSeconds(3600),
                        now.plusSeconds(86400), "p", 0, Map.of(township, name), null, null)));
        return CloudEventRecords.inDistrict(record, district);
    }

    @Test
    void aTokenOfADistrictNotServedHereIsRefused() {
        // The token keeps no role here, so every endpoint refuses it, whether it reads the district or not.
        given().auth().oauth2(Tokens.inDistrict("nowhere", Roles.SUPERVISOR)).get("/api/v1/findings").then()
                .statusCode(403).contentType("application/problem+json");
        given().auth().oauth2(Tokens.inDistrict("nowhere", Roles.OPS)).get("/api/v1/dead-letters").then()
                .statusCode(403).contentType("application/problem+json");
        // Nothing is stored for a refused caller.
        post(Tokens.reporterIn("nowhere", "mock-eval"), body("N1-" + UUID.randomUUID(), "nowhere-round", "S"))
                .then().statusCode(403);
        given().auth().oauth2(Tokens.inDistrict("Not A Code!", Roles.SUPERVISOR)).get("/api/v1/findings").then()
                .statusCode(403).contentType("application/problem+json");
    }
}
