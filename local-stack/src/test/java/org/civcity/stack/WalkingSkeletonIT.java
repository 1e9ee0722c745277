package org.civcity.stack;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasSize;
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
import org.civcity.shared.calendar.WorkingCalendar;
import org.civcity.standin.AlertReceiver;
import org.civcity.testsupport.Metrics;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The walking skeleton end to end, as the run command starts it: the four packaged services as processes on one
 * embedded PostgreSQL and one Kafka broker process. A finding with a deadline of a few seconds is routed, escalates
 * after its deadline and not before, leaves one accountability record, and its alert reaches the endpoint once.
 */
class WalkingSkeletonIT {

    private static final Duration RECTIFY = Duration.ofSeconds(8);

    private static TestStack env;
    private static AlertReceiver receiver;
    private static LocalStack stack;
    private static RealmTokens tokens;

    @BeforeAll
    static void startStack() throws Exception {
        env = TestStack.start("local-stack", "e2e", 1, options -> options.withConfig("assignment-service", Map.of(
                "assignment.acknowledge-within.HIGH", "PT120S",
                "assignment.rectify-within.HIGH", "PT" + RECTIFY.toSeconds() + "S",
                // Working time as in production for one kind of finding: its deadline spans the Spring Festival.
                "assignment.rectify-within.\"PUBLIC_SERVICE.LOW\"", "60 working days",
                "assignment.policy-version", "e2e-1")));
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

    @Test
    void aFindingTravelsFromIntakeToTheLeadersAlert() throws Exception {
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

        await().atMost(Duration.ofSeconds(60)).until(() -> !alertsFor(id).isEmpty());
        given().baseUri(stack.url("escalation-service")).auth().oauth2(supervisor).queryParam("findingId", id)
                .get("/api/v1/accountability-records").then().statusCode(200)
                .body("$", hasSize(1))
                .body("[0].level", equalTo(1))
                .body("[0].unit", equalTo("URBAN_MANAGEMENT"));
        Instant recorded = Instant.parse(given().baseUri(stack.url("escalation-service")).auth().oauth2(supervisor)
                .queryParam("findingId", id)
                .get("/api/v1/accountability-records").then().extract().path("[0].recordedAt"));
        assertFalse(recorded.isBefore(rectifyBy), "escalated at " + recorded + " before the deadline " + rectifyBy);

        String ops = tokens.user("ops");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().baseUri(stack.url("notification-service"))
                .auth().oauth2(ops)
                .queryParam("findingId", id).get("/api/v1/deliveries").then().statusCode(200)
                // The lead unit, the township where the site lies and the supporting unit are each told their part.
                .body("eventType", containsInAnyOrder("finding.assigned", "finding.assigned", "finding.assigned",
                        "deadline.approaching", "escalation.raised"))
                .body("status", everyItem(equalTo("DELIVERED"))));
        // Several more scans and delivery rounds: still exactly one alert.
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() -> alertsFor(id).size() == 1);
        List<AlertReceiver.Received> alerts = alertsFor(id);
        assertTrue(alerts.get(0).body().contains("URBAN_MANAGEMENT"), alerts.get(0).body());
        assertTrue(receiver.received().stream().filter(r -> r.body().contains(id))
                .filter(r -> "finding.assigned".equals(r.eventType()))
                .anyMatch(r -> r.body().contains("ASSIGNED_TERRITORIAL") && r.body().contains("新华街道")),
                "the township where the site lies is told that it answers for the finding too");
        assertTrue(alerts.get(0).body().contains("超期督办"), alerts.get(0).body());
        assertEquals(traceId, alerts.get(0).traceparent().split("-")[1], "the alert request continues the trace");
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
