package org.civcity.escalation.rest;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.civcity.testsupport.CloudEventRecords.cloudEvent;
import static org.civcity.testsupport.CloudEventRecords.header;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.civcity.contracts.AlertFollowUp;
import org.civcity.contracts.Category;
import org.civcity.contracts.EventTypes;
import org.civcity.contracts.FindingAssigned;
import org.civcity.contracts.RecipientChanged;
import org.civcity.contracts.RoutingPublished;
import org.civcity.contracts.Severity;
import org.civcity.contracts.SiteType;
import org.civcity.contracts.Topics;
import org.civcity.shared.security.Roles;
import org.civcity.testsupport.CloudEventRecords;
import org.civcity.testsupport.EmbeddedInfrastructure;
import org.civcity.testsupport.InfrastructureResource;
import org.civcity.testsupport.Metrics;
import org.civcity.testsupport.OidcTestServer;
import org.civcity.testsupport.Tokens;
import org.junit.jupiter.api.Test;

/**
 * Two districts in one deployment (#24): each district's escalations go into its own ledger chain (its own sequence,
 * hashes, lock and head), its office and leaders read, verify and dispose of its records only, its ranking counts its
 * own cases, and a city role sees the districts' rankings side by side.
 */
@QuarkusTest
@QuarkusTestResource(value = InfrastructureResource.class,
        initArgs = {@ResourceArg(name = "database", value = "escalation"),
            @ResourceArg(name = "runtime-role", value = "escalation_runtime")})
@QuarkusTestResource(OidcTestServer.class)
class DistrictIsolationTest {

    private static final String RECORDS = "/api/v1/accountability-records";
    private static final String HOME_OFFICE = Tokens.user(Roles.SUPERVISOR);
    private static final String XIHU_OFFICE = Tokens.inDistrict("xihu", Roles.SUPERVISOR);
    private static final String XIHU_LEADER = Tokens.inDistrict("xihu", Roles.LEADER);

    @Inject
    ObjectMapper mapper;

