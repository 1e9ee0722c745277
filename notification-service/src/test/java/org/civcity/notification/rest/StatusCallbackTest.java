package org.civcity.notification.rest;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.http.ContentType;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.civcity.contracts.CaseAcknowledged;
import org.civcity.contracts.CaseClosed;
import org.civcity.contracts.EventTypes;
import org.civcity.contracts.Topics;
import org.civcity.notification.AlertReceiverResource;
import org.civcity.notification.CaseEvents;
import org.civcity.notification.service.CallbackRegistrationService;
import org.civcity.notification.service.WebhookSignature;
import org.civcity.shared.security.Roles;
import org.civcity.standin.AlertReceiver;
import org.civcity.testsupport.InfrastructureResource;
import org.civcity.testsupport.OidcTestServer;
import org.civcity.testsupport.Tokens;
import org.junit.jupiter.api.Test;

/** A posting system registers a callback and receives its findings' state changes, signed with its own secret. */
@QuarkusTest
@QuarkusTestResource(value = InfrastructureResource.class,
        initArgs = @ResourceArg(name = "database", value = "notification"))
@QuarkusTestResource(OidcTestServer.class)
@QuarkusTestResource(AlertReceiverResource.class)
class StatusCallbackTest {

    @Inject
    ObjectMapper mapper;

    @Inject
    Pool pool;

    @Inject
    CallbackRegistrationService registrations;

    private static String register(String client, String path) {
        return given().auth().oauth2(Tokens.reporter(client)).contentType(ContentType.JSON)
                .body("{\"url\": \"" + AlertReceiverResource.receiver.url(path) + "\"}")
                .post("/api/v1/callbacks").then().statusCode(201)
                .body("sourceSystem", equalTo(client))
                .body("secret", matchesPattern("[0-9a-f]{64}"))
                .extract().path("secret");
    }

    private static List<AlertReceiver.Received> callbacks(String path, String findingId) {
        return AlertReceiverResource.receiver.received().stream()
                .filter(r -> r.path().equals(path) && r.body().contains(findingId)).toList();
    }

