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

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.civcity.contracts.Category;
import org.civcity.contracts.EventTypes;
import org.civcity.contracts.FindingAssigned;
import org.civcity.contracts.Severity;
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

    private void assign(UUID id, String unit, Instant dispatchedAt, Instant rectifyBy) throws Exception {
        String data = mapper.writeValueAsString(new FindingAssigned(id, 1, unit, "RENMIN_SUBDISTRICT", List.of(),
                Category.SANITATION, Severity.HIGH, SiteType.MAIN_ROAD, "Renmin Road", dispatchedAt,
                dispatchedAt.plusSeconds(3600), rectifyBy, "board-1", 0,
                Map.of(unit, "测试局 " + unit, "RENMIN_SUBDISTRICT", "人民街道"), null, null));
        EmbeddedInfrastructure.kafkaCompanion().produceStrings().fromRecords(cloudEvent(Topics.CASES,
                UUID.randomUUID(), EventTypes.FINDING_ASSIGNED, id.toString(), data)).awaitCompletion();
    }
}
