package org.civcity.escalation.rest;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.civcity.testsupport.CloudEventRecords.cloudEvent;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.civcity.contracts.Category;
import org.civcity.contracts.EventTypes;
import org.civcity.contracts.FindingAssigned;
import org.civcity.contracts.Severity;
import org.civcity.contracts.SiteType;
import org.civcity.contracts.Topics;
import org.civcity.escalation.OwnDatabase;
import org.civcity.shared.security.Roles;
import org.civcity.testsupport.CloudEventRecords;
import org.civcity.testsupport.EmbeddedInfrastructure;
import org.civcity.testsupport.Tokens;
import org.junit.jupiter.api.Test;

/**
 * The ladder as the office's data: checked in a dry run, refused with every problem named, published with an audit
 * trail, and used by the next case's clocks while pending ones keep theirs. Its own database: a published ladder
 * cannot be taken back (the configured test ladder skips a level, which the API rightly refuses), and the other
 * tests count on the configured one.
 */
@QuarkusTest
@TestProfile(OwnDatabase.class)
class LadderPolicyTest {

    private static final String ADMIN = Tokens.user(Roles.ADMIN);

    @Inject
    ObjectMapper mapper;

    @Inject
    Pool pool;

    private static Map<String, Object> level(int n, String delay, String target, boolean proposal) {
        Map<String, Object> level = new HashMap<>();
        level.put("level", n);
        level.put("delay", delay);
        level.put("target", target);
        level.put("accountabilityProposal", proposal);
        return level;
    }

    private static Map<String, Object> ladder(String version, List<Map<String, Object>> levels) {
        return Map.of("source", "区创文办追责问责办法（试行）", "version", version, "levels", levels);
    }

    @Test
    void aLadderIsDryRunPublishedAuditedAndUsedByTheNextCase() throws Exception {
        // A case started on the configured ladder before the change.
        UUID before = UUID.randomUUID();
        assign(before, Instant.now().plusSeconds(3600));
        given().auth().oauth2(Tokens.user(Roles.LEADER)).get("/api/v1/ladder").then().statusCode(200)
                .body("version", equalTo("ladder-2026.2")).body("publishedBy", equalTo("deployment"))
                .body("levels.target", equalTo(Arrays.asList("UNIT_HEAD", "CIVILIZATION_OFFICE", null,
                        "PRINCIPAL_LEADERS")));

        Map<String, Object> first = level(1, "PT0S", "UNIT_HEAD", false);
        first.put("parties", List.of(Map.of("role", "UNIT_HEAD", "of", "LEAD"),
                Map.of("role", "UNIT_HEAD", "of", "TERRITORIAL")));
        Map<String, Object> second = level(2, "PT1S", "CIVILIZATION_OFFICE", false);
        second.put("parties", List.of(Map.of("role", "CIVILIZATION_OFFICE", "of", "DISTRICT")));
        Map<String, Object> next = ladder("ladder-2027.1", List.of(first, second,
                level(3, "PT2S", "DISTRICT_LEADER_IN_CHARGE", true)));
        // A level given only its target addresses that role of the lead department.
        String changes = "level 2: delay PT6S -> PT1S; level 3: delay PT7S -> PT2S, target null ->"
                + " DISTRICT_LEADER_IN_CHARGE, parties [] -> [DISTRICT_LEADER_IN_CHARGE@LEAD], accountability"
                + " proposal false -> true; removed level 4";
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().auth().oauth2(ADMIN)
                .contentType(ContentType.JSON).body(next).post("/api/v1/ladder/dry-run").then().statusCode(200)
                .body("dryRun", equalTo(true)).body("published", equalTo(false)).body("changes", equalTo(changes))
                .body("openCasesByVersion", hasKey("ladder-2026.2")));
        given().auth().oauth2(ADMIN).get("/api/v1/ladder").then().body("version", equalTo("ladder-2026.2"));

