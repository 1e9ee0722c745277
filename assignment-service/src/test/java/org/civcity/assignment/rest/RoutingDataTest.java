package org.civcity.assignment.rest;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.civcity.testsupport.CloudEventRecords.cloudEvent;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.civcity.contracts.Category;
import org.civcity.contracts.EventTypes;
import org.civcity.contracts.FindingReported;
import org.civcity.contracts.FindingSource;
import org.civcity.contracts.Severity;
import org.civcity.contracts.SiteType;
import org.civcity.contracts.Topics;
import org.civcity.shared.security.Roles;
import org.civcity.testsupport.EmbeddedInfrastructure;
import org.civcity.testsupport.InfrastructureResource;
import org.civcity.testsupport.OidcTestServer;
import org.civcity.testsupport.Tokens;
import org.junit.jupiter.api.Test;

/**
 * Routing data as data: a redrawn township is checked in a dry run (which open cases it would move), refused when
 * areas overlap or a rule names an unknown unit, published with an audit trail, and routes the next finding; open
 * cases keep their route. The sample district is restored at the end as a new version, as an office would.
 */
@QuarkusTest
@QuarkusTestResource(value = InfrastructureResource.class,
        initArgs = @ResourceArg(name = "database", value = "assignment"))
@QuarkusTestResource(OidcTestServer.class)
class RoutingDataTest {

    private static final String ADMIN = Tokens.user(Roles.ADMIN);
    /** Inside Xinhua in the sample district; inside Renmin once the border moves west to 120.12. */
    private static final double LATITUDE = 30.27;
    private static final double LONGITUDE = 120.13;

    @Inject
    ObjectMapper mapper;

    @Inject
    Pool pool;

    @Test
    void publishedVersionsAreNeverRewritten() {
        for (String table : List.of("routing_version", "calendar_version")) {
            for (String sql : List.of("UPDATE " + table + " SET source = 'rewritten'", "DELETE FROM " + table)) {
                Exception refused = assertThrows(Exception.class,
                        () -> pool.query(sql).execute().await().atMost(Duration.ofSeconds(10)));
                assertTrue(refused.getMessage().contains(table + " is append-only"), refused.getMessage());
            }
        }
        given().auth().oauth2(ADMIN).get("/api/v1/routing/versions").then().statusCode(200)
                .body("source", not(hasItem("rewritten")));
    }

    @Test
    void aRedrawnTownshipIsDryRunPublishedAuditedAndRoutesTheNextFinding() throws Exception {
        ObjectNode original = bundled();
        String before = given().auth().oauth2(Tokens.user(Roles.OPS)).get("/api/v1/routing").then().statusCode(200)
                .body("published.version", equalTo(original.get("version").asText()))
                .extract().path("published.version");
        UUID open = report(Category.SANITATION);
        assertEquals("XINHUA_SUBDISTRICT", caseOf(open).get("township").asText());

        ObjectNode redrawn = redrawn(original, before + "-redrawn");
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON).body(request("dry run", redrawn))
                .post("/api/v1/routing/dry-run").then().statusCode(200)
                .body("dryRun", equalTo(true)).body("published", equalTo(false))
                .body("changes", equalTo(REDRAWN))
                .body("warnings", hasItem(containsString("CIVIC_CONDUCT has no rule for every site")))
                .body("affected.findingId", hasItem(open.toString()))
                .body("affected.find { it.findingId == '" + open + "' }.fromTownship", equalTo("XINHUA_SUBDISTRICT"))
                .body("affected.find { it.findingId == '" + open + "' }.toTownship", equalTo("RENMIN_SUBDISTRICT"))
                .body("affected.find { it.findingId == '" + open + "' }.toLead", equalTo("URBAN_MANAGEMENT"));
        given().auth().oauth2(ADMIN).get("/api/v1/routing").then().body("published.version", equalTo(before));

