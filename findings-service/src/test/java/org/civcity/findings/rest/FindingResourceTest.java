package org.civcity.findings.rest;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.civcity.testsupport.CloudEventRecords.header;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import java.net.URL;
import java.time.Duration;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.civcity.contracts.Topics;
import org.civcity.testsupport.EmbeddedInfrastructure;
import org.civcity.testsupport.EventSchemas;
import org.civcity.testsupport.InfrastructureResource;
import org.civcity.testsupport.OidcTestServer;
import org.civcity.testsupport.Tokens;
import org.junit.jupiter.api.Test;

/** Intake over HTTP against real PostgreSQL and Kafka: stored, published as a CloudEvent, bad input refused. */
@QuarkusTest
@QuarkusTestResource(value = InfrastructureResource.class,
        initArgs = @ResourceArg(name = "database", value = "findings"))
@QuarkusTestResource(OidcTestServer.class)
class FindingResourceTest {

    static final String REPORTER = Tokens.reporter("mock-eval");

    private static final KafkaCompanion kafka = EmbeddedInfrastructure.kafkaCompanion();

    /** A reporter's request with a fresh Idempotency-Key. */
    static RequestSpecification posting() {
        return given().auth().oauth2(REPORTER).header("Idempotency-Key", UUID.randomUUID().toString());
    }

    static String finding(String reference) {
        return """
                {"source": "MOCK_EVALUATION", "sourceSystem": "mock-eval", "sourceReference": "%s",
                 "siteType": "BACK_ALLEY", "siteName": "Lane 3, Xinhua Road", "category": "SANITATION",
                 "severity": "HIGH", "description": "Overflowing bins behind the market",
                 "observedAt": "2026-11-20T09:30:00+08:00", "latitude": 30.27, "longitude": 120.15}
                """.formatted(reference);
    }

    @TestHTTPResource(value = "health/ready", management = true)
    URL health;

    @TestHTTPResource(value = "metrics", management = true)
    URL metrics;

    @TestHTTPResource(value = "openapi", management = true)
    URL openapi;

    @Test
    void storesPublishesAndReturnsTheFinding() {
        String reference = "R-" + UUID.randomUUID();
        ConsumerTask<String, String> events = kafka.consumeStrings().fromTopics(Topics.FINDINGS);

        String location = posting().contentType(ContentType.JSON).body(finding(reference))
                .when().post("/api/v1/findings")
                .then().statusCode(201)
                .header("Location", containsString("/api/v1/findings/"))
                .body("id", notNullValue())
                .body("sourceReference", equalTo(reference))
                .body("siteType", equalTo("BACK_ALLEY"))
                .extract().header("Location");
        String id = location.substring(location.lastIndexOf('/') + 1);

        given().auth().oauth2(REPORTER).when().get("/api/v1/findings/" + id)
                .then().statusCode(200)
                .body("id", equalTo(id))
                .body("observedAt", equalTo("2026-11-20T01:30:00Z"))
                .body("latitude", equalTo(30.27f));

        await().atMost(Duration.ofSeconds(20))
                .until(() -> events.getRecords().stream().anyMatch(r -> id.equals(r.key())));
        ConsumerRecord<String, String> event = events.getRecords().stream()
                .filter(r -> id.equals(r.key())).findFirst().orElseThrow();
        events.stop();
        assertEquals("finding.reported", header(event, "ce_type"));
        assertEquals(id, header(event, "ce_subject"));
        assertEquals("1.0", header(event, "ce_specversion"));
        assertEquals("urn:civcity:findings-service", header(event, "ce_source"));
        EventSchemas.assertValid(event);
        assertTrue(event.value().contains("\"sourceReference\":\"" + reference + "\""), event.value());
        assertTrue(event.value().contains("\"reportedAt\":\""), "instants travel as ISO text: " + event.value());
    }

    @Test
    void invalidInputListsEveryFieldAndStoresNothing() {
        String reference = "R-" + UUID.randomUUID();
        String invalid = finding(reference)
                .replace("\"Lane 3, Xinhua Road\"", "\"  \"")
                .replace("\"HIGH\"", "null")
                .replace("\"latitude\": 30.27", "\"latitude\": 91");
        posting().contentType(ContentType.JSON).body(invalid)
                .when().post("/api/v1/findings")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("status", equalTo(400))
                .body("errors.field", containsInAnyOrder("siteName", "severity", "latitude"));

        // The reference is still free: nothing was stored by the refused request.
        posting().contentType(ContentType.JSON).body(finding(reference))
                .when().post("/api/v1/findings")
                .then().statusCode(201);
    }

