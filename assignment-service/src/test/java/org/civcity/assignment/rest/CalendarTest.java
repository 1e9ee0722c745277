package org.civcity.assignment.rest;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.civcity.testsupport.CloudEventRecords.cloudEvent;
import static org.civcity.testsupport.CloudEventRecords.header;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.civcity.assignment.messaging.FindingEventsConsumerTest;
import org.civcity.contracts.Category;
import org.civcity.contracts.EventTypes;
import org.civcity.contracts.Severity;
import org.civcity.contracts.Topics;
import org.civcity.shared.calendar.WorkingCalendar;
import org.civcity.shared.security.Roles;
import org.civcity.testsupport.EmbeddedInfrastructure;
import org.civcity.testsupport.EventSchemas;
import org.civcity.testsupport.InfrastructureResource;
import org.civcity.testsupport.Metrics;
import org.civcity.testsupport.OidcTestServer;
import org.civcity.testsupport.Tokens;
import org.junit.jupiter.api.Test;

/**
 * Calendars as data: an admin publishes next year's calendar, it is validated, versioned and audited, announced on
 * civcity.calendars, and a deadline set afterwards skips its holidays; the endpoints refuse every other role.
 */
@QuarkusTest
@QuarkusTestResource(value = InfrastructureResource.class,
        initArgs = @ResourceArg(name = "database", value = "assignment"))
@QuarkusTestResource(OidcTestServer.class)
class CalendarTest {

    private static final String ADMIN = Tokens.user(Roles.ADMIN);
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    /** Test data shaped like a State Council notice; not the real 2027 notice. */
    private static final List<String> HOLIDAYS = List.of("2027-01-01", "2027-01-02", "2027-01-03", "2027-02-06",
            "2027-02-07", "2027-02-08", "2027-02-09", "2027-02-10", "2027-02-11", "2027-02-12");
    private static final List<String> SWAPPED = List.of("2027-02-14", "2027-02-20");

    @Inject
    ObjectMapper mapper;

    private static Map<String, Object> calendar(String source, List<String> holidays, List<String> swapped) {
        return Map.of("source", source, "holidays", holidays, "swappedWorkingDays", swapped);
    }

