package org.civcity.escalation.service;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.civcity.testsupport.CloudEventRecords.cloudEvent;
import static org.civcity.testsupport.CloudEventRecords.header;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.restassured.http.ContentType;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.civcity.contracts.CaseAcknowledged;
import org.civcity.contracts.CaseClosed;
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
 * The ladder on the test policy (levels at +0 s, +6 s, +7 s without a target, +8 s): order, skips, repeats, the
 * acknowledge clock, concurrent scanners, the hash chain and the assessment.
 */
@QuarkusTest
@QuarkusTestResource(value = InfrastructureResource.class,
        initArgs = {@ResourceArg(name = "database", value = "escalation"),
            @ResourceArg(name = "runtime-role", value = "escalation_runtime")})
@QuarkusTestResource(OidcTestServer.class)
class LadderTest {

    private static final String SUPERVISOR = Tokens.user(Roles.SUPERVISOR);

    @Inject
    ObjectMapper mapper;

    @Inject
    EscalationScanner scanner;

    @Inject
    Vertx vertx;

    private void assign(UUID id, String unit, Instant acknowledgeBy, Instant rectifyBy, int repeatCount)
            throws Exception {
        Instant dispatched = Instant.now().minusSeconds(1);
        String data = mapper.writeValueAsString(new FindingAssigned(id, 1, unit, "XINHUA_SUBDISTRICT", List.of(),
                Category.SANITATION, Severity.HIGH, SiteType.BACK_ALLEY, "Lane 3", dispatched, acknowledgeBy, rectifyBy,
                "p1", repeatCount));
        produce(EventTypes.FINDING_ASSIGNED, id, data);
    }

    private void produce(String type, UUID id, String data) {
        EmbeddedInfrastructure.kafkaCompanion().produceStrings().fromRecords(cloudEvent(Topics.CASES,
                UUID.randomUUID(), type, id.toString(), data)).awaitCompletion();
    }

    private static List<Integer> levels(UUID id) {
        return given().auth().oauth2(SUPERVISOR).queryParam("findingId", id.toString())
                .queryParam("reason", "RECTIFICATION_OVERDUE").get("/api/v1/accountability-records")
                .then().statusCode(200).extract().path("level");
    }