    @Test
    void unreadableBodiesAreProblems() {
        posting().contentType(ContentType.JSON).body("{\"source\": ")
                .when().post("/api/v1/findings")
                .then().statusCode(400).contentType("application/problem+json")
                .body("title", equalTo("Unreadable request body"));
        posting().contentType(ContentType.JSON)
                .body(finding("R-x").replace("\"BACK_ALLEY\"", "\"MOON_BASE\""))
                .when().post("/api/v1/findings")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("siteType"));
        posting().contentType(ContentType.JSON).body("")
                .when().post("/api/v1/findings")
                .then().statusCode(400).contentType("application/problem+json");
        posting().contentType(ContentType.TEXT).body("hello")
                .when().post("/api/v1/findings")
                .then().statusCode(415).contentType("application/problem+json");
    }

    /**
     * Security and correctness point 10 (input): a misspelt optional field is refused with a 400 naming it, at the top
     * level and inside evidence, instead of vanishing silently; nothing is stored.
     */
    @Test
    void unknownFieldsAreRefusedByName() {
        String reference = "R-UNKNOWN-" + UUID.randomUUID();
        posting().contentType(ContentType.JSON)
                .body(finding(reference).replace("\"latitude\"", "\"lattitude\""))
                .when().post("/api/v1/findings")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", equalTo(java.util.List.of("lattitude")))
                .body("errors.message", hasItem(org.hamcrest.Matchers.containsString("not a field")));
        posting().contentType(ContentType.JSON)
                .body(finding(reference).replace("}\n", ", \"evidence\": [{\"url\": \"https://e.example/1.jpg\","
                        + " \"sha265\": \"x\"}]}\n"))
                .when().post("/api/v1/findings")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", equalTo(java.util.List.of("evidence[0].sha265")));
        // Nothing was stored: the reference is still free.
        posting().contentType(ContentType.JSON).body(finding(reference)).when().post("/api/v1/findings")
                .then().statusCode(201);
    }

    @Test
    void semanticChecksAreFieldErrors() {
        posting().contentType(ContentType.JSON)
                .body(finding("R-" + UUID.randomUUID()).replace("2026-11-20T09:30:00+08:00", "2099-01-01T00:00:00Z")
                        .replace(", \"longitude\": 120.15", ""))
                .when().post("/api/v1/findings")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", containsInAnyOrder("observedAt", "longitude"));
    }

    @Test
    void aSourceReferenceIsAcceptedOnce() {
        String reference = "R-" + UUID.randomUUID();
        String id = posting().contentType(ContentType.JSON).body(finding(reference))
                .when().post("/api/v1/findings").then().statusCode(201).extract().path("id");
        posting().contentType(ContentType.JSON).body(finding(reference))
                .when().post("/api/v1/findings")
                .then().statusCode(409).contentType("application/problem+json")
                .body("detail", containsString(id))
                .body("existingFindingId", equalTo(id))
                .header("Location", containsString("/api/v1/findings/" + id));
    }

    @Test
    void unknownFindingIsNotFound() {
        given().auth().oauth2(REPORTER).when().get("/api/v1/findings/" + UUID.randomUUID())
                .then().statusCode(404).contentType("application/problem+json").body("status", equalTo(404));
        given().auth().oauth2(REPORTER).when().get("/api/v1/nothing-here")
                .then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void operationalEndpointsAnswerOnTheManagementInterface() {
        given().when().get(health).then().statusCode(200)
                .body("checks.find { it.name == 'outbox-relay' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'outbox-relay' }.data.lastRoundSecondsAgo", lessThan(90))
                // The intake's readiness is its database: the broker's absence must not stop intake (point 6).
                .body("checks.find { it.name == 'outbox-relay' }.data.inReadiness", equalTo(false))
                .body("checks.name", not(hasItem("Kafka connection health check")))
                .body("checks.name", hasItem("Reactive PostgreSQL connections health check"));
        given().when().get(metrics).then().statusCode(200).body(containsString("civcity_outbox_published"))
                .body(containsString("civcity_outbox_backlog"))
                .body(containsString("civcity_outbox_oldest_age_seconds"));
        given().when().get(openapi).then().statusCode(200).body(containsString("/api/v1/findings"));
    }

    @Test
    void responsesCarrySecurityHeaders() {
        given().auth().oauth2(REPORTER).when().get("/api/v1/findings/" + UUID.randomUUID())
                .then().statusCode(404)
                .header("X-Content-Type-Options", "nosniff")
                .header("X-Frame-Options", "DENY")
                .header("Cache-Control", "no-store");
    }

    @Test
    void deeplyNestedJsonIsRefused() {
        String deep = "{\"description\": " + "[".repeat(100) + "]".repeat(100) + "}";
        posting().contentType(ContentType.JSON).body(deep)
                .when().post("/api/v1/findings")
                .then().statusCode(400).contentType("application/problem+json");
    }

}
