package org.civcity.findings.rest;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.civcity.testsupport.CloudEventRecords.cloudEvent;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.civcity.contracts.CaseAcknowledged;
import org.civcity.contracts.CaseClosed;
import org.civcity.contracts.EscalationRaised;
import org.civcity.contracts.EventTypes;
import org.civcity.contracts.FindingAssigned;
import org.civcity.contracts.Topics;
import org.civcity.shared.security.Roles;
import org.civcity.testsupport.EmbeddedInfrastructure;
import org.civcity.testsupport.InfrastructureResource;
import org.civcity.testsupport.Metrics;
import org.civcity.testsupport.OidcTestServer;
import org.civcity.testsupport.Tokens;
import org.junit.jupiter.api.Test;

/** Idempotent intake, batches, recurring problems, the timeline and the findings list, over HTTP and Kafka. */
@QuarkusTest
@QuarkusTestResource(value = InfrastructureResource.class,
        initArgs = @ResourceArg(name = "database", value = "findings"))
@QuarkusTestResource(OidcTestServer.class)
class IntakeTest {

    private static final String REPORTER = FindingResourceTest.REPORTER;
    private static final String SUPERVISOR = Tokens.user(Roles.SUPERVISOR);

    @Inject
    ObjectMapper mapper;

    private static String body(String reference, String round, String siteCode, String coordinates) {
        return """
                {"source": "MOCK_EVALUATION", "sourceSystem": "mock-eval", "sourceReference": "%s",
                 "inspectionRound": "%s", "siteType": "FARMERS_MARKET", "siteName": "East Gate Market",
                 %s "category": "SANITATION", "subcategory": "SAN-WASTE", "severity": "MEDIUM",
                 "description": "Waste not sorted", "observedAt": "2026-11-20T09:30:00+08:00" %s,
                 "evidence": [{"url": "https://evidence.example/%s.jpg", "sha256": "%s", "mediaType": "image/jpeg"}],
                 "reporter": "Inspector Wu", "deductionPoints": 0.5}
                """.formatted(reference, round, siteCode == null ? "" : "\"siteCode\": \"" + siteCode + "\",",
                coordinates == null ? "" : ", " + coordinates, reference, "a".repeat(64));
    }

    private static Response post(String key, String body) {
        return given().auth().oauth2(REPORTER).header("Idempotency-Key", key).contentType(ContentType.JSON)
                .body(body).post("/api/v1/findings");
    }