    @Test
    void levelsFireInOrderAndALevelWithoutTargetIsSkipped() throws Exception {
        UUID id = UUID.randomUUID();
        ConsumerTask<String, String> events = EmbeddedInfrastructure.kafkaCompanion().consumeStrings()
                .fromTopics(Topics.ESCALATIONS);
        assign(id, "URBAN_MANAGEMENT", Instant.now().plusSeconds(3600), Instant.now().plusSeconds(2), 0);
        await().atMost(Duration.ofSeconds(30)).until(() -> levels(id).size() >= 3);
        // Level 3 has no target: skipped, and nothing else comes for a second of further scans.
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5))
                .until(() -> levels(id).equals(List.of(1, 2, 4)));
        given().auth().oauth2(SUPERVISOR).queryParam("findingId", id.toString()).get("/api/v1/accountability-records")
                .then().body("responsibleRole", equalTo(List.of("UNIT_HEAD", "CIVILIZATION_OFFICE",
                        "PRINCIPAL_LEADERS")))
                .body("[2].reason", containsString("ACCOUNTABILITY_PROPOSAL"));
        await().atMost(Duration.ofSeconds(10)).until(() -> types(events, id).contains(
                EventTypes.ACCOUNTABILITY_RECORDED));
        List<String> types = types(events, id);
        assertEquals(EventTypes.DEADLINE_APPROACHING, types.get(0), "warned first: " + types);
        assertEquals(3, types.stream().filter(EventTypes.ESCALATION_RAISED::equals).count(), types.toString());
        events.getRecords().stream().filter(r -> id.toString().equals(r.key())).forEach(EventSchemas::assertValid);
        events.stop();
    }

    private static List<String> types(ConsumerTask<String, String> events, UUID id) {
        return events.getRecords().stream().filter(r -> id.toString().equals(r.key()))
                .map(r -> header(r, "ce_type")).toList();
    }

    @Test
    void aRepeatStartsOneLevelHigher() throws Exception {
        UUID id = UUID.randomUUID();
        assign(id, "URBAN_MANAGEMENT", Instant.now().plusSeconds(3600), Instant.now().minusSeconds(60), 1);
        await().atMost(Duration.ofSeconds(20)).until(() -> levels(id).size() >= 2);
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5))
                .until(() -> levels(id).equals(List.of(2, 4)));
    }

    @Test
    void aMissedAcknowledgementEscalatesAndAnAcknowledgedOneDoesNot() throws Exception {
        UUID missed = UUID.randomUUID();
        UUID acknowledged = UUID.randomUUID();
        assign(missed, "URBAN_MANAGEMENT", Instant.now().plusSeconds(2), Instant.now().plusSeconds(3600), 0);
        assign(acknowledged, "URBAN_MANAGEMENT", Instant.now().plusSeconds(3), Instant.now().plusSeconds(3600), 0);
        produce(EventTypes.CASE_ACKNOWLEDGED, acknowledged, mapper.writeValueAsString(new CaseAcknowledged(
                acknowledged, 1, "URBAN_MANAGEMENT", Instant.now(), "handler-um", Instant.now().plusSeconds(3),
                false)));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().auth().oauth2(SUPERVISOR)
                .queryParam("findingId", missed.toString()).get("/api/v1/accountability-records")
                .then().body("$", hasSize(1)).body("[0].reason", equalTo("ACKNOWLEDGEMENT_OVERDUE")));
        // The acknowledged case's acknowledge-by passed a second after the missed one's: nothing for it, on every
        // poll for two more seconds of scans.
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(6)).untilAsserted(() -> given()
                .auth().oauth2(SUPERVISOR).queryParam("findingId", acknowledged.toString())
                .get("/api/v1/accountability-records").then().body("$", hasSize(0)));
    }

    @Test
    void concurrentScannersRaiseEachLevelExactlyOnce() throws Exception {
        List<UUID> ids = new ArrayList<>();
        Instant due = Instant.now().plusSeconds(3);
        for (int i = 0; i < 40; i++) {
            UUID id = UUID.randomUUID();
            ids.add(id);
            assign(id, "CONCURRENCY_UNIT", Instant.now().plusSeconds(3600), due, 0);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> Instant.now().isAfter(due.plusMillis(50)));
        // Four more scanners besides the service's own, each on its own context, as replicas would be.
        List<CompletableFuture<Integer>> scans = new ArrayList<>();
        for (int round = 0; round < 12; round++) {
            Instant next = Instant.now().plusMillis(750);
            for (int s = 0; s < 4; s++) {
                scans.add(scanOnOwnContext());
            }
            // Rounds 0.75 s apart, so later levels fall due between them.
            await().atMost(Duration.ofSeconds(5)).until(() -> Instant.now().isAfter(next));
        }
        for (CompletableFuture<Integer> scan : scans) {
            scan.join();
        }
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().auth().oauth2(SUPERVISOR)
                .queryParam("unit", "CONCURRENCY_UNIT").queryParam("reason", "RECTIFICATION_OVERDUE")
                .queryParam("limit", 1000).get("/api/v1/accountability-records").then()
                .body("$", hasSize(ids.size() * 3)));
        for (UUID id : ids) {
            assertEquals(List.of(1, 2, 4), levels(id), "levels of " + id);
        }
    }

    private CompletableFuture<Integer> scanOnOwnContext() {
        CompletableFuture<Integer> result = new CompletableFuture<>();
        Context context = VertxContext.createNewDuplicatedContext(vertx.getOrCreateContext());
        VertxContextSafetyToggle.setContextSafe(context, true);
        context.runOnContext(x -> scanner.fireDue().subscribe().with(result::complete, result::completeExceptionally));
        return result;
    }

    @Test
    void aRowChangedBySqlIsNamedByTheVerification() throws Exception {
        UUID id = UUID.randomUUID();
        assign(id, "URBAN_MANAGEMENT", Instant.now().plusSeconds(3600), Instant.now().minusSeconds(30), 0);
        await().atMost(Duration.ofSeconds(20)).until(() -> levels(id).size() >= 1);
        given().auth().oauth2(SUPERVISOR).get("/api/v1/accountability-records/verification")
                .then().statusCode(200).body("valid", equalTo(true));
        String recordId = given().auth().oauth2(SUPERVISOR).queryParam("findingId", id.toString())
                .queryParam("level", 1).get("/api/v1/accountability-records").then().extract().path("[0].id");
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://" + EmbeddedInfrastructure.postgres()
                + "/escalation", EmbeddedInfrastructure.postgresUser(), EmbeddedInfrastructure.postgresPassword());
                Statement st = c.createStatement()) {
            // Only someone able to switch the trigger off can change a record; the chain still tells.
            st.execute("ALTER TABLE accountability_record DISABLE TRIGGER accountability_record_append_only");
            try {
                st.executeUpdate("UPDATE accountability_record SET unit = 'SOMEONE_ELSE' WHERE id = '" + recordId
                        + "'");
                given().auth().oauth2(SUPERVISOR).get("/api/v1/accountability-records/verification")
                        .then().statusCode(200).body("valid", equalTo(false))
                        .body("firstBrokenId", equalTo(recordId))
                        .body("problem", containsString("hash"));
            } finally {
                st.executeUpdate("UPDATE accountability_record SET unit = 'URBAN_MANAGEMENT' WHERE id = '"
                        + recordId + "'");
                st.execute("ALTER TABLE accountability_record ENABLE TRIGGER accountability_record_append_only");
            }
        }
        given().auth().oauth2(SUPERVISOR).get("/api/v1/accountability-records/verification")
                .then().statusCode(200).body("valid", equalTo(true));
    }

    @Test
    void theAssessmentRanksUnitsByTheStandardIndicators() throws Exception {
        String good = "ASSESS_GOOD_" + UUID.randomUUID().toString().substring(0, 6);
        String late = "ASSESS_LATE_" + UUID.randomUUID().toString().substring(0, 6);
        UUID fixed = UUID.randomUUID();
        UUID overdue = UUID.randomUUID();
        assign(fixed, good, Instant.now().plusSeconds(3600), Instant.now().plusSeconds(60), 0);
        assign(overdue, late, Instant.now().plusSeconds(3600), Instant.now().plusSeconds(1), 0);
        produce(EventTypes.CASE_CLOSED, fixed, mapper.writeValueAsString(new CaseClosed(fixed, 1, good,
                CaseClosed.Outcome.FIXED, null, Instant.now(), "supervisor")));
        String period = YearMonth.now(ZoneId.of("Asia/Shanghai")).toString();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().auth().oauth2(SUPERVISOR)
                .queryParam("period", period).get("/api/v1/assessments").then().statusCode(200)
                .body("units.find { it.unit == '" + good + "' }.onTimeRate", equalTo(1.0f))
                .body("units.find { it.unit == '" + late + "' }.onTimeRate", equalTo(0.0f)));
        int goodRank = given().auth().oauth2(SUPERVISOR).queryParam("period", period).get("/api/v1/assessments")
                .then().extract().path("units.find { it.unit == '" + good + "' }.rank");
        int lateRank = given().auth().oauth2(SUPERVISOR).queryParam("period", period).get("/api/v1/assessments")
                .then().extract().path("units.find { it.unit == '" + late + "' }.rank");
        assertTrue(goodRank < lateRank, goodRank + " vs " + lateRank);
        // The same figures reach Prometheus, re-read from the database: overdue by unit and township, the ranking.
        String overdueLate = "unit=\"" + late + "\"";
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertEquals(1.0, Metrics.sum("civcity_cases_overdue", overdueLate,
                    "township=\"XINHUA_SUBDISTRICT\""));
            assertEquals(1.0, Metrics.sum("civcity_cases_tracked", overdueLate));
            assertEquals(0.0, Metrics.sum("civcity_cases_tracked", "unit=\"" + good + "\""));
            assertEquals(goodRank, Metrics.sum("civcity_unit_rank", "unit=\"" + good + "\""));
            assertEquals(lateRank, Metrics.sum("civcity_unit_rank", overdueLate));
            assertEquals(1.0, Metrics.sum("civcity_unit_on_time_rate", "unit=\"" + good + "\""));
        });
        String csv = given().auth().oauth2(SUPERVISOR).queryParam("period", period).queryParam("format", "csv")
                .get("/api/v1/assessments").then().statusCode(200).contentType(containsString("text/csv"))
                .extract().asString();
        assertTrue(csv.startsWith("rank,unit,findings,due,closed_on_time,on_time_rate"), csv);
        assertTrue(csv.contains(good), csv);
        given().auth().oauth2(SUPERVISOR).queryParam("period", "2026-13").get("/api/v1/assessments")
                .then().statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(Tokens.handler("URBAN_MANAGEMENT")).queryParam("period", period)
                .get("/api/v1/assessments").then().statusCode(403);
        given().auth().oauth2(SUPERVISOR).queryParam("period", "2026-Q4").get("/api/v1/assessments")
                .then().statusCode(200).body("units.unit", hasItem(good));
    }

    @Test
    void townshipsAreRankedForTheCasesInTheirArea() throws Exception {
        // Two townships (fresh codes, so other tests' cases do not count): one whose case is fixed in time, one whose
        // case runs over and escalates; each led by a department that also works elsewhere. The evaluator deducted
        // half a point for the first problem and two and a half for the second: they weigh in the penalty.
        String tidy = "TIDY_TOWNSHIP_" + UUID.randomUUID().toString().substring(0, 6);
        String lagging = "LAGGING_TOWNSHIP_" + UUID.randomUUID().toString().substring(0, 6);
        UUID fixed = UUID.randomUUID();
        UUID overdue = UUID.randomUUID();
        assignIn(fixed, tidy, Instant.now().plusSeconds(60), new BigDecimal("0.5"));
        assignIn(overdue, lagging, Instant.now().minusSeconds(30), new BigDecimal("2.5"));
        produce(EventTypes.CASE_CLOSED, fixed, mapper.writeValueAsString(new CaseClosed(fixed, 1, "URBAN_MANAGEMENT",
                CaseClosed.Outcome.FIXED, null, Instant.now(), "supervisor")));
        await().atMost(Duration.ofSeconds(20)).until(() -> levels(overdue).size() >= 1);
        String period = YearMonth.now(ZoneId.of("Asia/Shanghai")).toString();
        String tidyRow = "units.find { it.unit == '" + tidy + "' }";
        String laggingRow = "units.find { it.unit == '" + lagging + "' }";
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().auth().oauth2(Tokens.user(Roles.LEADER))
                .queryParam("period", period).queryParam("by", "township").get("/api/v1/assessments").then()
                .statusCode(200)
                .body(tidyRow + ".findings", equalTo(1)).body(tidyRow + ".onTimeRate", equalTo(1.0f))
                .body(laggingRow + ".onTimeRate", equalTo(0.0f))
                .body(laggingRow + ".escalationsByLevel.'1'", equalTo(1))
                .body(tidyRow + ".name", equalTo("整洁镇"))
                .body(tidyRow + ".deductionPoints", equalTo(0.5f)).body(laggingRow + ".deductionPoints", equalTo(2.5f))
                // 0.3 per finding + 1 per deducted point; the lagging one also 1 for its overdue case
                .body(tidyRow + ".penaltyPoints", equalTo(0.8f)).body(laggingRow + ".penaltyPoints", equalTo(3.8f))
                .body("units.unit", not(hasItem("URBAN_MANAGEMENT"))));
        int tidyRank = given().auth().oauth2(SUPERVISOR).queryParam("period", period).queryParam("by", "township")
                .get("/api/v1/assessments").then().extract().path(tidyRow + ".rank");
        int laggingRank = given().auth().oauth2(SUPERVISOR).queryParam("period", period)
                .queryParam("by", "township").get("/api/v1/assessments").then().extract().path(laggingRow + ".rank");
        assertTrue(tidyRank < laggingRank, tidyRank + " vs " + laggingRank);
        String csv = given().auth().oauth2(SUPERVISOR).queryParam("period", period).queryParam("by", "township")
                .queryParam("format", "csv").get("/api/v1/assessments").then().statusCode(200)
                .header("Content-Disposition", containsString("township-assessment-" + period))
                .extract().asString();
        assertTrue(csv.lines().anyMatch(l -> l.startsWith(laggingRank + "," + lagging + ",1,1,0,0.0,")
                && l.endsWith(",\"落后镇, 东片\",2.5")), csv);
        assertTrue(csv.startsWith("rank,unit,findings,due,closed_on_time,on_time_rate,reports,reworks,rework_rate,"
                + "escalations,repeats,penalty_points,score,roll,repeat_rate,dispositions,name,deduction_points\n"),
                csv);
        // The export names the ledger's head, to check it against the ledger later.
        assertTrue(csv.lines().reduce((a, b) -> b).orElseThrow().matches("# ledger head: sequence [1-9][0-9]*,"
                + " sha256 [0-9a-f]{64}"), csv);
        given().auth().oauth2(SUPERVISOR).queryParam("period", period).queryParam("by", "street")
                .get("/api/v1/assessments").then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("by"));
    }

    private void assignIn(UUID id, String township, Instant rectifyBy, BigDecimal points) throws Exception {
        String data = mapper.writeValueAsString(new FindingAssigned(id, 1, "URBAN_MANAGEMENT", township, List.of(),
                Category.SANITATION, Severity.HIGH, SiteType.BACK_ALLEY, "Lane 9", Instant.now().minusSeconds(60),
                Instant.now().plusSeconds(3600), rectifyBy, "p1", 0, Map.of(township, township.startsWith("TIDY")
                        ? "整洁镇" : "落后镇, 东片"), null, points));
        produce(EventTypes.FINDING_ASSIGNED, id, data);
    }

    @Test
    void theLedgersHeadIsPublishedOutsideTheDatabaseAndVerifiesTheLedger() throws Exception {
        UUID id = UUID.randomUUID();
        ConsumerTask<String, String> heads = EmbeddedInfrastructure.kafkaCompanion().consumeStrings()
                .withProp("auto.offset.reset", "earliest").fromTopics(Topics.LEDGER_HEAD);
        assign(id, "URBAN_MANAGEMENT", Instant.now().plusSeconds(3600), Instant.now().minusSeconds(30), 0);
        await().atMost(Duration.ofSeconds(20)).until(() -> levels(id).size() >= 1);
        int sequence = given().auth().oauth2(SUPERVISOR).queryParam("findingId", id.toString())
                .get("/api/v1/accountability-records").then().extract().path("[0].sequence");
        // Every append publishes the new head under one key; the head after this record's append names it or later.
        ConsumerRecord<String, String> head = await().atMost(Duration.ofSeconds(20)).until(() -> heads.getRecords()
                .stream().filter(r -> readSequence(r) >= sequence).findFirst(), Optional::isPresent)
                .orElseThrow();
        heads.close();
        assertEquals(LedgerService.LEDGER_KEY, head.key());
        assertEquals(EventTypes.LEDGER_HEAD, header(head, "ce_type"));
        EventSchemas.assertValid(head);
        JsonNode anchor = mapper.readTree(head.value());
        given().auth().oauth2(Tokens.user(Roles.OPS)).contentType(ContentType.JSON)
                .body(Map.of("anchors", List.of(Map.of("sequence", anchor.get("sequence").asLong(),
                        "hash", anchor.get("hash").asText()))))
                .post("/api/v1/accountability-records/verification").then().statusCode(200)
                .body("valid", equalTo(true)).body("anchorsMatched", equalTo(1));
    }

    private long readSequence(ConsumerRecord<String, String> record) {
        try {
            return mapper.readTree(record.value()).get("sequence").asLong();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
