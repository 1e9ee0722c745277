package org.civcity.escalation.rest;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.civcity.testsupport.CloudEventRecords.cloudEvent;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.civcity.contracts.AlertFollowUp;
import org.civcity.contracts.Category;
import org.civcity.contracts.EventTypes;
import org.civcity.contracts.FindingAssigned;
import org.civcity.contracts.RoutingPublished;
import org.civcity.contracts.Severity;
import org.civcity.contracts.SiteListed;
import org.civcity.contracts.SiteType;
import org.civcity.contracts.Topics;
import org.civcity.shared.security.Roles;
import org.civcity.testsupport.EmbeddedInfrastructure;
import org.civcity.testsupport.InfrastructureResource;
import org.civcity.testsupport.OidcTestServer;
import org.civcity.testsupport.Tokens;
import org.junit.jupiter.api.Test;

/** The board's data API and its page: who may read it, what it counts, the page's own security headers. */
@QuarkusTest
@QuarkusTestResource(value = InfrastructureResource.class,
        initArgs = {@ResourceArg(name = "database", value = "escalation"),
            @ResourceArg(name = "runtime-role", value = "escalation_runtime")})
@QuarkusTestResource(OidcTestServer.class)
class BoardResourceTest {

    @Inject
    ObjectMapper mapper;

    @Inject
    MeterRegistry registry;

