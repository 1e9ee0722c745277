package org.civcity.stack;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.http.ContentType;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.civcity.client.findings.ApiClient;
import org.civcity.client.findings.ApiException;
import org.civcity.client.findings.api.FindingsApi;
import org.civcity.client.findings.model.FindingPage;
import org.civcity.client.findings.model.FindingRequest;
import org.civcity.client.findings.model.FindingView;
import org.civcity.shared.calendar.WorkingCalendar;
import org.civcity.standin.AlertReceiver;
import org.civcity.testsupport.Metrics;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The walking skeleton end to end, as the run command starts it: the four packaged services as processes on one
 * embedded PostgreSQL and one Kafka broker process. A finding with a deadline of a few seconds is routed, escalates
 * after its deadline and not before, leaves one accountability record, and its alert reaches the endpoint once.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WalkingSkeletonIT {

    private static final Duration RECTIFY = Duration.ofSeconds(8);

    private static TestStack env;
    private static AlertReceiver receiver;
    private static LocalStack stack;
    private static RealmTokens tokens;
    private static final Map<String, String> SECOND_DISTRICT = Map.of("civcity.district.served", "home,xihu");

    @BeforeAll
    static void startStack() throws Exception {
        env = TestStack.start("local-stack", "e2e", 1, options -> options.withConfig("assignment-service", Map.of(
                "assignment.acknowledge-within.HIGH", "PT120S",
                "assignment.rectify-within.HIGH", "PT" + RECTIFY.toSeconds() + "S",
                // Working time as in production for one kind of finding: its deadline spans the Spring Festival.
                "assignment.rectify-within.\"PUBLIC_SERVICE.LOW\"", "60 working days",
                "assignment.policy-version", "e2e-1"))
                // A listed site comes off the list seconds after it is clean, so the whole listing is seen.
                .withConfig("findings-service", Map.of("findings.listing.clean-period", "PT3S",
                        "findings.listing.poll", "PT0.5S"))
                // A second district served by the same deployment (#24).
                .withConfig("findings-service", SECOND_DISTRICT).withConfig("assignment-service", SECOND_DISTRICT)
                .withConfig("escalation-service", SECOND_DISTRICT)
                .withConfig("notification-service", SECOND_DISTRICT));
        receiver = env.receiver();
        stack = env.stack();
        tokens = env.tokens();
    }

    @AfterAll
    static void stopStack() {
        List<Long> pids = stack == null ? List.of() : stack.childPids();
        if (env != null) {
            env.close();
        }
        for (long pid : pids) {
            assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "process " + pid + " left");
        }
    }

    /** Each test reports at its own site: two open findings at one site would be linked as duplicates. */
    private static String postFinding(String token, String sourceSystem, String reference, double latitude) {
        return postFinding(token, sourceSystem, reference, latitude, null);
    }

    private static String postFinding(String token, String sourceSystem, String reference, double latitude,
            String traceparent) {
        var request = given().baseUri(stack.url("findings-service")).auth().oauth2(token);
        if (traceparent != null) {
            request.header("traceparent", traceparent);
        }
        return request.header("Idempotency-Key", java.util.UUID.randomUUID().toString()).contentType(ContentType.JSON)
                .body(FINDING.formatted(sourceSystem, reference, latitude))
                .post("/api/v1/findings").then().statusCode(201).extract().path("id");
    }

    private static final String FINDING = """
            {"source": "UNANNOUNCED_INSPECTION", "sourceSystem": "%s", "sourceReference": "%s",
             "siteType": "RESIDENTIAL_COMPOUND", "siteName": "Hexie Garden, building 7",
             "category": "SANITATION", "severity": "HIGH",
             "description": "Construction waste piled at the entrance for a week",
             "observedAt": "2026-11-25T10:00:00+08:00", "latitude": %s, "longitude": 120.1551}
            """;

    /** A person in post in the recipient directory, alerted at their own webhook on the stand-in endpoint. */
    private static void inPost(String role, String unit, String name, String path) {
        given().baseUri(stack.url("notification-service")).auth().oauth2(tokens.user("civcity-admin"))
                .contentType(ContentType.JSON)
                .body(Map.of("role", role, "unit", unit, "name", name, "webhookUrl", receiver.url(path)))
                .post("/api/v1/recipients").then().statusCode(201);
    }

    /**
     * The accountability loop end to end (属地管理, 追责问责): a finding in a township with a grid is dispatched with a
     * notice to the lead department's head, the township's head and the supporting unit's head; overdue, level 1
     * alerts the department's, the township's and the grid's people and its record names them; a leader's
     * disposition is recorded; the chain verifies, also against the head published outside the database.
     */
    @Test
    void aFindingTravelsFromIntakeToTheLeadersAlert() throws Exception {
        inPost("UNIT_HEAD", "URBAN_MANAGEMENT", "王建国", "/heads/um");
        inPost("UNIT_HEAD", "XINHUA_SUBDISTRICT", "李明", "/heads/xinhua");
        inPost("UNIT_HEAD", "ECOLOGY_ENVIRONMENT", "周涛", "/heads/eco");
        inPost("GRID_LEADER", "DONGFENG_COMMUNITY_GRID_1", "陈芳", "/heads/grid");
        Instant posted = Instant.now();
        String supervisor = tokens.user("supervisor");
        // The posting system's trace: one trace id must follow the finding to the leaders' alert.
        String traceId = java.util.HexFormat.of().formatHex(java.nio.ByteBuffer.allocate(16)
                .putLong(System.nanoTime()).putLong(posted.toEpochMilli()).array());
        String id = postFinding(tokens.client("leaders-app"), "leaders-app", "E2E-1", 30.2741,
                "00-" + traceId + "-00f067aa0ba902b7-01");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().baseUri(stack.url("assignment-service"))
                .auth().oauth2(supervisor).get("/api/v1/cases/" + id).then().statusCode(200)
                .body("leadUnit", equalTo("URBAN_MANAGEMENT"))
                .body("township", equalTo("XINHUA_SUBDISTRICT"))
                .body("grid", equalTo("DONGFENG_COMMUNITY_GRID_1"))
                .body("policyVersion", equalTo("e2e-1")));
        Instant rectifyBy = Instant.parse(given().baseUri(stack.url("assignment-service"))
                .auth().oauth2(supervisor).get("/api/v1/cases/" + id).then().extract().path("rectifyBy"));
        assertTrue(rectifyBy.isAfter(posted), "deadline after posting");

        // Before the deadline: no escalation yet.
        if (Instant.now().isBefore(rectifyBy.minusSeconds(2))) {
            given().baseUri(stack.url("escalation-service")).auth().oauth2(supervisor).queryParam("findingId", id)
                    .get("/api/v1/accountability-records").then().statusCode(200).body("$", hasSize(0));
            assertTrue(alertsFor(id).isEmpty(), "alert before the deadline");
        }
        // Each party of the dispatch is told its part, at its head's own address.
        Map<String, String> notices = Map.of("/heads/um", "【新派遣】城市管理局", "/heads/xinhua", "【属地责任】新华街道",
                "/heads/eco", "【配合整改】生态环境分局");
        notices.forEach((path, part) -> await().atMost(Duration.ofSeconds(20)).until(() -> receiver.received()
                .stream().anyMatch(r -> path.equals(r.path()) && "finding.assigned".equals(r.eventType())
                        && r.body().contains(id) && r.body().contains(part))));
        assertTrue(receiver.received().stream().anyMatch(r -> "/heads/xinhua".equals(r.path())
                && r.body().contains(id) && r.body().contains("东风社区第一网格")), "the township is told the grid");

        // Overdue: level 1 alerts the department's head, the township's head and the grid's leader, naming them.
        await().atMost(Duration.ofSeconds(60)).until(() -> alertsFor(id).size() == 3);
        List<Map<String, Object>> records = given().baseUri(stack.url("escalation-service")).auth()
                .oauth2(supervisor).queryParam("findingId", id).get("/api/v1/accountability-records").then()
                .statusCode(200).body("$", hasSize(1)).body("[0].level", equalTo(1))
                .body("[0].unit", equalTo("URBAN_MANAGEMENT"))
                .body("[0].parties.unit", equalTo(List.of("URBAN_MANAGEMENT", "XINHUA_SUBDISTRICT",
                        "DONGFENG_COMMUNITY_GRID_1")))
                .body("[0].parties.persons", equalTo(List.of(List.of("王建国"), List.of("李明"), List.of("陈芳"))))
                .extract().jsonPath().getList("$");
        Instant recorded = Instant.parse(records.get(0).get("recordedAt").toString());
        assertFalse(recorded.isBefore(rectifyBy), "escalated at " + recorded + " before the deadline " + rectifyBy);

        String ops = tokens.user("ops");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().baseUri(stack.url("notification-service"))
                .auth().oauth2(ops)
                .queryParam("findingId", id).get("/api/v1/deliveries").then().statusCode(200)
                .body("eventType", containsInAnyOrder("finding.assigned", "finding.assigned", "finding.assigned",
                        "deadline.approaching", "escalation.raised", "escalation.raised", "escalation.raised"))
                .body("status", everyItem(equalTo("DELIVERED"))));
        // Several more scans and delivery rounds: still exactly one alert per party.
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() -> alertsFor(id).size() == 3);
        List<AlertReceiver.Received> alerts = alertsFor(id);
        assertEquals(Set.of("/heads/um", "/heads/xinhua", "/heads/grid"),
                alerts.stream().map(AlertReceiver.Received::path).collect(Collectors.toSet()));
        for (AlertReceiver.Received alert : alerts) {
            assertTrue(alert.body().contains("超期督办") && alert.body().contains("城市管理局 责任单位主要负责人 王建国")
                    && alert.body().contains("新华街道 责任单位主要负责人 李明"), alert.body());
            assertEquals(traceId, alert.traceparent().split("-")[1], "the alert request continues the trace");
        }
        // ...and every service logged its step of this finding's journey under the same trace id.
        Map<String, String> steps = Map.of("findings-service", "Finding " + id + " reported",
                "assignment-service", "Finding " + id + " dispatched",
                "escalation-service", "Escalated finding " + id,
                "notification-service", "(escalation.raised of finding " + id + ")");
        for (Map.Entry<String, String> step : steps.entrySet()) {
            List<String> lines = Files.readAllLines(stack.logFile(step.getKey())).stream()
                    .filter(line -> line.contains(step.getValue())).toList();
            assertFalse(lines.isEmpty(), step.getKey() + " logged no '" + step.getValue() + "'");
            assertTrue(lines.stream().allMatch(line -> line.contains("traceId=" + traceId)),
                    step.getKey() + ": " + lines);
        }
        // The unit head was warned once, before the deadline, at 80% of the budget.
        List<AlertReceiver.Received> warnings = warningsFor(id);
        assertEquals(1, warnings.size(), "warnings received");
        assertTrue(warnings.get(0).body().contains("临期提醒"), warnings.get(0).body());

        // A leader records what followed: a talk with the department's head, a new record in the chain.
        given().baseUri(stack.url("escalation-service")).auth().oauth2(tokens.user("leader"))
                .contentType(ContentType.JSON)
                .body(Map.of("kind", "TALK", "subject", "王建国（城市管理局局长）", "reason", "约谈，限期整改"))
                .post("/api/v1/accountability-records/" + records.get(0).get("id") + "/dispositions").then()
                .statusCode(201).body("disposition", equalTo("TALK")).body("decidedBy", equalTo("leader"));
        // The chain verifies, and agrees with its head as published on the compacted topic outside the database.
        Map<String, Object> head = await().atMost(Duration.ofSeconds(20)).until(this::ledgerHead,
                h -> h != null && ((Number) h.get("sequence")).longValue() >= 2);
        given().baseUri(stack.url("escalation-service")).auth().oauth2(tokens.user("leader"))
                .contentType(ContentType.JSON)
                .body(Map.of("anchors", List.of(Map.of("sequence", head.get("sequence"), "hash", head.get("hash")))))
                .post("/api/v1/accountability-records/verification").then().statusCode(200)
                .body("valid", equalTo(true)).body("anchorsMatched", equalTo(1));
    }

    /**
     * Listed supervision (挂牌督办) across the services: a site fixed and found again three times is listed when the
     * third recurrence is dispatched (findings-service), recorded in the ledger with its supervision order
     * (escalation-service) and announced to the department's and the township's heads (notification-service); once
     * the last case there is closed and the clean period passes, it is delisted and recorded again.
     */
    @Test
    void aSiteWhereProblemsKeepComingBackIsListedAndDelistedOnceClean() {
        String site = "E2E-LIST-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        String reporter = tokens.client("leaders-app");
        String supervisor = tokens.user("supervisor");
        String handler = tokens.user("handler-um");
        List<String> ids = new java.util.ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            String id = given().baseUri(stack.url("findings-service")).auth().oauth2(reporter)
                    .header("Idempotency-Key", java.util.UUID.randomUUID().toString()).contentType(ContentType.JSON)
                    .body(FINDING.formatted("leaders-app", site + "-" + i, 30.2791)
                            .replace("\"siteName\"", "\"siteCode\": \"" + site + "\", \"siteName\""))
                    .post("/api/v1/findings").then().statusCode(201).body("repeatCount", equalTo(i - 1))
                    .extract().path("id");
            ids.add(id);
            await().atMost(Duration.ofSeconds(30)).until(() -> given().baseUri(stack.url("assignment-service"))
                    .auth().oauth2(supervisor).get("/api/v1/cases/" + id).statusCode() == 200);
            if (i < 4) {
                close(id, handler, supervisor);
            }
        }
        String last = ids.get(3);
        String listingId = await().atMost(Duration.ofSeconds(30)).until(() -> given()
                .baseUri(stack.url("findings-service")).auth().oauth2(supervisor).get("/api/v1/listed-sites")
                .then().statusCode(200).extract().jsonPath().<String>getList("findAll { it.siteCode == '" + site
                        + "' }.listingId"), list -> list.size() == 1).get(0);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().baseUri(stack.url("escalation-service"))
                .auth().oauth2(supervisor).queryParam("findingId", last).get("/api/v1/accountability-records").then()
                .statusCode(200).body("reason", hasItem("SITE_LISTED"))
                .body("find { it.reason == 'SITE_LISTED' }.parties.unit",
                        equalTo(List.of("URBAN_MANAGEMENT", "XINHUA_SUBDISTRICT"))));
        given().baseUri(stack.url("escalation-service")).auth().oauth2(tokens.user("leader")).get("/api/v1/board")
                .then().statusCode(200).body("listedSites.listingId", hasItem(listingId));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().baseUri(stack.url("notification-service"))
                .auth().oauth2(tokens.user("ops")).queryParam("findingId", last).get("/api/v1/deliveries").then()
                .statusCode(200).body("findAll { it.eventType == 'site.listed' }.status", hasItem("DELIVERED")));

        // The last case closed, nothing open there for the clean period: off the list, on the record again.
        close(last, handler, supervisor);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().baseUri(stack.url("findings-service"))
                .auth().oauth2(supervisor).queryParam("state", "DELISTED").get("/api/v1/listed-sites").then()
                .statusCode(200).body("listingId", hasItem(listingId)));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().baseUri(stack.url("escalation-service"))
                .auth().oauth2(supervisor).queryParam("findingId", last).get("/api/v1/accountability-records").then()
                .statusCode(200).body("reason", hasItem("SITE_DELISTED")));
        given().baseUri(stack.url("escalation-service")).auth().oauth2(tokens.user("leader")).get("/api/v1/board")
                .then().statusCode(200).body("listedSites.listingId", not(hasItem(listingId)));
    }

    private static void close(String id, String handler, String supervisor) {
        caseAction(handler, id, "acknowledgement", null);
        caseAction(handler, id, "rectification-report", "{\"report\": \"Cleared\"}");
        caseAction(supervisor, id, "verification", "{\"passed\": true}");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().baseUri(stack.url("findings-service"))
                .auth().oauth2(supervisor).get("/api/v1/findings/" + id).then().body("status", equalTo("CLOSED")));
    }

    /** The latest ledger head on civcity.ledger-head. */
    private Map<String, Object> ledgerHead() {
        List<String> heads = new java.util.ArrayList<>();
        // The home district's chain (another district's head has its own key).
        env.readTopic("civcity.ledger-head", rec -> {
            if ("accountability-ledger".equals(rec.key())) {
                heads.add(rec.value());
            }
        });
        return heads.isEmpty() ? null : io.restassured.path.json.JsonPath.from(heads.get(heads.size() - 1))
                .getMap("$");
    }

    @Test
    void realKeycloakTokensDecideWhoMayDoWhat() {
        String id = postFinding(tokens.client("mock-eval"), "mock-eval", "E2E-SEC-1", 30.3741);
        String supervisor = tokens.user("supervisor");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().baseUri(stack.url("assignment-service"))
                .auth().oauth2(supervisor).get("/api/v1/cases/" + id).then().statusCode(200)
                .body("leadUnit", equalTo("URBAN_MANAGEMENT")));

        // A handler of another unit is refused: the case does not exist for them.
        given().baseUri(stack.url("assignment-service")).auth().oauth2(tokens.user("handler-tp"))
                .post("/api/v1/cases/" + id + "/acknowledgement").then().statusCode(404)
                .contentType("application/problem+json");
        // The handler of the routed unit acknowledges it.
        given().baseUri(stack.url("assignment-service")).auth().oauth2(tokens.user("handler-um"))
                .post("/api/v1/cases/" + id + "/acknowledgement").then().statusCode(200)
                .body("state", equalTo("ACKNOWLEDGED")).body("acknowledgedBy", equalTo("handler-um"));

        // Reporters read only what their own client posted; no token is a 401, a wrong role a 403.
        given().baseUri(stack.url("findings-service")).auth().oauth2(tokens.client("mock-eval"))
                .get("/api/v1/findings/" + id).then().statusCode(200);
        given().baseUri(stack.url("findings-service")).auth().oauth2(tokens.client("hotline-12345"))
                .get("/api/v1/findings/" + id).then().statusCode(404);
        given().baseUri(stack.url("findings-service")).get("/api/v1/findings/" + id).then().statusCode(401)
                .contentType("application/problem+json");
        given().baseUri(stack.url("notification-service")).auth().oauth2(tokens.user("handler-um"))
                .get("/api/v1/deliveries").then().statusCode(403).contentType("application/problem+json");
        // Point 3: a posting system's token is issued for the intake and the callbacks only (the realm's audience
        // mappers); the ledger's service does not take it at all, whatever its roles.
        given().baseUri(stack.url("escalation-service")).auth().oauth2(tokens.client("mock-eval"))
                .get("/api/v1/accountability-records").then().statusCode(401)
                .contentType("application/problem+json");
    }

    /**
     * Security and correctness point 10 (input): a source reference with a line break and a forged log line stays
     * inside its own record in the packaged service's log, escaped.
     */
    @Test
    void clientTextCannotForgeALogLine() throws Exception {
        String forged = "2026-12-02 00:00:00,000 INFO  traceId= [forged] (main) Finding 0 closed by the mayor";
        String id = postFinding(tokens.client("leaders-app"), "leaders-app", "E2E-LOG\\r\\n" + forged, 30.2941);
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.readAllLines(stack.logFile("findings-service"))
                .stream().anyMatch(line -> line.contains("Finding " + id + " reported")));
        List<String> lines = Files.readAllLines(stack.logFile("findings-service"));
        assertTrue(lines.stream().anyMatch(line -> line.contains("Finding " + id + " reported")
                && line.contains("E2E-LOG\\r\\n" + forged)), "the reference is escaped in its own line");
        assertFalse(lines.stream().anyMatch(line -> line.startsWith(forged)), "a forged line in the log");
    }

    /**
     * Every packaged service starts from the class data archive its build made (#23: the stack's start): mapped, not
     * refused. A Quarkus upgrade that stops writing it, or a JVM that rejects it, would otherwise go unnoticed.
     */
    @Test
    void everyServiceStartsFromItsClassDataArchive() throws Exception {
        for (String service : LocalStack.SERVICES) {
            assertTrue(Files.exists(TestStack.root().resolve(service).resolve("target/quarkus-app")
                    .resolve(LocalStack.CLASS_ARCHIVE)), service + " was built without a class data archive");
            assertTrue(Files.readString(java.nio.file.Path.of("/proc", Long.toString(stack.pid(service, 0)), "maps"))
                    .contains(LocalStack.CLASS_ARCHIVE), service + " started without its class data archive");
        }
    }

    /**
     * Security and correctness point 6 (readiness): with the broker down the intake stays ready and accepts findings
     * into its outbox (the backlog shows in the metrics); once the broker is back they all flow to dispatch. Last,
     * since the other services wait for the broker meanwhile.
     */
    @Test
    @Order(Integer.MAX_VALUE)
    void theIntakeStaysReadyAndAcceptsFindingsWhileTheBrokerIsDown() throws Exception {
        List<String> ids = new java.util.ArrayList<>();
        stack.stopKafka();
        try {
            // Each at its own site (a duplicate would be linked, not dispatched).
            for (double latitude : new double[] {30.2551, 30.2651, 30.2851}) {
                ids.add(postFinding(tokens.client("leaders-app"), "leaders-app", "E2E-OUTAGE-" + latitude, latitude));
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> Metrics.sumAt(stack.managementUrl("findings-service"),
                    "civcity_outbox_backlog") >= 3);
            // Past the relay's readiness window, still ready: the outbox is the buffer, not a reason to stop intake.
            await().during(Duration.ofSeconds(35)).atMost(Duration.ofSeconds(45)).untilAsserted(() -> given()
                    .get(stack.managementUrl("findings-service") + "/q/health/ready").then().statusCode(200));
        } finally {
            stack.startKafkaAgain();
        }
        String supervisor = tokens.user("supervisor");
        for (String id : ids) {
            await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> given()
                    .baseUri(stack.url("assignment-service")).auth().oauth2(supervisor).get("/api/v1/cases/" + id)
                    .then().statusCode(200).body("state", equalTo("ASSIGNED")));
        }
    }

    /**
     * A government system's view of the contract: a Java client generated from findings-service's published
     * OpenAPI document (contract-docs) reports findings, reads one back and pages through them.
     */
    @Test
    void aClientGeneratedFromTheOpenApiDocumentReportsReadsAndPages() throws Exception {
        java.net.URI base = java.net.URI.create(stack.url("findings-service"));
        ApiClient client = new ApiClient().setScheme(base.getScheme()).setHost(base.getHost())
                .setPort(base.getPort()).setBasePath("");
        String token = tokens.client("leaders-app");
        client.setRequestInterceptor(request -> request.header("Authorization", "Bearer " + token));
        FindingsApi findings = new FindingsApi(client);
        String round = "client-" + java.util.UUID.randomUUID();
        List<java.util.UUID> ids = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            FindingView created = findings.report(java.util.UUID.randomUUID().toString(), new FindingRequest()
                    .source(org.civcity.client.findings.model.FindingSource.MOCK_EVALUATION)
                    .sourceSystem("leaders-app").sourceReference(round + "-" + i).inspectionRound(round)
                    .siteType(org.civcity.client.findings.model.SiteType.MAIN_ROAD).siteName("Renmin Road " + i)
                    .category(org.civcity.client.findings.model.Category.TRAFFIC_ORDER)
                    .severity(org.civcity.client.findings.model.Severity.MEDIUM)
                    .description("Shared bicycles blocking the pavement")
                    .observedAt(java.time.OffsetDateTime.now(ZoneId.of("Asia/Shanghai")).minusHours(1))
                    .latitude(30.5 + i / 100.0).longitude(120.3)
                    .deductionPoints(new java.math.BigDecimal("0.5")));
            assertEquals(org.civcity.client.findings.model.FindingStatus.REPORTED, created.getStatus());
            ids.add(created.getId());
        }
        FindingView read = findings.get(ids.get(1));
        assertEquals(round + "-1", read.getSourceReference());
        assertEquals(0, new java.math.BigDecimal("0.5").compareTo(read.getDeductionPoints()));

        FindingPage first = findings.listFindings(null, null, null, 2, null, round, null, null, null, null, null,
                null);
        assertEquals(2, first.getItems().size());
        assertTrue(first.getNextCursor() != null, "a second page");
        FindingPage second = findings.listFindings(null, first.getNextCursor(), null, 2, null, round, null, null,
                null, null, null, null);
        assertEquals(1, second.getItems().size());
        assertEquals(null, second.getNextCursor(), "the last page has no cursor");
        Set<java.util.UUID> paged = Stream.concat(first.getItems().stream(), second.getItems().stream())
                .map(FindingView::getId).collect(Collectors.toSet());
        assertEquals(Set.copyOf(ids), paged, "newest first, each once");

        // A refused request is an ApiException with the problem+json body, as the document declares.
        ApiException refused = org.junit.jupiter.api.Assertions.assertThrows(ApiException.class,
                () -> findings.report("key-" + round, new FindingRequest().sourceSystem("leaders-app")));
        assertEquals(400, refused.getCode());
        assertTrue(refused.getResponseBody().contains("\"errors\""), refused.getResponseBody());
    }

    /**
     * Every event the services published during these tests, on every topic, is a message of the published AsyncAPI
     * document (contract-docs): its channel lists its ce_type, and its headers, key and payload match. A case is
     * taken through its lifecycle first, so the case events are among them.
     */
    @Test
    @Order(Integer.MAX_VALUE - 1)
    void everyPublishedEventMatchesItsAsyncApiMessage() {
        String id = postFinding(tokens.client("leaders-app"), "leaders-app", "ASYNCAPI-1", 30.61);
        String supervisor = tokens.user("supervisor");
        String handler = tokens.user("handler-um");
        await().atMost(Duration.ofSeconds(30)).until(() -> given().baseUri(stack.url("assignment-service"))
                .auth().oauth2(supervisor).get("/api/v1/cases/" + id).statusCode() == 200);
        caseAction(handler, id, "acknowledgement", null);
        caseAction(handler, id, "rectification-report", "{\"report\": \"Cleared\"}");
        caseAction(supervisor, id, "verification", "{\"passed\": false, \"note\": \"Still piled up\"}");
        caseAction(handler, id, "rectification-report", "{\"report\": \"Cleared and fenced\"}");
        caseAction(supervisor, id, "verification", "{\"passed\": true}");

        AsyncApiMessages document = AsyncApiMessages.load();
        Map<String, Integer> seen = new java.util.TreeMap<>();
        List<String> violations = new java.util.ArrayList<>();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            seen.clear();
            violations.clear();
            for (String topic : document.addresses()) {
                env.readTopic(topic, record -> {
                    String type = org.civcity.testsupport.CloudEventRecords.header(record, "ce_type");
                    seen.merge(type, 1, Integer::sum);
                    document.violations(record).forEach(v -> violations.add(topic + " " + type + " "
                            + record.key() + ": " + v));
                });
            }
            assertTrue(seen.keySet().containsAll(List.of("finding.reported", "finding.assigned",
                    "case.acknowledged", "rectification.submitted", "rectification.rejected",
                    "rectification.verified", "case.closed", "deadline.approaching", "escalation.raised",
                    "accountability.recorded", "ledger.head", "recipient.changed", "calendar.published",
                    "site.listed", "site.delisted")),
                    "event types seen: " + seen);
        });
        assertEquals(List.of(), violations, "events that do not match their AsyncAPI message (of " + seen + ")");
    }

    private static void caseAction(String token, String id, String action, String body) {
        var request = given().baseUri(stack.url("assignment-service")).auth().oauth2(token);
        if (body != null) {
            request.contentType(ContentType.JSON).body(body);
        }
        request.post("/api/v1/cases/" + id + "/" + action).then().statusCode(200);
    }

    @Test
    void aCalendarPublishedThroughTheApiIsInForceInEveryService() {
        // Test data: the shape of a Spring Festival notice, not the State Council's 2027 notice.
        given().baseUri(stack.url("assignment-service")).auth().oauth2(tokens.user("civcity-admin"))
                .contentType(ContentType.JSON)
                .body("""
                        {"source": "end-to-end test calendar",
                         "holidays": ["2027-01-01", "2027-02-06", "2027-02-07", "2027-02-08", "2027-02-09",
                                      "2027-02-10", "2027-02-11", "2027-02-12"],
                         "swappedWorkingDays": ["2027-02-14"]}
                        """)
                .put("/api/v1/calendars/2027").then().statusCode(201).body("version", equalTo(1));
        for (String service : List.of("findings-service", "assignment-service", "escalation-service",
                "notification-service")) {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertEquals(1.0, Metrics.sumAt(
                    stack.managementUrl(service), "civcity_calendar_version", "year=\"2027\""), service));
            assertTrue(Metrics.sumAt(stack.managementUrl(service), "civcity_calendar_coverage_days") > 365, service);
        }
        given().baseUri(stack.url("assignment-service")).auth().oauth2(tokens.user("leader"))
                .get("/api/v1/calendars").then().statusCode(200).body("coveredUntil", equalTo("2027-12-31"));

        // A finding posted now is due 60 working days after dispatch, past the Spring Festival: the case and the
        // unit's dispatch notice both give the deadline counted on 2027's holidays, not on Monday-Friday.
        String id = given().baseUri(stack.url("findings-service")).auth().oauth2(tokens.client("leaders-app"))
                .header("Idempotency-Key", java.util.UUID.randomUUID().toString()).contentType(ContentType.JSON)
                .body("""
                        {"source": "UNANNOUNCED_INSPECTION", "sourceSystem": "leaders-app", "sourceReference": "CAL-1",
                         "siteType": "COMMUNITY", "siteName": "Minsheng community service centre",
                         "category": "PUBLIC_SERVICE", "severity": "LOW",
                         "description": "Accessible ramp blocked by bicycles", "observedAt": "%s",
                         "latitude": 30.31, "longitude": 120.14}
                        """.formatted(java.time.OffsetDateTime.now().minusHours(1)))
                .post("/api/v1/findings").then().statusCode(201).extract().path("id");
        String supervisor = tokens.user("supervisor");
        await().atMost(Duration.ofSeconds(30)).until(() -> given().baseUri(stack.url("assignment-service"))
                .auth().oauth2(supervisor).get("/api/v1/cases/" + id).statusCode() == 200);
        var view = given().baseUri(stack.url("assignment-service")).auth().oauth2(supervisor)
                .get("/api/v1/cases/" + id).then().extract();
        Instant dispatchedAt = Instant.parse(view.path("dispatchedAt"));
        Instant rectifyBy = Instant.parse(view.path("rectifyBy"));
        Set<LocalDate> holidays = Stream.of("2027-01-01", "2027-02-06", "2027-02-07", "2027-02-08", "2027-02-09",
                "2027-02-10", "2027-02-11", "2027-02-12").map(LocalDate::parse).collect(Collectors.toSet());
        assertEquals(district(holidays, Set.of(LocalDate.parse("2027-02-14"))).plusWorkingDays(dispatchedAt, 60),
                rectifyBy, "counted on the published 2027 calendar");
        // Six weekdays off, one Sunday worked: five working days later than Monday-Friday would say.
        assertEquals(district(Set.of(), Set.of()).plusWorkingDays(dispatchedAt, 65), rectifyBy);
        String local = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(SHANGHAI).format(rectifyBy);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertTrue(receiver.received().stream()
                .anyMatch(r -> "finding.assigned".equals(r.eventType()) && r.body().contains(id)
                        && r.body().contains(local + " 前整改完毕")), "the dispatch notice gives " + local));
    }

    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    /** The district's working hours with 2027's days as given (2026 has no holiday left after 1 December). */
    private static WorkingCalendar district(Set<LocalDate> holidays2027, Set<LocalDate> swapped2027) {
        return new WorkingCalendar(SHANGHAI, List.of(new WorkingCalendar.Period(LocalTime.of(9, 0),
                LocalTime.of(12, 0)), new WorkingCalendar.Period(LocalTime.of(13, 30), LocalTime.of(17, 30))),
                Map.of(2026, new WorkingCalendar.Year(2026, 1, "t", Set.of(), Set.of()),
                        2027, new WorkingCalendar.Year(2027, 1, "t", holidays2027, swapped2027)), y -> { });
    }
    /**
     * Two districts in one deployment through real Keycloak tokens (#24): a user's `district` attribute reaches the
     * services as the token's claim; the xihu office's finding is routed and alerted to xihu's head of the lead
     * department only, escalates in xihu's own ledger chain, is seen by xihu only, and its events name xihu. After the
     * home district's tests, whose head of the same department is in post by then.
     */
    @Test
    @Order(Integer.MAX_VALUE - 2)
    void aSecondDistrictsFindingIsItsOwnFromTokenToAlert() {
        keycloakUser("xihu-supervisor", "supervisor", "xihu");
        keycloakUser("xihu-admin", "admin", "xihu");
        String xihuSupervisor = tokens.user("xihu-supervisor");
        String homeSupervisor = tokens.user("supervisor");
        given().baseUri(stack.url("notification-service")).auth().oauth2(tokens.user("xihu-admin"))
                .contentType(ContentType.JSON).body(Map.of("role", "UNIT_HEAD", "unit", "URBAN_MANAGEMENT",
                        "name", "西湖城管负责人", "webhookUrl", receiver.url("/xihu/heads/um")))
                .post("/api/v1/recipients").then().statusCode(201);

        String id = postFinding(xihuSupervisor, "xihu-office", "E2E-XIHU-1", 30.4141);
        given().baseUri(stack.url("findings-service")).auth().oauth2(xihuSupervisor).get("/api/v1/findings/" + id)
                .then().statusCode(200).body("district", equalTo("xihu"));
        given().baseUri(stack.url("findings-service")).auth().oauth2(homeSupervisor).get("/api/v1/findings/" + id)
                .then().statusCode(404);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().baseUri(stack.url("assignment-service"))
                .auth().oauth2(xihuSupervisor).get("/api/v1/cases/" + id).then().statusCode(200)
                .body("district", equalTo("xihu")).body("leadUnit", equalTo("URBAN_MANAGEMENT")));
        given().baseUri(stack.url("assignment-service")).auth().oauth2(homeSupervisor).get("/api/v1/cases/" + id)
                .then().statusCode(404);
        // The dispatch notice reaches xihu's head of the department, never the home district's.
        await().atMost(Duration.ofSeconds(20)).until(() -> receiver.received().stream().anyMatch(r ->
                "/xihu/heads/um".equals(r.path()) && "finding.assigned".equals(r.eventType())
                        && r.body().contains(id)));
        // Overdue: level 1 goes into xihu's chain, which the xihu office verifies and the home office never sees.
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().baseUri(stack.url("escalation-service"))
                .auth().oauth2(xihuSupervisor).queryParam("findingId", id).get("/api/v1/accountability-records")
                .then().statusCode(200).body("level", hasItem(1)));
        given().baseUri(stack.url("escalation-service")).auth().oauth2(xihuSupervisor)
                .get("/api/v1/accountability-records/verification").then().statusCode(200)
                .body("valid", equalTo(true));
        given().baseUri(stack.url("escalation-service")).auth().oauth2(homeSupervisor).queryParam("findingId", id)
                .get("/api/v1/accountability-records").then().statusCode(200).body("$", hasSize(0));
        await().atMost(Duration.ofSeconds(20)).until(() -> receiver.received().stream().anyMatch(r ->
                "/xihu/heads/um".equals(r.path()) && "escalation.raised".equals(r.eventType())
                        && r.body().contains(id)));
        assertTrue(receiver.received().stream().noneMatch(r -> "/heads/um".equals(r.path()) && r.body().contains(id)),
                "the home district's head was alerted of xihu's finding");
        // Every event about it names its district, from intake to the ledger.
        List<String> districts = new java.util.ArrayList<>();
        for (String topic : List.of("civcity.findings", "civcity.cases", "civcity.escalations")) {
            env.readTopic(topic, rec -> {
                if (id.equals(rec.key())) {
                    districts.add(TestStack.header(rec, "ce_district") + " " + TestStack.header(rec, "ce_type"));
                }
            });
        }
        assertTrue(districts.size() >= 3 && districts.stream().allMatch(d -> d.startsWith("xihu ")),
                districts.toString());
    }

    /** A person in the stack's Keycloak with one realm role in {@code district}, as a district's admin adds one. */
    private static void keycloakUser(String username, String role, String district) {
        String base = stack.keycloakRealmUrl().replace("/realms/civcity", "");
        String admin = given().baseUri(base).contentType(ContentType.URLENC).formParam("grant_type", "password")
                .formParam("client_id", "admin-cli").formParam("username", "admin").formParam("password", "admin")
                .post("/realms/master/protocol/openid-connect/token").then().statusCode(200).extract()
                .path("access_token");
        String location = given().baseUri(base).auth().oauth2(admin).contentType(ContentType.JSON)
                .body(Map.of("username", username, "enabled", true, "firstName", "Xihu", "lastName", role,
                        "email", username + "@xihu.example.gov.cn", "emailVerified", true,
                        "attributes", Map.of("district", List.of(district)),
                        "credentials", List.of(Map.of("type", "password", "value", "demo", "temporary", false))))
                .post("/admin/realms/civcity/users").then().statusCode(201).extract().header("Location");
        Map<String, Object> realmRole = given().baseUri(base).auth().oauth2(admin)
                .get("/admin/realms/civcity/roles/" + role).then().statusCode(200).extract().jsonPath().getMap("$");
        given().baseUri(base).auth().oauth2(admin).contentType(ContentType.JSON).body(List.of(realmRole))
                .post(java.net.URI.create(location).getPath() + "/role-mappings/realm").then().statusCode(204);
    }

    /** Escalation alerts about a finding; deadline warnings are counted apart. */
    private static List<AlertReceiver.Received> alertsFor(String findingId) {
        return receiver.received().stream().filter(r -> r.body().contains(findingId))
                .filter(r -> "escalation.raised".equals(r.eventType())).toList();
    }

    private static List<AlertReceiver.Received> warningsFor(String findingId) {
        return receiver.received().stream().filter(r -> r.body().contains(findingId))
                .filter(r -> "deadline.approaching".equals(r.eventType())).toList();
    }
}