    @Test
    void eachDistrictHasItsOwnLedgerChainAndSeesOnlyItsOwn() throws Exception {
        // The same unit code in both districts: two different departments.
        String unit = "DISTRICTS_" + UUID.randomUUID().toString().substring(0, 6);
        UUID xihu = UUID.randomUUID();
        UUID home = UUID.randomUUID();
        ConsumerTask<String, String> escalations = EmbeddedInfrastructure.kafkaCompanion().consumeStrings()
                .fromTopics(Topics.ESCALATIONS, Topics.LEDGER_HEAD);
        // Each district's directory names its own head of the unit: its records name theirs only.
        UUID xihuHead = UUID.randomUUID();
        UUID homeHead = UUID.randomUUID();
        EmbeddedInfrastructure.kafkaCompanion().produceStrings().fromRecords(
                headOf(xihuHead, unit, "西湖王", "xihu"), headOf(homeHead, unit, "主城李", null)).awaitCompletion();
        await().atMost(Duration.ofSeconds(30)).until(() -> postHolders(xihuHead, homeHead) == 2);
        Instant overdue = Instant.now().minusSeconds(600);
        // The home case lies in a township of its own: xihu's trends must not show it.
        String homeTown = "HOME_TOWN_" + unit.substring(unit.length() - 6);
        // Each dispatch carries its district's name of the unit (the xihu one first, so the latest is home's).
        EmbeddedInfrastructure.kafkaCompanion().produceStrings().fromRecords(assigned(xihu, unit, overdue, "xihu",
                "XINHUA_SUBDISTRICT", Map.of(unit, "西湖区城管局"))).awaitCompletion();
        EmbeddedInfrastructure.kafkaCompanion().produceStrings().fromRecords(assigned(home, unit, overdue, null,
                homeTown, Map.of(unit, "主城区城管局"))).awaitCompletion();
        await().atMost(Duration.ofSeconds(30)).until(() -> !records(XIHU_OFFICE, xihu).isEmpty()
                && !records(HOME_OFFICE, home).isEmpty());

        Set<Object> xihuPeople = persons(records(XIHU_OFFICE, xihu));
        Set<Object> homePeople = persons(records(HOME_OFFICE, home));
        assertTrue(xihuPeople.contains("西湖王") && !xihuPeople.contains("主城李"), xihuPeople.toString());
        assertTrue(homePeople.contains("主城李") && !homePeople.contains("西湖王"), homePeople.toString());
        // Each record names the unit as its district calls it.
        assertEquals(Set.of("西湖区城管局"), unitNames(records(XIHU_OFFICE, xihu), unit));
        assertEquals(Set.of("主城区城管局"), unitNames(records(HOME_OFFICE, home), unit));
        // Each office reads its own district's records only.
        assertTrue(records(HOME_OFFICE, xihu).isEmpty(), "the home office reads a xihu record");
        assertTrue(records(XIHU_OFFICE, home).isEmpty(), "the xihu office reads a home record");
        given().auth().oauth2(XIHU_OFFICE).queryParam("unit", unit).get(RECORDS).then().statusCode(200)
                .body("findingId", not(hasItem(home.toString())));
        // Xihu's chain is its own: its verification walks exactly xihu's records (this class alone writes xihu's),
        // from sequence 1, while the home chain holds its own sequence 1 too.
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().auth().oauth2(XIHU_OFFICE)
                .get(RECORDS + "/verification").then().statusCode(200).body("valid", equalTo(true))
                .body("checked", equalTo(records(XIHU_OFFICE, xihu).size())));
        List<Map<String, Object>> xihuRecords = records(XIHU_OFFICE, xihu);
        assertEquals(1L, xihuRecords.stream().mapToLong(r -> ((Number) r.get("sequence")).longValue()).min()
                .orElseThrow(), "xihu's first record");
        given().auth().oauth2(HOME_OFFICE).queryParam("limit", 1).get(RECORDS).then().statusCode(200)
                .body("[0].sequence", equalTo(1));
        given().auth().oauth2(HOME_OFFICE).get(RECORDS + "/verification").then().statusCode(200)
                .body("valid", equalTo(true));
        String xihuRecord = xihuRecords.get(0).get("id").toString();
        given().auth().oauth2(HOME_OFFICE).get(RECORDS + "/" + xihuRecord).then().statusCode(404)
                .contentType("application/problem+json");
        given().auth().oauth2(XIHU_LEADER).get(RECORDS + "/" + xihuRecord).then().statusCode(200)
                .body("findingId", equalTo(xihu.toString()));
        // Another district's record cannot be disposed of: not found, nothing stored.
        given().auth().oauth2(HOME_OFFICE).contentType("application/json")
                .body("{\"kind\": \"TALK\", \"subject\": \"王某\", \"reason\": \"约谈\"}")
                .post(RECORDS + "/" + xihuRecord + "/dispositions").then().statusCode(404);
        assertEquals(xihuRecords.size(), records(XIHU_OFFICE, xihu).size());
        // An alert follow-up naming no district (as published before notification-service named one) joins its case's
        // chain.
        Instant sent = Instant.now().minusSeconds(60);
        EmbeddedInfrastructure.kafkaCompanion().produceStrings().fromRecords(cloudEvent(Topics.ALERTS,
                UUID.randomUUID(), EventTypes.ALERT_ACKNOWLEDGED, xihu.toString(), mapper.writeValueAsString(
                        new AlertFollowUp(xihu, UUID.randomUUID(), 1, 2, "CIVILIZATION_OFFICE", null,
                                "RECTIFICATION_OVERDUE", "李四", null, "li-si", false, 1, sent, Instant.now()))))
                .awaitCompletion();
        await().atMost(Duration.ofSeconds(20)).until(() -> records(XIHU_OFFICE, xihu).stream()
                .anyMatch(r -> "ALERT_ACKNOWLEDGED".equals(r.get("reason"))));
        assertTrue(records(HOME_OFFICE, xihu).isEmpty(), "the alert record went into the home chain");
        // Instructions: another district's case is not found.
        given().auth().oauth2(Tokens.user(Roles.LEADER)).contentType("application/json")
                .body("{\"findingId\": \"" + xihu + "\", \"text\": \"限期整改\"}").post("/api/v1/instructions")
                .then().statusCode(404);