    @Test
    void aPublishedYearIsVersionedAnnouncedAndCountsForTheNextDeadline() throws Exception {
        int year = LocalDate.now(SHANGHAI).getYear() + 1;
        assertEquals(2027, year, "the test data is 2027's; move it on with the calendar");
        ConsumerTask<String, String> feed = EmbeddedInfrastructure.kafkaCompanion().consumeStrings()
                .withProp("auto.offset.reset", "earliest").fromTopics(Topics.CALENDARS);

        given().auth().oauth2(ADMIN).contentType(ContentType.JSON)
                .body(calendar("test notice 2027", HOLIDAYS, SWAPPED))
                .put("/api/v1/calendars/2027")
                .then().statusCode(201)
                .header("Location", containsString("/api/v1/calendars/2027"))
                .body("version", equalTo(1)).body("publishedBy", equalTo("admin-user"))
                .body("changes", containsString("first publication: 10 holidays, 2 swapped working days"));

        // The same days again publish nothing; a correction is version 2 and says what it changed.
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON)
                .body(calendar("test notice 2027, reissued", HOLIDAYS, SWAPPED))
                .put("/api/v1/calendars/2027").then().statusCode(200).body("version", equalTo(1));
        List<String> corrected = Stream.concat(HOLIDAYS.stream().filter(d -> !d.equals("2027-01-03")),
                Stream.of("2027-02-13")).toList();
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON)
                .body(calendar("test notice 2027, corrected", corrected, SWAPPED))
                .put("/api/v1/calendars/2027").then().statusCode(201).body("version", equalTo(2))
                .body("changes", equalTo("added holidays [2027-02-13]; removed holidays [2027-01-03]"));
        given().auth().oauth2(Tokens.user(Roles.OPS)).get("/api/v1/calendars/2027/versions").then().statusCode(200)
                .body("version", equalTo(List.of(1, 2)))
                .body("source", equalTo(List.of("test notice 2027", "test notice 2027, corrected")));
        given().auth().oauth2(Tokens.user(Roles.LEADER)).get("/api/v1/calendars").then().statusCode(200)
                .body("years.year", hasItem(2027)).body("coveredUntil", equalTo("2027-12-31"))
                .body("coverageDays", greaterThan(365));

        // Both versions were announced, in order, under the year's key; the bundled 2026 calendar too.
        List<ConsumerRecord<String, String>> announced = feed.awaitRecords(3, Duration.ofSeconds(30)).getRecords();
        feed.close();
        List<ConsumerRecord<String, String>> of2027 = announced.stream().filter(r -> "2027".equals(r.key())).toList();
        assertEquals(2, of2027.size(), "announcements of 2027");
        for (ConsumerRecord<String, String> r : announced) {
            assertEquals(EventTypes.CALENDAR_PUBLISHED, header(r, "ce_type"));
            EventSchemas.assertValid(r);
        }
        assertEquals(2, mapper.readTree(of2027.get(1).value()).get("version").asInt());
        assertTrue(announced.stream().anyMatch(r -> "2026".equals(r.key())), "the bundled year is published too");
        // Every instance reads the feed: this one has version 2 in force.
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertEquals(2.0, Metrics.sum("civcity_calendar_version", "year=\"2027\"")));

        // A deadline set now counts on 2027's holidays: 60 working days reach past the Spring Festival.
        UUID id = UUID.randomUUID();
        EmbeddedInfrastructure.kafkaCompanion().produceStrings().fromRecords(cloudEvent(Topics.FINDINGS,
                UUID.randomUUID(), EventTypes.FINDING_REPORTED, id.toString(),
                FindingEventsConsumerTest.reported(mapper, id, Category.PUBLIC_SERVICE, Severity.LOW)))
                .awaitCompletion();
        JsonNode view = mapper.readTree(await().atMost(Duration.ofSeconds(20)).until(() -> given()
                .auth().oauth2(Tokens.user(Roles.SUPERVISOR)).get("/api/v1/cases/" + id).asString(),
                body -> body.contains("rectifyBy")));
        Instant dispatchedAt = Instant.parse(view.get("dispatchedAt").asText());
        Instant rectifyBy = Instant.parse(view.get("rectifyBy").asText());
        Set<LocalDate> holidays2026 = Stream.of("2026-01-01", "2026-02-16", "2026-10-01")
                .map(LocalDate::parse).collect(Collectors.toSet());
        WorkingCalendar published = calendar(Map.of(2026, holidays2026, 2027, dates(corrected)));
        WorkingCalendar fallback = calendar(Map.of(2026, holidays2026));
        assertEquals(published.plusWorkingDays(dispatchedAt, 60), rectifyBy, view.toString());
        // Six weekdays off, two weekend days worked: four working days later than Monday-Friday would say.
        assertEquals(fallback.plusWorkingDays(dispatchedAt, 64), rectifyBy, "the holidays of 2027 moved the deadline");
        assertTrue(rectifyBy.isAfter(Instant.parse("2027-02-13T00:00:00Z")), "it spans the Spring Festival");

        // Version 3 adds Monday 15 Feb. The case keeps its deadline until an admin re-plans; a dry run moves nothing.
        List<String> third = Stream.concat(corrected.stream(), Stream.of("2027-02-15")).toList();
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON)
                .body(calendar("test notice 2027, third", third, SWAPPED))
                .put("/api/v1/calendars/2027").then().statusCode(201).body("version", equalTo(3));
        Instant replanned = calendar(Map.of(2026, holidays2026, 2027, dates(third))).plusWorkingDays(dispatchedAt, 60);
        assertEquals(fallback.plusWorkingDays(dispatchedAt, 65), replanned, "one working day later");
        String move = "moved.find { it.findingId == '" + id + "' }";
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON)
                .body(Map.of("dryRun", true, "reason", "the notice was corrected"))
                .post("/api/v1/calendars/2027/replan").then().statusCode(200)
                .body("dryRun", equalTo(true)).body("calendarVersion", equalTo(3))
                .body(move + ".previousRectifyBy", equalTo(rectifyBy.toString()))
                .body(move + ".rectifyBy", equalTo(replanned.toString()));
        assertEquals(rectifyBy.toString(), caseView(id).get("rectifyBy").asText(), "a dry run changes nothing");

        ConsumerTask<String, String> cases = EmbeddedInfrastructure.kafkaCompanion().consumeStrings()
                .withProp("auto.offset.reset", "earliest").fromTopics(Topics.CASES);
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON)
                .body(Map.of("dryRun", false, "reason", "the notice was corrected"))
                .post("/api/v1/calendars/2027/replan").then().statusCode(200)
                .body(move + ".rectifyBy", equalTo(replanned.toString()));
        JsonNode after = caseView(id);
        assertEquals(replanned.toString(), after.get("rectifyBy").asText());
        JsonNode step = after.get("history").get(after.get("history").size() - 1);
        assertEquals("DEADLINE_REPLANNED", step.get("action").asText());
        assertEquals("admin-user", step.get("actor").asText());
        assertTrue(step.get("detail").asText().endsWith("re-planned on calendar 2027 version 3: the notice was"
                + " corrected"), step.toString());
        ConsumerRecord<String, String> extended = await().atMost(Duration.ofSeconds(20)).until(() -> cases
                .getRecords().stream().filter(r -> id.toString().equals(r.key())
                        && EventTypes.DEADLINE_EXTENDED.equals(header(r, "ce_type"))).findFirst(),
                java.util.Optional::isPresent).orElseThrow();
        cases.close();
        EventSchemas.assertValid(extended);
        assertEquals(replanned.toString(), mapper.readTree(extended.value()).get("rectifyBy").asText());

        // Once re-planned, a second run finds nothing more to move for it.
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON)
                .body(Map.of("dryRun", true, "reason", "again"))
                .post("/api/v1/calendars/2027/replan").then().statusCode(200)
                .body("moved.findingId", not(hasItem(id.toString())));
    }

    private JsonNode caseView(UUID id) throws Exception {
        return mapper.readTree(given().auth().oauth2(Tokens.user(Roles.SUPERVISOR)).get("/api/v1/cases/" + id)
                .then().statusCode(200).extract().asString());
    }

    private static Set<LocalDate> dates(List<String> values) {
        return values.stream().map(LocalDate::parse).collect(Collectors.toSet());
    }

    /** The district's calendar with only what matters from now on (2026's remaining days have no holiday). */
    private static WorkingCalendar calendar(Map<Integer, Set<LocalDate>> holidays) {
        Map<Integer, WorkingCalendar.Year> years = holidays.entrySet().stream().collect(Collectors.toMap(
                Map.Entry::getKey, e -> new WorkingCalendar.Year(e.getKey(), 1, "t", e.getValue(),
                        e.getKey() == 2027 ? dates(SWAPPED) : Set.of())));
        return new WorkingCalendar(SHANGHAI, List.of(new WorkingCalendar.Period(LocalTime.of(9, 0),
                LocalTime.of(12, 0)), new WorkingCalendar.Period(LocalTime.of(13, 30), LocalTime.of(17, 30))),
                years, y -> { });
    }

    @Test
    void aBadCalendarNamesEveryProblemAndPublishesNothing() {
        int before = given().auth().oauth2(ADMIN).get("/api/v1/calendars").then().statusCode(200)
                .extract().path("years.size()");
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON)
                .body(calendar("bad", List.of("2028-01-01", "2028-01-01", "2027-05-01"),
                        List.of("2028-01-03", "2028-01-05", "2028-01-01")))
                .put("/api/v1/calendars/2028")
                .then().statusCode(422).contentType("application/problem+json")
                .body("errors.message", equalTo(List.of("holidays: 2028-01-01 is listed twice",
                        "holidays: 2027-05-01 is not in 2028",
                        "2028-01-01 is both a holiday and a swapped working day",
                        "swapped working day 2028-01-03 is a MONDAY, already a working day",
                        "swapped working day 2028-01-05 is a WEDNESDAY, already a working day")))
                .body("errors.field", hasItem("swappedWorkingDays"));
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON)
                .body(calendar("past", List.of(), List.of())).put("/api/v1/calendars/2020")
                .then().statusCode(422).body("errors[0].field", equalTo("year"));
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON)
                .body("{\"source\": \"x\", \"holidays\": [\"2028-13-01\"], \"swappedWorkingDays\": []}")
                .put("/api/v1/calendars/2028").then().statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON)
                .body("{\"holidays\": [], \"swappedWorkingDays\": []}")
                .put("/api/v1/calendars/2028").then().statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(ADMIN).get("/api/v1/calendars/2028").then().statusCode(404)
                .contentType("application/problem+json");
        given().auth().oauth2(ADMIN).get("/api/v1/calendars").then().statusCode(200)
                .body("years.size()", equalTo(before));
    }

    @Test
    void onlyAdminsPublishAndOnlyTheOfficeAndLeadersRead() {
        Map<String, String> callers = Tokens.oneOfEachRole();
        Map<String, Set<String>> readers = Map.of(
                "/api/v1/calendars", Set.of("supervisor", "leader", "ops", "admin"),
                "/api/v1/calendars/2026", Set.of("supervisor", "leader", "ops", "admin"),
                "/api/v1/calendars/2026/versions", Set.of("supervisor", "ops", "admin"));
        readers.forEach((path, allowed) -> {
            given().get(path).then().statusCode(401);
            callers.forEach((who, token) -> given().auth().oauth2(token).get(path)
                    .then().statusCode(allowed.contains(who) ? 200 : 403));
        });
        String body = "{\"source\": \"x\", \"holidays\": [], \"swappedWorkingDays\": []}";
        given().contentType(ContentType.JSON).body(body).put("/api/v1/calendars/2029").then().statusCode(401);
        callers.forEach((who, token) -> {
            if (!who.equals("admin")) {
                given().auth().oauth2(token).contentType(ContentType.JSON).body(body)
                        .put("/api/v1/calendars/2029").then().statusCode(403);
            }
        });
        given().auth().oauth2(ADMIN).get("/api/v1/calendars/2029").then().statusCode(404);
        String replan = "{\"dryRun\": true, \"reason\": \"r\"}";
        given().contentType(ContentType.JSON).body(replan).post("/api/v1/calendars/2026/replan").then().statusCode(401);
        callers.forEach((who, token) -> given().auth().oauth2(token).contentType(ContentType.JSON).body(replan)
                .post("/api/v1/calendars/2026/replan").then().statusCode(who.equals("admin") ? 200 : 403));
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON).body(replan)
                .post("/api/v1/calendars/2029/replan").then().statusCode(404);
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON).body("{\"dryRun\": true}")
                .post("/api/v1/calendars/2026/replan").then().statusCode(400);
    }
}
