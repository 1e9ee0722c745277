package org.civcity.notification.rest;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.civcity.notification.AlertReceiverResource;
import org.civcity.notification.CaseEvents;
import org.civcity.shared.security.Roles;
import org.civcity.testsupport.InfrastructureResource;
import org.civcity.testsupport.OidcTestServer;
import org.civcity.testsupport.Tokens;
import org.junit.jupiter.api.Test;

/**
 * Issue #22 point 3: the civilization office's duty role resolved from a weekly rota with overrides, in the district's
 * time (Asia/Shanghai), when an alert is sent; the rota is versioned and a rota with gaps or overlaps is refused.
 */
@QuarkusTest
@QuarkusTestResource(value = InfrastructureResource.class,
        initArgs = @ResourceArg(name = "database", value = "notification"))
@QuarkusTestResource(OidcTestServer.class)
@QuarkusTestResource(AlertReceiverResource.class)
class DutyRotaTest {

    private static final String ADMIN = Tokens.user(Roles.ADMIN);
    private static final String OPS = Tokens.user(Roles.OPS);
    private static final ZoneId DISTRICT = ZoneId.of("Asia/Shanghai");

    @Inject
    ObjectMapper mapper;

    private static String officer(String name, String path) {
        return given().auth().oauth2(ADMIN).contentType(ContentType.JSON).body(Map.of("role", "CIVILIZATION_OFFICE",
                        "name", name, "webhookUrl", AlertReceiverResource.receiver.url(path)))
                .post("/api/v1/recipients").then().statusCode(201).extract().path("id");
    }

    private static int version() {
        Response current = given().auth().oauth2(OPS).get("/api/v1/duty-rota");
        return current.statusCode() == 404 ? 0 : current.then().statusCode(200).extract().path("version");
    }

    private static Response put(int version, List<Map<String, Object>> weekly, List<Map<String, Object>> overrides) {
        return given().auth().oauth2(ADMIN).contentType(ContentType.JSON)
                .body(Map.of("version", version, "weekly", weekly, "overrides", overrides))
                .put("/api/v1/duty-rota");
    }

    private static Map<String, Object> shift(String from, String to, String who) {
        return Map.of("from", from, "to", to, "recipientId", who);
    }

    private static Map<String, Object> override(LocalDateTime from, LocalDateTime to, String who, String reason) {
        return Map.of("from", from.toString(), "to", to.toString(), "recipientId", who, "reason", reason);
    }

    private static String onDuty(String at) {
        return given().auth().oauth2(OPS).queryParam("at", at).get("/api/v1/duty-rota/on-duty").then()
                .statusCode(200).extract().path("recipientId");
    }