        // The board's feed is the district's own chain.
        given().auth().oauth2(XIHU_LEADER).queryParam("feedSize", 200).get("/api/v1/board").then().statusCode(200)
                .body("feed.findingId", hasItem(xihu.toString()))
                .body("feed.findingId", not(hasItem(home.toString())));
        given().auth().oauth2(Tokens.user(Roles.LEADER)).queryParam("feedSize", 200).get("/api/v1/board").then()
                .statusCode(200).body("feed.findingId", not(hasItem(xihu.toString())))
                .body("names." + unit, equalTo("主城区城管局"));
        given().auth().oauth2(XIHU_LEADER).get("/api/v1/board").then().statusCode(200)
                .body("names." + unit, equalTo("西湖区城管局"));

        // Rankings: each district counts its own case of the unit; the city sees both side by side.
        String month = YearMonth.now(ZoneId.of("Asia/Shanghai")).toString();
        given().auth().oauth2(XIHU_OFFICE).queryParam("period", month).get("/api/v1/assessments").then()
                .statusCode(200).body("units.find { it.unit == '" + unit + "' }.findings", equalTo(1));
        given().auth().oauth2(Tokens.user(Roles.CITY)).queryParam("period", month)
                .get("/api/v1/assessments/districts").then().statusCode(200)
                .body("district", equalTo(List.of("home", "xihu")))
                .body("[0].assessment.units.find { it.unit == '" + unit + "' }.findings", equalTo(1))
                .body("[1].assessment.units.find { it.unit == '" + unit + "' }.findings", equalTo(1));
        given().auth().oauth2(HOME_OFFICE).queryParam("period", month).get("/api/v1/assessments/districts")
                .then().statusCode(403);
        // Trends, the map, the bulletin and the gauges are each district's own.
        given().auth().oauth2(XIHU_LEADER).get("/api/v1/trends").then().statusCode(200)
                .body("series.township", hasItem("XINHUA_SUBDISTRICT"))
                .body("series.township", not(hasItem(homeTown)));
        given().auth().oauth2(Tokens.user(Roles.LEADER)).get("/api/v1/trends").then().statusCode(200)
                .body("series.township", hasItem(homeTown));
        long xihuOpen = given().auth().oauth2(XIHU_LEADER).get("/api/v1/board").then().statusCode(200)
                .extract().jsonPath().getList("cases.open", Number.class).stream().mapToLong(Number::longValue).sum();
        var map = given().auth().oauth2(XIHU_LEADER).get("/api/v1/board/map").then().statusCode(200).extract()
                .jsonPath();
        assertEquals(xihuOpen, map.getList("townships.open", Number.class).stream().mapToLong(Number::longValue)
                .sum() + map.getLong("elsewhere"), "xihu's map counts other districts' open cases");
        given().auth().oauth2(XIHU_LEADER).queryParam("format", "json").get("/api/v1/bulletins/" + month).then()
                .statusCode(200).body("escalations.findingId", hasItem(xihu.toString()))
                .body("escalations.findingId", not(hasItem(home.toString())));
        int published = given().auth().oauth2(XIHU_OFFICE).get("/api/v1/bulletins/" + month + "/publications")
                .then().statusCode(200).extract().jsonPath().getList("$").size();
        int homePublished = homePublications(month);
        given().auth().oauth2(XIHU_OFFICE).contentType("application/json")
                .body(published == 0 ? "{}" : "{\"correction\": \"rerun\"}")
                .post("/api/v1/bulletins/" + month + "/publications").then().statusCode(201)
                .body("version", equalTo(published + 1));
        assertEquals(homePublished, homePublications(month), "xihu's publication counted as a home version");
        await().atMost(Duration.ofSeconds(20)).until(() -> Metrics.sum("civcity_cases_tracked",
                "unit=\"" + unit + "\"", "district=\"xihu\"") == 1.0 && Metrics.sum("civcity_cases_tracked",
                "unit=\"" + unit + "\"", "district=\"home\"") == 1.0);
        await().atMost(Duration.ofSeconds(30)).until(() -> Metrics.sum("civcity_unit_rank",
                "unit=\"" + unit + "\"", "district=\"xihu\"") >= 1.0);
        // A token of a district not served here keeps no role: 403 on every endpoint, the city's view included.
        given().auth().oauth2(Tokens.inDistrict("nowhere", Roles.CITY)).queryParam("period", month)
                .get("/api/v1/assessments/districts").then().statusCode(403);