    @Test
    void aMissingIdempotencyKeyIsRefused() {
        given().auth().oauth2(REPORTER).contentType(ContentType.JSON).body(body("K-0", "r", null, null))
                .post("/api/v1/findings").then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("Idempotency-Key"));
    }

    @Test
    void aRepeatedKeyReplaysTheFirstAnswerAndAnotherBodyIsRefused() {
        String key = UUID.randomUUID().toString();
        String reference = "K-" + key;
        String first = post(key, body(reference, "r", null, null)).then().statusCode(201)
                .header("Idempotent-Replayed", nullValue()).extract().path("id");
        post(key, body(reference, "r", null, null)).then().statusCode(201)
                .header("Idempotent-Replayed", "true")
                .header("Location", containsString(first))
                .body("id", equalTo(first));
        post(key, body(reference + "-other", "r", null, null)).then().statusCode(422)
                .contentType("application/problem+json");
    }

    @Test
    void concurrentRequestsWithOneKeyMakeOneFinding() throws Exception {
        String key = UUID.randomUUID().toString();
        String round = "race-" + key;
        String body = body("RACE-" + key, round, null, null);
        ExecutorService pool = Executors.newFixedThreadPool(50);
        Set<String> ids = ConcurrentHashMap.newKeySet();
        List<Future<Integer>> statuses = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            statuses.add(pool.submit(() -> {
                Response r = post(key, body);
                if (r.statusCode() == 201) {
                    ids.add(r.path("id"));
                }
                return r.statusCode();
            }));
        }
        for (Future<Integer> status : statuses) {
            int code = status.get();
            assertTrue(code == 201 || code == 409, "status " + code);
        }
        pool.shutdown();
        assertEquals(1, ids.size(), "every 201 names the same finding");
        // Once the first is done, the key answers with its stored response.
        post(key, body).then().statusCode(201).body("id", equalTo(ids.iterator().next()));
        given().auth().oauth2(SUPERVISOR).queryParam("round", round).get("/api/v1/findings")
                .then().statusCode(200).body("items", hasSize(1));
    }

    @Test
    void aBatchAnswersPerItemAndReplaysPerItem() {
        String key = UUID.randomUUID().toString();
        String reference = "B-" + key;
        String batch = "{\"items\": [" + body(reference, "batch", null, null) + ", "
                + body(reference + "-bad", "batch", null, null).replace("\"East Gate Market\"", "\"\"") + ", "
                + body(reference, "batch", null, null).replace("Waste not sorted", "Same reference again") + "]}";
        given().auth().oauth2(REPORTER).header("Idempotency-Key", key).contentType(ContentType.JSON).body(batch)
                .post("/api/v1/findings/batch").then().statusCode(200)
                .body("status", equalTo(List.of(201, 400, 409)))
                .body("[0].finding.sourceReference", equalTo(reference))
                .body("[1].problem.errors[0].field", equalTo("siteName"))
                .body("[2].problem.existingFindingId", notNullValue());
        given().auth().oauth2(REPORTER).header("Idempotency-Key", key).contentType(ContentType.JSON).body(batch)
                .post("/api/v1/findings/batch").then().statusCode(200)
                .body("status", equalTo(List.of(201, 400, 409)))
                .body("[0].replayed", equalTo(true));

        StringBuilder tooMany = new StringBuilder("{\"items\": [");
        for (int i = 0; i < 501; i++) {
            tooMany.append(i == 0 ? "" : ",").append("{}");
        }
        given().auth().oauth2(REPORTER).header("Idempotency-Key", UUID.randomUUID().toString())
                .contentType(ContentType.JSON).body(tooMany.append("]}").toString())
                .post("/api/v1/findings/batch").then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void recurringProblemsAreLinkedToTheOpenOrTheClosedFinding() throws Exception {
        String site = "SITE-" + UUID.randomUUID().toString().substring(0, 8);
        double received = Metrics.sum("civcity_findings_received_total");
        double duplicates = Metrics.sum("civcity_findings_linked_total", "link=\"duplicate\"");
        double repeats = Metrics.sum("civcity_findings_linked_total", "link=\"repeat\"");
        String first = post(UUID.randomUUID().toString(), body("R1-" + site, "rec", site, null))
                .then().statusCode(201).body("repeatCount", equalTo(0)).extract().path("id");
        // While the first is open, the second is a duplicate of it (no second case).
        String second = post(UUID.randomUUID().toString(), body("R2-" + site, "rec", site, null)).then()
                .statusCode(201).body("duplicateOf", equalTo(first)).body("status", equalTo("DUPLICATE"))
                .extract().path("id");
        // Only the office may split it off; then it is reported again, unlinked, and cannot be split twice.
        given().auth().oauth2(REPORTER).post("/api/v1/findings/" + second + "/split").then().statusCode(403);
        var reported = EmbeddedInfrastructure.kafkaCompanion().consumeStrings().fromTopics(Topics.FINDINGS);
        given().auth().oauth2(SUPERVISOR).post("/api/v1/findings/" + second + "/split").then().statusCode(200)
                .body("status", equalTo("REPORTED")).body("duplicateOf", nullValue());
        given().auth().oauth2(SUPERVISOR).post("/api/v1/findings/" + second + "/split").then().statusCode(409)
                .contentType("application/problem+json");
        await().atMost(Duration.ofSeconds(20)).until(() -> reported.getRecords().stream()
                .anyMatch(r -> second.equals(r.key()) && !r.value().contains("\"duplicateOf\":\"")));
        reported.stop();

        for (String id : List.of(first, second)) {
            produce(EventTypes.CASE_CLOSED, UUID.fromString(id), new CaseClosed(UUID.fromString(id), 1,
                    "URBAN_MANAGEMENT", CaseClosed.Outcome.FIXED, null, Instant.now(), "supervisor"));
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().auth().oauth2(SUPERVISOR)
                    .get("/api/v1/findings/" + id).then().body("status", equalTo("CLOSED")));
        }

        // After closure the same problem is a repeat of the latest closed one, counted.
        String third = post(UUID.randomUUID().toString(), body("R3-" + site, "rec", site, null)).then()
                .statusCode(201).body("repeatOf", equalTo(second)).body("repeatCount", equalTo(1))
                .body("duplicateOf", nullValue()).extract().path("id");
        produce(EventTypes.CASE_CLOSED, UUID.fromString(third), new CaseClosed(UUID.fromString(third), 1,
                "URBAN_MANAGEMENT", CaseClosed.Outcome.FIXED, null, Instant.now(), "supervisor"));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().auth().oauth2(SUPERVISOR)
                .get("/api/v1/findings/" + third).then().body("status", equalTo("CLOSED")));
        post(UUID.randomUUID().toString(), body("R4-" + site, "rec", site, null)).then().statusCode(201)
                .body("repeatOf", equalTo(third)).body("repeatCount", equalTo(2));
        given().auth().oauth2(SUPERVISOR).queryParam("round", "rec").queryParam("repeatsOnly", true)
                .get("/api/v1/findings").then().statusCode(200).body("items.repeatOf", hasItem(second));
        // Counted once each, after commit, by bounded attributes only.
        assertEquals(received + 4, Metrics.sum("civcity_findings_received_total"));
        assertEquals(duplicates + 1, Metrics.sum("civcity_findings_linked_total", "link=\"duplicate\""));
        assertEquals(repeats + 2, Metrics.sum("civcity_findings_linked_total", "link=\"repeat\""));
        assertTrue(Metrics.scrape().contains("civcity_findings_received_total{category=\"SANITATION\","),
                "received findings carry their category, site type and source");
    }

    @Test
    void sitesWhereProblemsKeepComingBackAreRankedAndDueForListedSupervision() throws Exception {
        // Four findings at one site, each fixed and found again: three recurrences (the listing threshold), in a
        // township of its own so the ranking can be read for it alone.
        String site = "SITE-" + UUID.randomUUID().toString().substring(0, 8);
        String township = "RECUR_TOWN_" + UUID.randomUUID().toString().substring(0, 6);
        String now = OffsetDateTime.now().minusHours(1).toString();
        List<String> ids = new ArrayList<>();
        var listings = EmbeddedInfrastructure.kafkaCompanion().consumeStrings().fromTopics(Topics.SITES);
        for (int i = 1; i <= 4; i++) {
            String id = post(UUID.randomUUID().toString(), body("L" + i + "-" + site, "rec", site, null)
                    .replace("2026-11-20T09:30:00+08:00", now)).then().statusCode(201)
                    .body("repeatCount", equalTo(i - 1)).extract().path("id");
            ids.add(id);
            UUID findingId = UUID.fromString(id);
            Instant at = Instant.now();
            produce(EventTypes.FINDING_ASSIGNED, findingId, new FindingAssigned(findingId, 1, "MARKET_REGULATION",
                    township, List.of(), org.civcity.contracts.Category.SANITATION,
                    org.civcity.contracts.Severity.MEDIUM, org.civcity.contracts.SiteType.FARMERS_MARKET,
                    "East Gate Market", at, at.plusSeconds(3600), at.plusSeconds(7200), "p1", i - 1,
                    Map.of(township, "回头镇"), null, null));
            if (i < 4) {
                produce(EventTypes.CASE_CLOSED, findingId, new CaseClosed(findingId, 1, "MARKET_REGULATION",
                        CaseClosed.Outcome.FIXED, null, Instant.now(), "supervisor"));
                await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().auth().oauth2(SUPERVISOR)
                        .get("/api/v1/findings/" + id).then().body("status", equalTo("CLOSED")));
            }
        }
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().auth().oauth2(Tokens.user(Roles.LEADER))
                .queryParam("township", township).get("/api/v1/recurring-sites").then().statusCode(200)
                .body("threshold", equalTo(3)).body("within", equalTo("P180D"))
                .body("sites", hasSize(1)).body("sites[0].rank", equalTo(1))
                .body("sites[0].siteCode", equalTo(site)).body("sites[0].siteType", equalTo("FARMERS_MARKET"))
                .body("sites[0].township", equalTo(township)).body("sites[0].townshipLabel", equalTo("回头镇"))
                .body("sites[0].findings", equalTo(4)).body("sites[0].recurrences", equalTo(3))
                .body("sites[0].dueForListing", equalTo(true))
                .body("sites[0].byCategory[0].category", equalTo("SANITATION"))
                .body("sites[0].byCategory[0].label", equalTo("环境卫生"))
                .body("sites[0].byCategory[0].recurrences", equalTo(3)));
        // A shorter window, a higher bar, and the whole district ranked with the site in it.
        given().auth().oauth2(SUPERVISOR).queryParam("township", township).queryParam("within", "PT1M")
                .get("/api/v1/recurring-sites").then().statusCode(200).body("sites", hasSize(0));
        given().auth().oauth2(SUPERVISOR).queryParam("township", township).queryParam("minimum", 4)
                .get("/api/v1/recurring-sites").then().statusCode(200).body("sites", hasSize(0));
        given().auth().oauth2(SUPERVISOR).queryParam("limit", 200).get("/api/v1/recurring-sites").then()
                .statusCode(200).body("sites.siteCode", hasItem(site));
        // Bad windows are named; reporting systems do not see rankings.
        given().auth().oauth2(SUPERVISOR).queryParam("within", "half a year").get("/api/v1/recurring-sites")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("within"));
        given().auth().oauth2(SUPERVISOR).queryParam("within", "P1000D").get("/api/v1/recurring-sites")
                .then().statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(REPORTER).get("/api/v1/recurring-sites").then().statusCode(403);

        // The third recurrence's dispatch listed the site (挂牌督办), once, for its township and department together.
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().auth().oauth2(SUPERVISOR)
                .queryParam("township", township).get("/api/v1/listed-sites").then().body("", hasSize(1)));
        String listingId = given().auth().oauth2(SUPERVISOR).queryParam("township", township)
                .get("/api/v1/listed-sites").then().statusCode(200).body("", hasSize(1))
                .body("[0].active", equalTo(true)).body("[0].siteCode", equalTo(site))
                .body("[0].siteTypeLabel", equalTo("农贸市场")).body("[0].townshipName", equalTo("回头镇"))
                .body("[0].leadUnit", equalTo("MARKET_REGULATION")).body("[0].findingId", equalTo(ids.get(3)))
                .body("[0].recurrences", equalTo(3)).body("[0].cleanSince", nullValue())
                .body("[0].delistDue", nullValue()).extract().path("[0].listingId");
        await().atMost(Duration.ofSeconds(20)).until(() -> listings.getRecords().stream()
                .anyMatch(r -> ids.get(3).equals(r.key()) && r.value().contains(listingId)));
        var listed = listings.getRecords().stream().filter(r -> r.value().contains(listingId)).toList();
        assertEquals(1, listed.size(), "listed once");
        var event = mapper.readTree(listed.get(0).value());
        assertEquals(3, event.path("recurrences").asInt());
        assertEquals("P180D", event.path("window").asText());
        assertEquals(List.of(ids.get(1), ids.get(2), ids.get(3)), mapper.convertValue(event.path("findingIds"),
                List.class));
        // Closing the last open case starts the clean period (PT2S in tests); then the site comes off the list.
        UUID last = UUID.fromString(ids.get(3));
        produce(EventTypes.CASE_CLOSED, last, new CaseClosed(last, 1, "MARKET_REGULATION", CaseClosed.Outcome.FIXED,
                null, Instant.now(), "supervisor"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(SUPERVISOR)
                .queryParam("township", township).queryParam("state", "DELISTED").get("/api/v1/listed-sites").then()
                .statusCode(200).body("", hasSize(1)).body("[0].listingId", equalTo(listingId))
                .body("[0].active", equalTo(false)).body("[0].cleanSince", notNullValue())
                .body("[0].delistedAt", notNullValue()));
        await().atMost(Duration.ofSeconds(20)).until(() -> listings.getRecords().stream()
                .anyMatch(r -> r.value().contains(listingId) && r.value().contains("\"cleanPeriod\":\"PT2S\"")));
        given().auth().oauth2(SUPERVISOR).queryParam("township", township).get("/api/v1/listed-sites").then()
                .statusCode(200).body("", hasSize(0));
        // A recurrence after the delisting starts counting afresh: one is not three.
        String fifth = post(UUID.randomUUID().toString(), body("L5-" + site, "rec", site, null)
                .replace("2026-11-20T09:30:00+08:00", OffsetDateTime.now().toString())).then().statusCode(201)
                .body("repeatOf", equalTo(ids.get(3))).extract().path("id");
        UUID fifthId = UUID.fromString(fifth);
        Instant at = Instant.now();
        produce(EventTypes.FINDING_ASSIGNED, fifthId, new FindingAssigned(fifthId, 1, "MARKET_REGULATION", township,
                List.of(), org.civcity.contracts.Category.SANITATION, org.civcity.contracts.Severity.MEDIUM,
                org.civcity.contracts.SiteType.FARMERS_MARKET, "East Gate Market", at, at.plusSeconds(3600),
                at.plusSeconds(7200), "p1", 4, Map.of(), null, null));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().auth().oauth2(SUPERVISOR)
                .get("/api/v1/findings/" + fifth).then().body("status", equalTo("ASSIGNED")));
        given().auth().oauth2(SUPERVISOR).queryParam("township", township).queryParam("state", "ALL")
                .get("/api/v1/listed-sites").then().statusCode(200).body("", hasSize(1));
        given().auth().oauth2(SUPERVISOR).queryParam("state", "SOMETIMES").get("/api/v1/listed-sites").then()
                .statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(REPORTER).get("/api/v1/listed-sites").then().statusCode(403);
        listings.stop();
    }

    @Test
    void nearbyFindingsWithoutSiteCodesAreLinkedByDistance() {
        double lat = 31.0 + Math.random() / 10;
        double lon = 121.0 + Math.random() / 10;
        String here = "\"latitude\": %s, \"longitude\": %s".formatted(lat, lon);
        String thirtyMetresNorth = "\"latitude\": %s, \"longitude\": %s".formatted(lat + 30 / 111_320.0, lon);
        String twoHundredMetresEast = "\"latitude\": %s, \"longitude\": %s"
                .formatted(lat, lon + 200 / (111_320.0 * Math.cos(Math.toRadians(lat))));
        String key = UUID.randomUUID().toString();
        String first = post(key, body("D1-" + key, "geo", null, here)).then().statusCode(201).extract().path("id");
        post(UUID.randomUUID().toString(), body("D2-" + key, "geo", null, thirtyMetresNorth)).then()
                .statusCode(201).body("duplicateOf", equalTo(first));
        post(UUID.randomUUID().toString(), body("D3-" + key, "geo", null, twoHundredMetresEast)).then()
                .statusCode(201).body("duplicateOf", nullValue()).body("repeatOf", nullValue());
    }

    @Test
    void theRecurrenceLookupsAreServedByIndexes() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://" + EmbeddedInfrastructure.postgres()
                + "/findings", EmbeddedInfrastructure.postgresUser(), EmbeddedInfrastructure.postgresPassword());
                Statement st = c.createStatement()) {
            st.execute("SET enable_seqscan = off");
            assertTrue(plan(st, "SELECT * FROM finding WHERE site_code = 'S' AND category = 'SANITATION'")
                    .contains("finding_site_code_category"));
            assertTrue(plan(st, "SELECT * FROM finding WHERE category = 'SANITATION' AND latitude BETWEEN 30 AND 30.1"
                    + " AND longitude BETWEEN 120 AND 120.1").contains("finding_category_location"));
        }
    }

    private static String plan(Statement st, String query) throws Exception {
        StringBuilder plan = new StringBuilder();
        try (ResultSet rs = st.executeQuery("EXPLAIN " + query)) {
            while (rs.next()) {
                plan.append(rs.getString(1)).append('\n');
            }
        }
        return plan.toString();
    }

    @Test
    void theTimelineAnswersWhereIsMyFinding() throws Exception {
        String id = post(UUID.randomUUID().toString(), body("T-" + UUID.randomUUID(), "timeline", null, null))
                .then().statusCode(201).extract().path("id");
        UUID findingId = UUID.fromString(id);
        Instant now = Instant.now();
        produce(EventTypes.FINDING_ASSIGNED, findingId, new FindingAssigned(findingId, 1, "URBAN_MANAGEMENT",
                "XINHUA_SUBDISTRICT",
                java.util.List.of(),
                org.civcity.contracts.Category.SANITATION, org.civcity.contracts.Severity.MEDIUM,
                org.civcity.contracts.SiteType.FARMERS_MARKET, "East Gate Market", now, now.plusSeconds(3600),
                now.plusSeconds(7200), "p1", 0));
        produce(EventTypes.CASE_ACKNOWLEDGED, findingId, new CaseAcknowledged(findingId, 1, "URBAN_MANAGEMENT",
                now.plusSeconds(60), "handler-um", now.plusSeconds(3600), false));
        produce(EventTypes.ESCALATION_RAISED, findingId, new EscalationRaised(UUID.randomUUID(), findingId, 1, 1,
                "UNIT_HEAD", "URBAN_MANAGEMENT", "RECTIFICATION_OVERDUE", now, now, now.plusSeconds(120), 120,
                false));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().auth().oauth2(REPORTER)
                .get("/api/v1/findings/" + id).then().statusCode(200)
                .body("status", equalTo("ACKNOWLEDGED"))
                .body("assignedUnit", equalTo("URBAN_MANAGEMENT"))
                .body("township", equalTo("XINHUA_SUBDISTRICT"))
                .body("escalationLevel", equalTo(1))
                .body("timeline.type", equalTo(List.of(EventTypes.FINDING_ASSIGNED, EventTypes.CASE_ACKNOWLEDGED,
                        EventTypes.ESCALATION_RAISED))));
        given().auth().oauth2(SUPERVISOR).queryParam("unit", "URBAN_MANAGEMENT").queryParam("status", "ACKNOWLEDGED")
                .queryParam("township", "XINHUA_SUBDISTRICT")
                .get("/api/v1/findings").then().statusCode(200).body("items.id", hasItem(id));
    }

    @Test
    void theListPagesWithACursorAndReportersSeeOnlyTheirOwn() {
        String round = "page-" + UUID.randomUUID();
        for (int i = 0; i < 5; i++) {
            post(UUID.randomUUID().toString(), body("P" + i + "-" + round, round, null, null)).then().statusCode(201);
        }
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            var request = given().auth().oauth2(SUPERVISOR).queryParam("round", round).queryParam("limit", 2);
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            Response page = request.get("/api/v1/findings");
            page.then().statusCode(200);
            seen.addAll(page.path("items.sourceReference"));
            cursor = page.path("nextCursor");
            pages++;
        } while (cursor != null && pages < 10);
        assertEquals(3, pages);
        assertEquals(5, Set.copyOf(seen).size());
        assertEquals("P4-" + round, seen.get(0), "newest first");

        given().auth().oauth2(Tokens.reporter("leaders-app")).queryParam("round", round).get("/api/v1/findings")
                .then().statusCode(200).body("items", hasSize(0)).body("nextCursor", nullValue());
        given().auth().oauth2(SUPERVISOR).queryParam("cursor", "garbage").get("/api/v1/findings")
                .then().statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(SUPERVISOR).queryParam("category", "WEATHER").get("/api/v1/findings")
                .then().statusCode(400).contentType("application/problem+json");
    }

    private void produce(String type, UUID findingId, Object data) throws Exception {
        String topic = type.equals(EventTypes.ESCALATION_RAISED) ? Topics.ESCALATIONS : Topics.CASES;
        EmbeddedInfrastructure.kafkaCompanion().produceStrings().fromRecords(cloudEvent(topic, UUID.randomUUID(),
                type, findingId.toString(), mapper.writeValueAsString(data))).awaitCompletion();
    }
}