    @Test
    void countsOpenAndOverdueCasesByUnitAndTownshipAndFeedsTheirEscalations() throws Exception {
        String unit = "BOARD_" + UUID.randomUUID().toString().substring(0, 6);
        UUID overdue = UUID.randomUUID();
        UUID onTime = UUID.randomUUID();
        Instant past = Instant.now().minusSeconds(120);
        assign(overdue, unit, past, past.plusSeconds(60));
        assign(onTime, unit, Instant.now(), Instant.now().plusSeconds(3600));
        String path = "cases.find { it.unit == '" + unit + "' && it.township == 'RENMIN_SUBDISTRICT' }";
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().auth().oauth2(Tokens.user(Roles.LEADER))
                .get("/api/v1/board").then().statusCode(200)
                .body(path + ".open", equalTo(2)).body(path + ".overdue", equalTo(1))
                .body("feed.findingId", hasItem(overdue.toString()))
                .body("ranking.units.unit", hasItem(unit))
                // The names people use, as the dispatch carried them, for the page to show beside the codes.
                .body("names." + unit, equalTo("测试局 " + unit)).body("names.RENMIN_SUBDISTRICT", equalTo("人民街道")));
        long newest = given().auth().oauth2(Tokens.user(Roles.SUPERVISOR)).get("/api/v1/board").then()
                .extract().jsonPath().getLong("feed[0].sequence");
        // A polling page asks only for what is newer than what it has.
        given().auth().oauth2(Tokens.user(Roles.SUPERVISOR)).queryParam("afterSequence", newest)
                .get("/api/v1/board").then().statusCode(200)
                .body("feed.sequence", everyItem(greaterThan((int) newest)));
    }

    /** Issue #22: what became of an alert that must be acknowledged is on the ledger and the board, not in rankings. */
    @Test
    void acknowledgedAndHandedOverAlertsAreRecordedInTheLedgerAndShownOnTheBoard() throws Exception {
        String unit = "ALERTS_" + UUID.randomUUID().toString().substring(0, 6).toUpperCase();
        UUID finding = UUID.randomUUID();
        Instant sent = Instant.now().minusSeconds(1800);
        // Not overdue: the ladder leaves it alone, so the ledger holds only the alerts' records.
        assign(finding, unit, Instant.now(), Instant.now().plusSeconds(86400));
        UUID page = UUID.randomUUID();
        alert(EventTypes.ALERT_HANDED_OVER, new AlertFollowUp(finding, page, 1, 2, "DISTRICT_LEADER_IN_CHARGE", unit,
                "RECTIFICATION_OVERDUE", "王副区长", "陈副区长", null, false, 3, sent, sent.plusSeconds(900)));
        alert(EventTypes.ALERT_ACKNOWLEDGED, new AlertFollowUp(finding, page, 1, 2, "DISTRICT_LEADER_IN_CHARGE", unit,
                "RECTIFICATION_OVERDUE", "陈副区长", null, "zhao.mishu", true, 1, sent.plusSeconds(900),
                sent.plusSeconds(1500)));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().auth().oauth2(Tokens.user(Roles.SUPERVISOR))
                .queryParam("findingId", finding.toString()).get("/api/v1/accountability-records").then()
                .statusCode(200)
                .body("reason", equalTo(List.of("ALERT_HANDED_OVER", "ALERT_ACKNOWLEDGED")))
                .body("[1].subject", equalTo("陈副区长")).body("[1].decidedBy", equalTo("zhao.mishu"))
                .body("[1].note", equalTo("第2级督办提醒由陈副区长确认收到（zhao.mishu代为确认），发出后10分钟"))
                .body("[0].note", equalTo("第2级督办提醒发送王副区长3次均未确认，已转陈副区长"))
                .body("[0].decidedBy", equalTo("notification-service")));
        given().auth().oauth2(Tokens.user(Roles.LEADER)).get("/api/v1/board").then().statusCode(200)
                .body("feed.find { it.findingId == '" + finding + "' && it.reason == 'ALERT_ACKNOWLEDGED' }.note",
                        containsString("代为确认"));
        // The chain still verifies with the new records in it; the unit's ranking counts no escalation for them.
        given().auth().oauth2(Tokens.user(Roles.SUPERVISOR)).get("/api/v1/accountability-records/verification")
                .then().statusCode(200).body("valid", equalTo(true));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().auth().oauth2(Tokens.user(Roles.LEADER))
                .get("/api/v1/board").then().statusCode(200)
                .body("ranking.units.find { it.unit == '" + unit + "' }.escalationsByLevel", equalTo(Map.of())));
    }

    private void alert(String type, AlertFollowUp data) throws Exception {
        EmbeddedInfrastructure.kafkaCompanion().produceStrings().fromRecords(cloudEvent(Topics.ALERTS,
                UUID.randomUUID(), type, data.findingId().toString(), mapper.writeValueAsString(data)))
                .awaitCompletion();
    }

    @Test
    void onlyTheOfficeAndLeadersReadTheBoard() {
        given().get("/api/v1/board").then().statusCode(401).contentType("application/problem+json");
        given().auth().oauth2(Tokens.handler("URBAN_MANAGEMENT")).get("/api/v1/board").then().statusCode(403)
                .contentType("application/problem+json");
        given().auth().oauth2(Tokens.user(Roles.SUPERVISOR)).queryParam("feedSize", 0).get("/api/v1/board")
                .then().statusCode(400).contentType("application/problem+json");
        given().get("/api/v1/board/sign-in").then().statusCode(200)
                .body("clientId", equalTo("supervision-board")).body("authority", containsString("http"));
    }

    @Test
    void thePageIsServedWithItsOwnContentSecurityPolicy() {
        given().get("/board/").then().statusCode(200).contentType(containsString("text/html"))
                .body(containsString("文明城市创建督办看板"))
                .header("Content-Security-Policy", containsString("script-src 'self'"))
                .header("Content-Security-Policy", not(containsString("unsafe-inline")))
                .header("X-Frame-Options", equalTo("DENY"));
        given().get("/board/board.js").then().statusCode(200).body(containsString("code_challenge"));
        given().redirects().follow(false).get("/board").then().statusCode(301).header("Location", equalTo("/board/"));
        given().get("/api/v1/board/sign-in").then()
                .header("Content-Security-Policy", equalTo("default-src 'none'; frame-ancestors 'none'"));
    }

    @Test
    void theHotSpotMapShadesTheTownshipsOfTheRoutingDataInForceAndPlacesRepeatAndListedSites() throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 6).toUpperCase();
        String east = "MAP_EAST_" + suffix;
        String west = "MAP_WEST_" + suffix;
        Instant publishedAt = Instant.now();
        RoutingPublished.Area eastArea = new RoutingPublished.Area(east, "东区街道" + suffix, ring(120.2, 30.2, 120.3,
                30.3), List.of(new RoutingPublished.Area("GRID_" + suffix, "东区第一网格", ring(120.2, 30.2, 120.25,
                30.3), null)));
        routing(new RoutingPublished("map-" + suffix, publishedAt, List.of(eastArea,
                new RoutingPublished.Area(west, "西区街道" + suffix, ring(120.1, 30.2, 120.2, 30.3), null))));
        String unit = "MAP_UNIT_" + suffix;
        Instant past = Instant.now().minusSeconds(120);
        UUID overdue = UUID.randomUUID();
        UUID repeat = UUID.randomUUID();
        UUID listedCase = UUID.randomUUID();
        place(overdue, unit, east, past, past.plusSeconds(60), 0, null, null);
        place(repeat, unit, east, Instant.now(), Instant.now().plusSeconds(3600), 1, 30.25, 120.27);
        place(listedCase, unit, west, Instant.now(), Instant.now().plusSeconds(3600), 2, 30.22, 120.15);
        EmbeddedInfrastructure.kafkaCompanion().produceStrings().fromRecords(cloudEvent(Topics.SITES,
                UUID.randomUUID(), EventTypes.SITE_LISTED, listedCase.toString(), mapper.writeValueAsString(
                        new SiteListed(UUID.randomUUID(), listedCase, "code:MAP-" + suffix, SiteType.BACK_ALLEY,
                                "地图测试后巷" + suffix, "MAP-" + suffix, west, null, unit, 3, "P180D",
                                List.of(listedCase), Instant.now(), Instant.now().plusSeconds(3600), "PT1H"))))
                .awaitCompletion();

        String eastPath = "townships.find { it.code == '" + east + "' }";
        String westPath = "townships.find { it.code == '" + west + "' }";
        String listedPoint = "points.find { it.findingId == '" + listedCase + "' }";
        String repeatPoint = "points.find { it.findingId == '" + repeat + "' }";
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().auth().oauth2(Tokens.user(Roles.LEADER))
                .get("/api/v1/board/map").then().statusCode(200)
                .body("version", equalTo("map-" + suffix)).body("townships.size()", equalTo(2))
                .body(eastPath + ".name", equalTo("东区街道" + suffix)).body(eastPath + ".open", equalTo(2))
                .body(eastPath + ".overdue", equalTo(1)).body(eastPath + ".polygon.size()", equalTo(5))
                .body(eastPath + ".grids[0].name", equalTo("东区第一网格"))
                .body(westPath + ".open", equalTo(1)).body(westPath + ".overdue", equalTo(0))
                .body(repeatPoint + ".listed", equalTo(false)).body(repeatPoint + ".siteName", equalTo("Renmin Road"))
                .body(repeatPoint + ".latitude", equalTo(30.25f)).body(repeatPoint + ".repeatCount", equalTo(1))
                .body(listedPoint + ".listed", equalTo(true))
                .body(listedPoint + ".listedSiteName", equalTo("地图测试后巷" + suffix))
                .body(listedPoint + ".recurrences", equalTo(3))
                .body("points.findingId", not(hasItem(overdue.toString()))));

        // An older version read late (a replay) does not replace the areas in force.
        double processed = registry.counter("civcity.inbox.processed", "consumer", "escalation-service.map").count();
        routing(new RoutingPublished("map-old-" + suffix, publishedAt.minusSeconds(86400), List.of(eastArea)));
        await().atMost(Duration.ofSeconds(20)).until(() -> registry.counter("civcity.inbox.processed", "consumer",
                "escalation-service.map").count() > processed);
        given().auth().oauth2(Tokens.user(Roles.SUPERVISOR)).get("/api/v1/board/map").then().statusCode(200)
                .body("version", equalTo("map-" + suffix)).body("townships.size()", equalTo(2));
        // The version in force announced again (assignment-service does at every start) changes nothing and fails
        // nothing; a newer version with the same townships replaces them.
        double deadLetters = registry.counter("civcity.inbox.dead_letters", "consumer", "escalation-service.map",
                "reason", "failed").count();
        routing(new RoutingPublished("map-" + suffix, publishedAt, List.of(eastArea,
                new RoutingPublished.Area(west, "西区街道" + suffix, ring(120.1, 30.2, 120.2, 30.3), null))));
        routing(new RoutingPublished("map-2-" + suffix, publishedAt.plusSeconds(60), List.of(new RoutingPublished.Area(
                east, "东区新街道" + suffix, ring(120.2, 30.2, 120.3, 30.3), null), new RoutingPublished.Area(west,
                "西区街道" + suffix, ring(120.1, 30.2, 120.2, 30.3), null))));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().auth().oauth2(Tokens.user(Roles.SUPERVISOR))
                .get("/api/v1/board/map").then().statusCode(200).body("version", equalTo("map-2-" + suffix))
                .body(eastPath + ".name", equalTo("东区新街道" + suffix)).body(eastPath + ".grids.size()", equalTo(0))
                .body(eastPath + ".open", equalTo(2)));
        assertEquals(deadLetters, registry.counter("civcity.inbox.dead_letters", "consumer", "escalation-service.map",
                "reason", "failed").count());
        given().auth().oauth2(Tokens.handler(unit)).get("/api/v1/board/map").then().statusCode(403);
        given().get("/api/v1/board/map").then().statusCode(401);
    }

    /** A rectangle as a closed ring of [longitude, latitude] points. */
    private static List<List<Double>> ring(double west, double south, double east, double north) {
        return List.of(List.of(west, south), List.of(east, south), List.of(east, north), List.of(west, north),
                List.of(west, south));
    }

    private void routing(RoutingPublished published) throws Exception {
        EmbeddedInfrastructure.kafkaCompanion().produceStrings().fromRecords(cloudEvent(Topics.ROUTING,
                UUID.randomUUID(), EventTypes.ROUTING_PUBLISHED, "routing", mapper.writeValueAsString(published)))
                .awaitCompletion();
    }

    private void place(UUID id, String unit, String township, Instant dispatchedAt, Instant rectifyBy, int repeats,
            Double latitude, Double longitude) throws Exception {
        String data = mapper.writeValueAsString(new FindingAssigned(id, 1, unit, township, List.of(),
                Category.SANITATION, Severity.HIGH, SiteType.MAIN_ROAD, "Renmin Road", dispatchedAt,
                dispatchedAt.plusSeconds(3600), rectifyBy, "board-1", repeats, Map.of(), null, null, latitude,
                longitude, null, null));
        EmbeddedInfrastructure.kafkaCompanion().produceStrings().fromRecords(cloudEvent(Topics.CASES,
                UUID.randomUUID(), EventTypes.FINDING_ASSIGNED, id.toString(), data)).awaitCompletion();
    }

    private void assign(UUID id, String unit, Instant dispatchedAt, Instant rectifyBy) throws Exception {
        String data = mapper.writeValueAsString(new FindingAssigned(id, 1, unit, "RENMIN_SUBDISTRICT", List.of(),
                Category.SANITATION, Severity.HIGH, SiteType.MAIN_ROAD, "Renmin Road", dispatchedAt,
                dispatchedAt.plusSeconds(3600), rectifyBy, "board-1", 0,
                Map.of(unit, "测试局 " + unit, "RENMIN_SUBDISTRICT", "人民街道"), null, null));
        EmbeddedInfrastructure.kafkaCompanion().produceStrings().fromRecords(cloudEvent(Topics.CASES,
                UUID.randomUUID(), EventTypes.FINDING_ASSIGNED, id.toString(), data)).awaitCompletion();
    }
}