        // Every escalation event names its district; each district's head has its own key.
        await().atMost(Duration.ofSeconds(20)).until(() -> escalations.getRecords().stream()
                .anyMatch(r -> "accountability-ledger:xihu".equals(r.key())) && escalations.getRecords().stream()
                .anyMatch(r -> ("bulletin:" + month + ":xihu").equals(r.key())));
        escalations.stop();
        var ofXihu = escalations.getRecords().stream().filter(r -> xihu.toString().equals(r.key())).toList();
        assertFalse(ofXihu.isEmpty());
        ofXihu.forEach(r -> assertEquals("xihu", header(r, "ce_district"), header(r, "ce_type")));
        escalations.getRecords().stream().filter(r -> home.toString().equals(r.key()))
                .forEach(r -> assertEquals("home", header(r, "ce_district"), header(r, "ce_type")));
        escalations.getRecords().stream().filter(r -> "accountability-ledger:xihu".equals(r.key()))
                .forEach(r -> assertEquals("xihu", header(r, "ce_district")));
        assertTrue(escalations.getRecords().stream().anyMatch(r -> ("bulletin:" + month + ":xihu").equals(r.key())
                && "xihu".equals(header(r, "ce_district"))), "xihu's bulletin announced under its own key");
    }

    @Test
    void eachDistrictsMapIsDrawnWithItsOwnAreas() throws Exception {
        List<Object> homeAreas = given().auth().oauth2(Tokens.user(Roles.LEADER)).get("/api/v1/board/map").then()
                .statusCode(200).extract().jsonPath().getList("townships.code");
        String code = "XIHU_TOWN_" + UUID.randomUUID().toString().substring(0, 6);
        List<List<Double>> ring = List.of(List.of(120.0, 30.0), List.of(120.1, 30.0), List.of(120.1, 30.1),
                List.of(120.0, 30.0));
        ProducerRecord<String, String> published = cloudEvent(Topics.ROUTING, UUID.randomUUID(),
                EventTypes.ROUTING_PUBLISHED, "routing:xihu", mapper.writeValueAsString(new RoutingPublished(
                        "xihu-" + code, Instant.now(), List.of(new RoutingPublished.Area(code, "西湖新街道", ring,
                                List.of())))));
        EmbeddedInfrastructure.kafkaCompanion().produceStrings()
                .fromRecords(CloudEventRecords.inDistrict(published, "xihu")).awaitCompletion();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().auth().oauth2(XIHU_LEADER)
                .get("/api/v1/board/map").then().statusCode(200).body("version", equalTo("xihu-" + code))
                .body("townships.code", equalTo(List.of(code))).body("townships[0].name", equalTo("西湖新街道")));
        // The home district's map keeps its own areas.
        given().auth().oauth2(Tokens.user(Roles.LEADER)).get("/api/v1/board/map").then().statusCode(200)
                .body("townships.code", equalTo(homeAreas));
    }

    @Test
    void anEventOfAnotherDistrictThanItsCaseIsRefused() throws Exception {
        UUID finding = UUID.randomUUID();
        String unit = "DISTRICTS_" + UUID.randomUUID().toString().substring(0, 6);
        Instant later = Instant.now().plusSeconds(3600);
        ConsumerTask<String, String> dead = EmbeddedInfrastructure.kafkaCompanion().consumeStrings()
                .fromTopics(Topics.deadLetter("escalation-service"));
        EmbeddedInfrastructure.kafkaCompanion().produceStrings().fromRecords(assigned(finding, unit, later, "xihu"))
                .awaitCompletion();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().auth().oauth2(XIHU_OFFICE)
                .queryParam("afterSequence", 0).get("/api/v1/board").then().statusCode(200)
                .body("cases.unit", hasItem(unit)));
        // The same finding's next event claims the home district: a finding's events all come from its own.
        ProducerRecord<String, String> closed = cloudEvent(Topics.CASES, UUID.randomUUID(), EventTypes.CASE_CLOSED,
                finding.toString(), "{\"findingId\": \"" + finding + "\", \"generation\": 1, \"unit\": \"" + unit
                        + "\", \"outcome\": \"FIXED\", \"closedAt\": \"" + Instant.now() + "\", \"closedBy\": \"x\"}");
        EmbeddedInfrastructure.kafkaCompanion().produceStrings().fromRecords(closed).awaitCompletion();
        await().atMost(Duration.ofSeconds(30)).until(() -> dead.getRecords().stream()
                .anyMatch(r -> finding.toString().equals(r.key())));
        dead.stop();
        assertTrue(dead.getRecords().stream().filter(r -> finding.toString().equals(r.key()))
                .allMatch(r -> String.valueOf(header(r, "dead-letter-reason"))
                        .contains("is tracked in district xihu, not home")), "dead-lettered for another reason");
        // The case stays open in its district.
        given().auth().oauth2(XIHU_OFFICE).get("/api/v1/board").then().statusCode(200)
                .body("cases.findAll { it.unit == '" + unit + "' }", hasSize(1));
    }

    private ProducerRecord<String, String> assigned(UUID findingId, String unit, Instant rectifyBy, String district)
            throws Exception {
        return assigned(findingId, unit, rectifyBy, district, "XINHUA_SUBDISTRICT");
    }

    private ProducerRecord<String, String> assigned(UUID findingId, String unit, Instant rectifyBy, String district,
            String township) throws Exception {
        return assigned(findingId, unit, rectifyBy, district, township, Map.of());
    }

    /** A dispatch in {@code district} (null: home) carrying the names its routing data gives the units. */
    private ProducerRecord<String, String> assigned(UUID findingId, String unit, Instant rectifyBy, String district,
            String township, Map<String, String> names) throws Exception {
        Instant dispatchedAt = rectifyBy.minusSeconds(3600);
        String data = mapper.writeValueAsString(new FindingAssigned(findingId, 1, unit, township,
                List.of(), Category.SANITATION, Severity.HIGH, SiteType.MAIN_ROAD, "Renmin Road", dispatchedAt,
                rectifyBy, rectifyBy, "districts-1", 0, names, null, null));
        ProducerRecord<String, String> record = cloudEvent(Topics.CASES, UUID.randomUUID(),
                EventTypes.FINDING_ASSIGNED, findingId.toString(), data);
        CloudEventRecords.inDistrict(record, district);
        return record;
    }

    /** A unit head's entry in {@code district}'s directory (null: home, no extension), as notification announces it. */
    private ProducerRecord<String, String> headOf(UUID id, String unit, String name, String district)
            throws Exception {
        ProducerRecord<String, String> record = cloudEvent(Topics.RECIPIENTS, UUID.randomUUID(),
                EventTypes.RECIPIENT_CHANGED, id.toString(), mapper.writeValueAsString(new RecipientChanged(id,
                        "UNIT_HEAD", unit, name, true, 0, Instant.now())));
        CloudEventRecords.inDistrict(record, district);
        return record;
    }

    /** How many of {@code ids} escalation-service holds in post, read from its database. */
    private static long postHolders(UUID... ids) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://" + EmbeddedInfrastructure.postgres()
                + "/escalation", EmbeddedInfrastructure.postgresUser(), EmbeddedInfrastructure.postgresPassword());
                PreparedStatement q = c.prepareStatement(
                        "SELECT count(*) FROM post_holder WHERE recipient_id = ANY(?)")) {
            q.setArray(1, c.createArrayOf("uuid", ids));
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** The people in post the records name, over all their parties. */
    @SuppressWarnings("unchecked")
    private static Set<Object> persons(List<Map<String, Object>> records) {
        return records.stream().flatMap(r -> ((List<Map<String, Object>>) r.get("parties")).stream())
                .flatMap(p -> ((List<Object>) p.get("persons")).stream()).collect(Collectors.toSet());
    }

    @SuppressWarnings("unchecked")
    private static Set<Object> unitNames(List<Map<String, Object>> records, String unit) {
        return records.stream().flatMap(r -> ((List<Map<String, Object>>) r.get("parties")).stream())
                .filter(p -> unit.equals(p.get("unit"))).map(p -> p.get("unitName")).collect(Collectors.toSet());
    }

    private static int homePublications(String month) {
        return given().auth().oauth2(HOME_OFFICE).get("/api/v1/bulletins/" + month + "/publications").then()
                .statusCode(200).extract().jsonPath().getList("$").size();
    }

    private static List<Map<String, Object>> records(String token, UUID findingId) {
        return given().auth().oauth2(token).queryParam("findingId", findingId.toString()).get(RECORDS).then()
                .statusCode(200).extract().jsonPath().getList("$");
    }
}