    @Test
    void thePosterHearsOfEveryStateChangeSignedWithItsSecret() throws Exception {
        String client = "callback-system-" + System.nanoTime();
        String path = "/callbacks/" + client;
        register(client, "/callbacks/old-" + client);
        String secret = register(client, path); // replaces the first, with a new secret
        given().auth().oauth2(Tokens.reporter(client)).get("/api/v1/callbacks").then().statusCode(200)
                .body("$", hasSize(1)).body("[0].url", equalTo(AlertReceiverResource.receiver.url(path)))
                .body("[0].secret", nullValue());

        CaseEvents events = CaseEvents.of(mapper);
        String id = events.findingId().toString();
        events.reported(client, "光明路");
        events.assigned("URBAN_MANAGEMENT", null, "光明路", Instant.now().plusSeconds(3600));
        events.send(Topics.CASES, EventTypes.CASE_ACKNOWLEDGED, new CaseAcknowledged(events.findingId(), 1,
                "URBAN_MANAGEMENT", Instant.now(), "handler-um", Instant.now().plusSeconds(600), false));
        events.escalated("UNIT_HEAD", "URBAN_MANAGEMENT", 1, 60, Instant.now());
        events.closed("URBAN_MANAGEMENT", CaseClosed.Outcome.FIXED, Instant.now());
        // Someone else's finding is none of this system's business.
        CaseEvents other = CaseEvents.of(mapper);
        other.reported("another-system", "光明路");
        other.assigned("URBAN_MANAGEMENT", null, "光明路", Instant.now().plusSeconds(3600));

        await().atMost(Duration.ofSeconds(20)).until(() -> callbacks(path, id).size() == 5);
        List<AlertReceiver.Received> received = callbacks(path, id);
        Set<String> types = received.stream().map(AlertReceiver.Received::eventType).collect(Collectors.toSet());
        assertEquals(Set.of(EventTypes.FINDING_REPORTED, EventTypes.FINDING_ASSIGNED, EventTypes.CASE_ACKNOWLEDGED,
                EventTypes.ESCALATION_RAISED, EventTypes.CASE_CLOSED), types);
        for (AlertReceiver.Received r : received) {
            assertEquals("v1=" + WebhookSignature.sign(secret, r.timestamp(), r.body()), r.signature());
            JsonNode body = mapper.readTree(r.body());
            assertEquals(client, body.get("sourceSystem").asText());
            assertEquals("R-" + id, body.get("sourceReference").asText());
            assertEquals(r.deliveryId(), body.get("deliveryId").asText());
        }
        assertEquals("CLOSED", ofType(received, EventTypes.CASE_CLOSED).get("state").asText());
        assertEquals("FIXED", ofType(received, EventTypes.CASE_CLOSED).get("outcome").asText());
        assertEquals("ACKNOWLEDGED", ofType(received, EventTypes.CASE_ACKNOWLEDGED).get("state").asText());
        assertEquals(1, ofType(received, EventTypes.ESCALATION_RAISED).get("escalationLevel").asInt());
        // Another system's finding and the replaced registration stay silent while further rounds run.
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5))
                .until(() -> callbacks(path, other.findingId().toString()).isEmpty()
                        && callbacks("/callbacks/old-" + client, id).isEmpty());
    }

    private JsonNode ofType(List<AlertReceiver.Received> received, String type) {
        return received.stream().map(r -> read(r.body())).filter(b -> b.get("type").asText().equals(type))
                .findFirst().orElseThrow();
    }

    @Test
    void changesSeenBeforeTheFindingWasReportedWaitForItsPoster() throws Exception {
        String client = "late-system-" + System.nanoTime();
        String path = "/callbacks/" + client;
        register(client, path);
        CaseEvents events = CaseEvents.of(mapper);
        events.assigned("URBAN_MANAGEMENT", null, "解放路", Instant.now().plusSeconds(3600));
        // The assignment is taken in (its unit-head notice is queued) before the poster becomes known.
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().auth().oauth2(Tokens.user(Roles.OPS))
                .queryParam("findingId", events.findingId().toString()).get("/api/v1/deliveries").then()
                .statusCode(200).body("eventType", hasItem(EventTypes.FINDING_ASSIGNED)));
        events.reported(client, "解放路");
        String id = events.findingId().toString();
        await().atMost(Duration.ofSeconds(20)).until(() -> callbacks(path, id).size() == 2);
        JsonNode assigned = ofType(callbacks(path, id), EventTypes.FINDING_ASSIGNED);
        assertEquals("ASSIGNED", assigned.get("state").asText());
        assertEquals("URBAN_MANAGEMENT", assigned.get("unit").asText());
        assertEquals("R-" + id, assigned.get("sourceReference").asText());
        assertEquals("ASSIGNED", ofType(callbacks(path, id), EventTypes.FINDING_REPORTED).get("state").asText());
    }

    @Test
    void theSecretIsShownOnceAndStoredSealed() {
        String client = "sealed-system-" + System.nanoTime();
        String secret = register(client, "/callbacks/" + client);
        String stored = storedSecret(client);
        assertTrue(stored.startsWith("v1:"), stored);
        assertFalse(stored.contains(secret));
        given().auth().oauth2(Tokens.reporter(client)).get("/api/v1/callbacks").then().statusCode(200)
                .body("[0].secret", nullValue());
    }

    @Test
    void aSecretStoredInClearBeforeSealingIsSealedAndStillSigns() throws Throwable {
        String client = "legacy-system-" + System.nanoTime();
        String secret = "ab".repeat(32);
        pool.preparedQuery("INSERT INTO callback_subscription (id, district, source_system, url, secret, active,"
                + " created_at, created_by) VALUES ($1, 'home', $2, $3, $4, true, now(), 'before-sealing')")
                .execute(Tuple.of(UUID.randomUUID(), client, AlertReceiverResource.receiver.url("/callbacks/" + client),
                        secret))
                .await().indefinitely();
        assertTrue(VertxContextSupport.subscribeAndAwait(registrations::sealPlainSecrets) >= 1);
        assertTrue(storedSecret(client).startsWith("v1:"));
        assertEquals(0, VertxContextSupport.subscribeAndAwait(registrations::sealPlainSecrets));

        CaseEvents events = CaseEvents.of(mapper);
        events.reported(client, "光明路");
        String path = "/callbacks/" + client;
        String id = events.findingId().toString();
        await().atMost(Duration.ofSeconds(20)).until(() -> callbacks(path, id).size() == 1);
        AlertReceiver.Received r = callbacks(path, id).get(0);
        assertEquals("v1=" + WebhookSignature.sign(secret, r.timestamp(), r.body()), r.signature());
    }

    private String storedSecret(String client) {
        return pool.preparedQuery("SELECT secret FROM callback_subscription WHERE source_system = $1 AND active")
                .execute(Tuple.of(client)).await().indefinitely().iterator().next().getString(0);
    }

    @Test
    void registrationsAreGuarded() {
        String url = "{\"url\": \"" + AlertReceiverResource.receiver.url("/x") + "\"}";
        given().auth().oauth2(Tokens.handler("URBAN_MANAGEMENT")).contentType(ContentType.JSON).body(url)
                .post("/api/v1/callbacks").then().statusCode(403);
        given().contentType(ContentType.JSON).body(url).post("/api/v1/callbacks").then().statusCode(401);
        given().auth().oauth2(Tokens.reporter("mock-eval")).contentType(ContentType.JSON)
                .body("{\"url\": \"ftp://example.org/x\"}").post("/api/v1/callbacks").then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo("url"));
        given().auth().oauth2(Tokens.reporter("mock-eval")).contentType(ContentType.JSON)
                .body("{\"url\": \"http://127.0.0.1/x\", \"sourceSystem\": \"hotline-12345\"}")
                .post("/api/v1/callbacks").then().statusCode(403).contentType("application/problem+json");
        given().auth().oauth2(Tokens.user(Roles.ADMIN)).contentType(ContentType.JSON).body(url)
                .post("/api/v1/callbacks").then().statusCode(400).contentType("application/problem+json");
        String id = given().auth().oauth2(Tokens.user(Roles.ADMIN)).contentType(ContentType.JSON)
                .body("{\"url\": \"http://127.0.0.1/x\", \"sourceSystem\": \"guarded-system\"}")
                .post("/api/v1/callbacks").then().statusCode(201).extract().path("id");
        given().auth().oauth2(Tokens.reporter("mock-eval")).delete("/api/v1/callbacks/" + id).then().statusCode(404);
        given().auth().oauth2(Tokens.user(Roles.OPS)).get("/api/v1/callbacks").then().statusCode(200)
                .body("find { it.id == '" + id + "' }.secret", nullValue());
        given().auth().oauth2(Tokens.user(Roles.ADMIN)).delete("/api/v1/callbacks/" + id).then().statusCode(204);
        given().auth().oauth2(Tokens.user(Roles.ADMIN)).delete("/api/v1/callbacks/" + id).then().statusCode(404);
    }

    private JsonNode read(String body) {
        try {
            return mapper.readTree(body);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