    @Test
    void theRotaCoversTheWeekOnceOverridesComeFirstAndAlertsGoToWhoeverIsOnDuty() throws Exception {
        String suffix = Long.toHexString(System.nanoTime());
        String weekdays = officer("值班员甲", "/duty/" + suffix + "/a");
        String weekend = officer("值班员乙", "/duty/" + suffix + "/b");
        String inspection = officer("迎检值班员丙", "/duty/" + suffix + "/c");
        String unitHead = given().auth().oauth2(ADMIN).contentType(ContentType.JSON)
                .body(Map.of("role", "UNIT_HEAD", "unit", "DUTY_ROTA_TEST", "name", "不是值班员"))
                .post("/api/v1/recipients").then().statusCode(201).extract().path("id");
        int version = version();
        List<Map<String, Object>> week = List.of(shift("MONDAY 08:30", "FRIDAY 17:30", weekdays),
                shift("FRIDAY 17:30", "MONDAY 08:30", weekend));
        LocalDateTime inspectionWeek = LocalDateTime.parse("2030-12-16T00:00");
        List<Map<String, Object>> overrides = List.of(override(inspectionWeek, inspectionWeek.plusDays(7),
                inspection, "迎检"));

        // Gaps, overlaps, overlapping overrides, someone not holding the duty role: 400, each named; nothing stored.
        put(version, List.of(shift("MONDAY 08:30", "FRIDAY 17:00", weekdays),
                shift("FRIDAY 17:30", "MONDAY 08:30", weekend)), List.of()).then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors.message", hasItem("gap from FRIDAY 17:00 to FRIDAY 17:30"));
        put(version, List.of(shift("MONDAY 08:30", "SATURDAY 09:00", weekdays),
                shift("FRIDAY 17:30", "MONDAY 08:30", weekend)), List.of()).then().statusCode(400)
                .body("errors.message", hasItem("overlap from FRIDAY 17:30 to SATURDAY 09:00"));
        put(version, week, List.of(overrides.get(0), override(inspectionWeek.plusDays(6),
                inspectionWeek.plusDays(8), weekend, "调班"))).then().statusCode(400)
                .body("errors.field", hasItem("overrides"));
        put(version, List.of(shift("MONDAY 08:30", "MONDAY 08:30", unitHead)), List.of()).then().statusCode(400)
                .body("errors.field", hasItem("recipientId"));
        put(version, List.of(shift("MONDAY 25:00", "MONDAY 08:30", weekdays)), List.of()).then().statusCode(400)
                .body("errors.field", hasItem("weekly[0].from"));
        put(version + 5, week, overrides).then().statusCode(409).body("version", equalTo(version));
        assertEquals(version, version());

        put(version, week, overrides).then().statusCode(200).body("version", equalTo(version + 1))
                .body("weekly.recipientId", hasItems(weekdays, weekend));

        // Across the week's boundary: Monday 08:29 is still the weekend's shift, 08:30 the weekdays'.
        assertEquals(weekend, onDuty("2030-12-09T00:29:00Z"));
        assertEquals(weekdays, onDuty("2030-12-09T00:30:00Z"));
        assertEquals(weekdays, onDuty("2030-12-13T09:29:00Z"));
        assertEquals(weekend, onDuty("2030-12-13T09:30:00Z"));
        assertEquals(weekend, onDuty("2030-12-15T15:59:00Z"));
        // The override's week, from Monday 00:00 district time (Sunday 16:00 UTC), to the next Monday 00:00.
        assertEquals(inspection, onDuty("2030-12-15T16:00:00Z"));
        given().auth().oauth2(OPS).queryParam("at", "2030-12-18T02:00:00Z").get("/api/v1/duty-rota/on-duty")
                .then().statusCode(200).body("override", equalTo(true)).body("reason", equalTo("迎检"))
                .body("rotaVersion", equalTo(version + 1));
        assertEquals(weekend, onDuty("2030-12-22T16:00:00Z"));
        given().auth().oauth2(OPS).queryParam("at", "yesterday").get("/api/v1/duty-rota/on-duty").then()
                .statusCode(400);

        // Now, with an override around this moment: an alert to the duty role goes to the one on duty, alone.
        LocalDateTime now = LocalDateTime.now(DISTRICT).truncatedTo(ChronoUnit.MINUTES);
        put(version + 1, week, List.of(overrides.get(0), override(now.minusHours(1), now.plusHours(1), inspection,
                "临时顶班"))).then().statusCode(200);
        CaseEvents events = CaseEvents.of(mapper);
        events.escalated("CIVILIZATION_OFFICE", "URBAN_MANAGEMENT", 1, 60, Instant.now());
        await().atMost(Duration.ofSeconds(20)).until(() -> received("/duty/" + suffix + "/c", events) == 1);
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() ->
                received("/duty/" + suffix + "/a", events) == 0 && received("/duty/" + suffix + "/b", events) == 0);
        given().auth().oauth2(Tokens.user(Roles.LEADER)).get("/api/v1/duty-rota").then().statusCode(403);
        given().auth().oauth2(OPS).contentType(ContentType.JSON).body(Map.of("version", 0, "weekly", week))
                .put("/api/v1/duty-rota").then().statusCode(403);
        assertTrue(version() >= version + 2);
    }

    private static long received(String path, CaseEvents events) {
        return AlertReceiverResource.receiver.received().stream()
                .filter(r -> r.path().equals(path) && r.body().contains(events.findingId().toString())).count();
    }
}