        given().auth().oauth2(ADMIN).contentType(ContentType.JSON).body(next).put("/api/v1/ladder").then()
                .statusCode(201).body("published", equalTo(true)).body("changes", equalTo(changes));
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON).body(next).put("/api/v1/ladder").then()
                .statusCode(200).body("published", equalTo(false));
        given().auth().oauth2(Tokens.user(Roles.SUPERVISOR)).get("/api/v1/ladder/versions").then().statusCode(200)
                .body("version", equalTo(List.of("ladder-2026.2", "ladder-2027.1")))
                .body("publishedBy", equalTo(List.of("deployment", "admin-user")))
                .body("[1].source", equalTo("区创文办追责问责办法（试行）")).body("[1].changes", equalTo(changes));

        // The next case escalates on the new ladder, level 3 to the leader in charge with a proposal.
        UUID after = UUID.randomUUID();
        assign(after, Instant.now().minusSeconds(30));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().auth().oauth2(Tokens.user(Roles.SUPERVISOR))
                .queryParam("findingId", after.toString()).queryParam("reason", "RECTIFICATION_OVERDUE")
                .get("/api/v1/accountability-records").then().statusCode(200)
                .body("level", equalTo(List.of(1, 2, 3)))
                .body("responsibleRole", equalTo(List.of("UNIT_HEAD", "CIVILIZATION_OFFICE",
                        "DISTRICT_LEADER_IN_CHARGE")))
                .body("policyVersion", equalTo(List.of("ladder-2027.1", "ladder-2027.1", "ladder-2027.1")))
                .body("[2].reason", containsString("ACCOUNTABILITY_PROPOSAL")));
        // The case started before keeps the ladder it started on.
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON).body(next).post("/api/v1/ladder/dry-run").then()
                .statusCode(200).body("openCasesByVersion.'ladder-2026.2'", greaterThanOrEqualTo(1));

        // A version name is never reused for other levels.
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON)
                .body(ladder("ladder-2027.1", List.of(level(1, "PT0S", "UNIT_HEAD", true))))
                .put("/api/v1/ladder").then().statusCode(422).body("errors[0].field", equalTo("version"));
    }

    @Test
    void aBadLadderNamesEveryProblemAndPublishesNothing() throws Exception {
        int versions = given().auth().oauth2(ADMIN).get("/api/v1/ladder/versions").then().statusCode(200)
                .extract().path("size()");
        Map<String, Object> bad = ladder("bad-1", List.of(level(1, "-PT1S", "UNIT_HEAD", false),
                level(3, "PT5S", "MAYOR", false), level(3, "PT4S", "CIVILIZATION_OFFICE", false),
                level(4, "soon", "PRINCIPAL_LEADERS", false), level(5, "2 working days", " ", true)));
        for (String path : List.of("/api/v1/ladder/dry-run", "/api/v1/ladder")) {
            var call = given().auth().oauth2(ADMIN).contentType(ContentType.JSON).body(bad);
            (path.endsWith("dry-run") ? call.post(path) : call.put(path)).then().statusCode(422)
                    .contentType("application/problem+json")
                    .body("errors.field", equalTo(List.of("levels[0].delay", "levels[1].level", "levels[1].target",
                            "levels[2].delay", "levels[3].delay", "levels[4].target")))
                    .body("errors.message", hasItems(
                            "must not be negative: a level fires after the deadline",
                            "must be 2: levels are numbered from 1 without a gap, in order (found 3)",
                            "level 3 fires no later than level 2: it is never reached on its own",
                            "'soon' is neither \"N working days\", \"N working hours\" nor an ISO-8601 duration",
                            "level 5 addresses nobody: it would be skipped, never reached"));
        }
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON).body(ladder("empty", List.of()))
                .put("/api/v1/ladder").then().statusCode(422).body("errors[0].field", equalTo("levels"));
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON).body("{\"version\": \"v\", \"levels\": []}")
                .put("/api/v1/ladder").then().statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON)
                .body("{\"source\": \"s\", \"version\": \"v\", \"levels\": [{\"level\": \"first\"}]}")
                .put("/api/v1/ladder").then().statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(ADMIN).get("/api/v1/ladder/versions").then().body("size()", equalTo(versions))
                .body("find { it.version == 'bad-1' }", nullValue());

        // Nor can anyone rewrite a published version: the owner is stopped by the trigger, the service's own role
        // has no right to.
        try (Connection owner = DriverManager.getConnection("jdbc:postgresql://" + EmbeddedInfrastructure.postgres()
                + "/escalation_own", EmbeddedInfrastructure.postgresUser(),
                EmbeddedInfrastructure.postgresPassword()); Statement st = owner.createStatement()) {
            SQLException refused = assertThrows(SQLException.class,
                    () -> st.executeUpdate("UPDATE ladder_version SET source = 'rewritten'"));
            assertTrue(refused.getMessage().contains("ladder_version is append-only"), refused.getMessage());
        }
        for (String sql : List.of("UPDATE ladder_version SET source = 'rewritten'", "DELETE FROM ladder_version")) {
            Exception refused = assertThrows(Exception.class,
                    () -> pool.query(sql).execute().await().atMost(Duration.ofSeconds(10)));
            assertTrue(refused.getMessage().contains("permission denied for table ladder_version"),
                    refused.getMessage());
        }
    }

    @Test
    void onlyAdminsPublishAndTheOfficeAndLeadersRead() throws Exception {
        Map<String, String> callers = Tokens.oneOfEachRole();
        Map<String, Set<String>> readers = Map.of(
                "/api/v1/ladder", Set.of("supervisor", "leader", "ops", "admin"),
                "/api/v1/ladder/versions", Set.of("supervisor", "ops", "admin"));
        readers.forEach((path, allowed) -> {
            given().get(path).then().statusCode(401);
            callers.forEach((who, token) -> given().auth().oauth2(token).get(path)
                    .then().statusCode(allowed.contains(who) ? 200 : 403));
        });
        String body = mapper.writeValueAsString(ladder("ladder-security",
                List.of(level(1, "PT0S", "UNIT_HEAD", false))));
        given().contentType(ContentType.JSON).body(body).put("/api/v1/ladder").then().statusCode(401);
        given().contentType(ContentType.JSON).body(body).post("/api/v1/ladder/dry-run").then().statusCode(401);
        callers.forEach((who, token) -> {
            given().auth().oauth2(token).contentType(ContentType.JSON).body(body).post("/api/v1/ladder/dry-run")
                    .then().statusCode(who.equals("admin") ? 200 : 403);
            if (!who.equals("admin")) {
                given().auth().oauth2(token).contentType(ContentType.JSON).body(body).put("/api/v1/ladder")
                        .then().statusCode(403);
            }
        });
    }

    @Test
    void eachDistrictPublishesItsOwnLadder() throws Exception {
        String xihuAdmin = Tokens.inDistrict("xihu", Roles.ADMIN);
        // A district with no ladder of its own starts from the deployment's.
        given().auth().oauth2(Tokens.inDistrict("xihu", Roles.LEADER)).get("/api/v1/ladder").then().statusCode(200)
                .body("version", equalTo("ladder-2026.2")).body("publishedBy", equalTo("deployment"));
        // Two levels: the first fires at once, the second (a day later) stays pending for the dry runs below.
        Map<String, Object> xihuLadder = ladder("xihu-2027.1", List.of(level(1, "PT0S", "UNIT_HEAD", false),
                level(2, "PT24H", "CIVILIZATION_OFFICE", true)));
        given().auth().oauth2(xihuAdmin).contentType(ContentType.JSON).body(xihuLadder).put("/api/v1/ladder").then()
                .statusCode(201).body("published", equalTo(true));
        given().auth().oauth2(xihuAdmin).get("/api/v1/ladder/versions").then().statusCode(200)
                .body("version", equalTo(List.of("ladder-2026.2", "xihu-2027.1")));
        given().auth().oauth2(ADMIN).get("/api/v1/ladder/versions").then().statusCode(200)
                .body("version", not(hasItem("xihu-2027.1")));
        given().auth().oauth2(ADMIN).get("/api/v1/ladder").then().statusCode(200)
                .body("version", not(equalTo("xihu-2027.1")));

        // Xihu's next case escalates on xihu's ladder; the home district's does not.
        UUID xihu = UUID.randomUUID();
        UUID home = UUID.randomUUID();
        assign(xihu, Instant.now().minusSeconds(30), "xihu");
        assign(home, Instant.now().minusSeconds(30), null);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().auth()
                .oauth2(Tokens.inDistrict("xihu", Roles.SUPERVISOR)).queryParam("findingId", xihu.toString())
                .queryParam("reason", "RECTIFICATION_OVERDUE").get("/api/v1/accountability-records").then()
                .statusCode(200).body("level", equalTo(List.of(1)))
                .body("policyVersion", equalTo(List.of("xihu-2027.1")))
                .body("responsibleRole", equalTo(List.of("UNIT_HEAD"))));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().auth()
                .oauth2(Tokens.user(Roles.SUPERVISOR)).queryParam("findingId", home.toString())
                .queryParam("reason", "RECTIFICATION_OVERDUE").get("/api/v1/accountability-records").then()
                .statusCode(200).body("policyVersion", hasItem(not(equalTo("xihu-2027.1"))))
                .body("policyVersion", not(hasItem("xihu-2027.1"))));
        // Each district's dry run counts its own open cases only: xihu's case waits on level 2 of xihu's ladder.
        given().auth().oauth2(xihuAdmin).contentType(ContentType.JSON).body(xihuLadder).post("/api/v1/ladder/dry-run")
                .then().statusCode(200).body("openCasesByVersion.'xihu-2027.1'", greaterThanOrEqualTo(1));
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON).body(xihuLadder).post("/api/v1/ladder/dry-run")
                .then().statusCode(200).body("openCasesByVersion", not(hasKey("xihu-2027.1")));
    }

    private void assign(UUID id, Instant rectifyBy) throws Exception {
        assign(id, rectifyBy, null);
    }

    /** A dispatch in {@code district} (null: home, named by no extension). */
    private void assign(UUID id, Instant rectifyBy, String district) throws Exception {
        String data = mapper.writeValueAsString(new FindingAssigned(id, 1, "URBAN_MANAGEMENT", "XINHUA_SUBDISTRICT",
                List.of(), Category.SANITATION, Severity.HIGH, SiteType.BACK_ALLEY, "Lane 3",
                Instant.now().minusSeconds(60), Instant.now().plusSeconds(3600), rectifyBy, "p1", 0));
        EmbeddedInfrastructure.kafkaCompanion().produceStrings().fromRecords(CloudEventRecords.inDistrict(
                cloudEvent(Topics.CASES, UUID.randomUUID(), EventTypes.FINDING_ASSIGNED, id.toString(), data),
                district)).awaitCompletion();
    }
}