        ConsumerTask<String, String> geography = EmbeddedInfrastructure.kafkaCompanion().consumeStrings()
                .withProp("auto.offset.reset", "earliest").fromTopics(Topics.ROUTING);
        try {
            // The version in force was announced at start, for the maps.
            JsonNode inForce = announced(geography, before);
            assertEquals("新华街道", inForce.at("/townships/0/name").asText());
            assertEquals("XINHUA_SUBDISTRICT", inForce.at("/townships/0/code").asText());
            assertEquals(original.at("/townships/0/polygon"), inForce.at("/townships/0/polygon"));
            assertEquals("新华社区第一网格", inForce.at("/townships/0/grids/0/name").asText());

            given().auth().oauth2(ADMIN).contentType(ContentType.JSON).body(request("区政府关于调整街道区划的通知", redrawn))
                    .put("/api/v1/routing").then().statusCode(201)
                    .body("published", equalTo(true)).body("affected.findingId", hasItem(open.toString()));
            // The redrawn border travels too, with the publication.
            JsonNode announcedRedrawn = announced(geography, before + "-redrawn");
            assertEquals(redrawn.at("/townships/0/polygon"), announcedRedrawn.at("/townships/0/polygon"));
            given().auth().oauth2(ADMIN).contentType(ContentType.JSON).body(request("again", redrawn))
                    .put("/api/v1/routing").then().statusCode(200).body("published", equalTo(false));
            given().auth().oauth2(Tokens.user(Roles.SUPERVISOR)).get("/api/v1/routing/versions").then()
                    .statusCode(200)
                    .body("version", hasItems(before, before + "-redrawn"))
                    .body("find { it.version == '" + before + "-redrawn' }.publishedBy", equalTo("admin-user"))
                    .body("find { it.version == '" + before + "-redrawn' }.source", equalTo("区政府关于调整街道区划的通知"))
                    .body("find { it.version == '" + before + "-redrawn' }.changes",
                            equalTo(REDRAWN));

            // The next finding at the same place goes to Renmin and carries the version; the open case keeps Xinhua.
            UUID next = report(Category.SANITATION);
            JsonNode routed = caseOf(next);
            assertEquals("RENMIN_SUBDISTRICT", routed.get("township").asText());
            assertEquals("routing " + before + "-redrawn", routed.get("routingVersion").asText());
            assertEquals("XINHUA_SUBDISTRICT", caseOf(open).get("township").asText());

            // A version name is never reused for other data.
            ObjectNode reused = redrawn(original, before + "-redrawn");
            ((ArrayNode) reused.get("matrix")).remove(0);
            given().auth().oauth2(ADMIN).contentType(ContentType.JSON).body(request("reuse", reused))
                    .put("/api/v1/routing").then().statusCode(422)
                    .body("errors.field", hasItem("routing.version"));
        } finally {
            geography.close();
            ObjectNode restored = original.deepCopy();
            restored.put("version", before + "-restored-" + UUID.randomUUID().toString().substring(0, 8));
            given().auth().oauth2(ADMIN).contentType(ContentType.JSON).body(request("test restores", restored))
                    .put("/api/v1/routing").then().statusCode(201);
        }
    }

    /** The data of the home district's routing.published of {@code version}, keyed "routing" on civcity.routing. */
    private JsonNode announced(ConsumerTask<String, String> geography, String version) throws Exception {
        ConsumerRecord<String, String> record = await().atMost(Duration.ofSeconds(20)).until(() -> geography
                .getRecords().stream().filter(r -> "routing".equals(r.key())
                        && r.value().contains("\"version\":\"" + version + "\"")).findFirst(),
                Optional::isPresent).orElseThrow();
        assertEquals("routing", record.key());
        return mapper.readTree(record.value());
    }

    @Test
    void badRoutingDataNamesEveryProblemAndPublishesNothing() throws Exception {
        int versions = given().auth().oauth2(ADMIN).get("/api/v1/routing/versions").then().statusCode(200)
                .extract().path("size()");
        ObjectNode bad = bundled();
        bad.put("version", "bad-1");
        // Renmin reaches west over Xinhua; Heping's ring crosses itself; a rule names a unit nobody knows;
        // PUBLICITY loses its only rule; a site lies in a department.
        ArrayNode townships = (ArrayNode) bad.get("townships");
        townships.set(1, township("RENMIN_SUBDISTRICT", new double[][] {{120.14, 30.25}, {120.22, 30.25},
            {120.22, 30.3}, {120.14, 30.3}, {120.14, 30.25}}));
        townships.set(2, township("HEPING_TOWNSHIP", new double[][] {{120.1, 30.3}, {120.22, 30.4}, {120.22, 30.3},
            {120.1, 30.4}, {120.1, 30.3}}));
        ArrayNode matrix = (ArrayNode) bad.get("matrix");
        ((ObjectNode) matrix.get(0)).put("lead", "NO_SUCH_BUREAU");
        for (int i = matrix.size() - 1; i >= 0; i--) {
            if ("PUBLICITY".equals(matrix.get(i).get("category").asText())) {
                matrix.remove(i);
            }
        }
        ((ObjectNode) bad.get("sites").get(0)).put("township", "URBAN_MANAGEMENT");

        for (String path : List.of("/api/v1/routing/dry-run", "/api/v1/routing")) {
            var call = given().auth().oauth2(ADMIN).contentType(ContentType.JSON).body(request("bad", bad));
            (path.endsWith("dry-run") ? call.post(path) : call.put(path)).then().statusCode(422)
                    .contentType("application/problem+json")
                    .body("errors.field", hasItems("routing.townships[1].polygon", "routing.townships[2].polygon",
                            "routing.matrix[0].lead", "routing.matrix", "routing.sites[0].township"))
                    .body("errors.message", hasItems("RENMIN_SUBDISTRICT overlaps XINHUA_SUBDISTRICT around"
                            + " [120.15000, 30.27500]", "HEPING_TOWNSHIP: crosses itself: edge 1 meets edge 3",
                            "NO_SUCH_BUREAU is not in the directory",
                            "PUBLICITY has no rule: its findings would all wait in triage"));
        }
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON)
                .body("{\"source\": \"x\", \"routing\": {\"version\": \"v\", \"townships\": [{\"code\": \"A\","
                        + " \"polygon\": [[1, \"north\"]]}]}}")
                .put("/api/v1/routing").then().statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON).body(Map.of("routing", bundled()))
                .put("/api/v1/routing").then().statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(ADMIN).get("/api/v1/routing/versions").then().body("size()", equalTo(versions))
                .body("version", not(hasItem("bad-1")));
    }

    @Test
    void onlyAdminsPublishAndOnlyTheOfficeReads() throws Exception {
        Map<String, String> callers = Tokens.oneOfEachRole();
        Set<String> readers = Set.of("supervisor", "ops", "admin");
        for (String path : List.of("/api/v1/routing", "/api/v1/routing/versions")) {
            given().get(path).then().statusCode(401);
            callers.forEach((who, token) -> given().auth().oauth2(token).get(path)
                    .then().statusCode(readers.contains(who) ? 200 : 403));
        }
        String body = mapper.writeValueAsString(request("x", bundled()));
        given().contentType(ContentType.JSON).body(body).put("/api/v1/routing").then().statusCode(401);
        given().contentType(ContentType.JSON).body(body).post("/api/v1/routing/dry-run").then().statusCode(401);
        callers.forEach((who, token) -> {
            int expected = who.equals("admin") ? 200 : 403;
            given().auth().oauth2(token).contentType(ContentType.JSON).body(body)
                    .post("/api/v1/routing/dry-run").then().statusCode(expected);
            if (!who.equals("admin")) {
                given().auth().oauth2(token).contentType(ContentType.JSON).body(body)
                        .put("/api/v1/routing").then().statusCode(403);
            }
        });
    }

    private ObjectNode bundled() throws Exception {
        try (InputStream in = RoutingDataTest.class.getResourceAsStream("/routing/district.json")) {
            return (ObjectNode) mapper.readTree(in);
        }
    }

    /** What the redrawing changes: the two areas, and Xinhua's grids, which the narrower Xinhua no longer holds. */
    private static final String REDRAWN = "changed township areas [RENMIN_SUBDISTRICT, XINHUA_SUBDISTRICT];"
            + " removed grids [DONGFENG_COMMUNITY_GRID_1, XINHUA_COMMUNITY_GRID_1]";

    /** Moves the border between Xinhua and Renmin from 120.16 west to 120.12, without Xinhua's grids. */
    private ObjectNode redrawn(ObjectNode original, String version) {
        ObjectNode data = original.deepCopy();
        data.put("version", version);
        ArrayNode townships = (ArrayNode) data.get("townships");
        townships.set(0, township("XINHUA_SUBDISTRICT", new double[][] {{120.1, 30.25}, {120.12, 30.25},
            {120.12, 30.3}, {120.1, 30.3}, {120.1, 30.25}}));
        townships.set(1, township("RENMIN_SUBDISTRICT", new double[][] {{120.12, 30.25}, {120.22, 30.25},
            {120.22, 30.3}, {120.12, 30.3}, {120.12, 30.25}}));
        return data;
    }

    private ObjectNode township(String code, double[][] ring) {
        ObjectNode t = mapper.createObjectNode().put("code", code);
        ArrayNode polygon = t.putArray("polygon");
        for (double[] p : ring) {
            polygon.addArray().add(p[0]).add(p[1]);
        }
        return t;
    }

    private Map<String, Object> request(String source, JsonNode routing) {
        return Map.of("source", source, "routing", routing);
    }

    private UUID report(Category category) throws Exception {
        UUID id = UUID.randomUUID();
        String data = mapper.writeValueAsString(new FindingReported(id, FindingSource.UNANNOUNCED_INSPECTION,
                "leaders-app", "R-" + id, null, SiteType.BACK_ALLEY, "Back alley behind No. 3", null, null, null,
                category, null, Severity.LOW, "Rubbish piled at the wall", OffsetDateTime.now().minusHours(1),
                LATITUDE, LONGITUDE, List.of(), null, null, null, 0, null, Instant.now()));
        EmbeddedInfrastructure.kafkaCompanion().produceStrings().fromRecords(cloudEvent(Topics.FINDINGS,
                UUID.randomUUID(), EventTypes.FINDING_REPORTED, id.toString(), data)).awaitCompletion();
        await().atMost(Duration.ofSeconds(20)).until(() -> given().auth().oauth2(Tokens.user(Roles.SUPERVISOR))
                .get("/api/v1/cases/" + id).statusCode() == 200);
        return id;
    }

    private JsonNode caseOf(UUID id) throws Exception {
        return mapper.readTree(given().auth().oauth2(Tokens.user(Roles.SUPERVISOR)).get("/api/v1/cases/" + id)
                .then().statusCode(200).extract().asString());
    }
}
