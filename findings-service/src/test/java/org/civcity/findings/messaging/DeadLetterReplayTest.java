package org.civcity.findings.messaging;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.civcity.testsupport.CloudEventRecords.cloudEvent;
import static org.civcity.testsupport.CloudEventRecords.header;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.common.config.ConfigResource;
import org.civcity.contracts.EventTypes;
import org.civcity.contracts.Topics;
import org.civcity.shared.security.Roles;
import org.civcity.testsupport.EmbeddedInfrastructure;
import org.civcity.testsupport.InfrastructureResource;
import org.civcity.testsupport.OidcTestServer;
import org.civcity.testsupport.Tokens;
import org.junit.jupiter.api.Test;

/**
 * Issue #18 point 7, end to end over the real broker: an event this service set aside is listed with its reason,
 * replayed once to its original topic by an operator (recorded who and when), and read again by the consumer; the
 * dead-letter topic keeps its records for a limited time.
 */
@QuarkusTest
@QuarkusTestResource(value = InfrastructureResource.class,
        initArgs = @ResourceArg(name = "database", value = "findings"))
@QuarkusTestResource(OidcTestServer.class)
class DeadLetterReplayTest {

    private static final String OPS = Tokens.user(Roles.OPS);
    private static final KafkaCompanion KAFKA = EmbeddedInfrastructure.kafkaCompanion();

    private static JsonPath deadLetters() {
        return given().auth().oauth2(OPS).queryParam("limit", 500).get("/api/v1/dead-letters").then()
                .statusCode(200).extract().jsonPath();
    }

    @Test
    void anOperatorSeesWhyAnEventWasSetAsideAndReplaysItOnce() {
        UUID eventId = UUID.randomUUID();
        String key = "replay-" + eventId;
        KAFKA.produceStrings().fromRecords(cloudEvent(Topics.CASES, eventId, EventTypes.FINDING_ASSIGNED, key,
                "{not json")).awaitCompletion();
        String find = "find { it.eventId == '" + eventId + "' }";
        String id = await().atMost(Duration.ofSeconds(30)).until(() -> deadLetters().getString(find + ".id"),
                Objects::nonNull);
        JsonPath listed = deadLetters();
        assertEquals(Topics.CASES, listed.getString(find + ".topic"));
        assertEquals(EventTypes.FINDING_ASSIGNED, listed.getString(find + ".type"));
        assertEquals(key, listed.getString(find + ".key"));
        assertEquals("{not json", listed.getString(find + ".data"));
        assertNull(listed.getString(find + ".replayedBy"));
        assertTrue(listed.getString(find + ".reason").contains("not a valid"),
                listed.getString(find + ".reason"));

        ConsumerTask<String, String> cases = KAFKA.consumeStrings().fromTopics(Topics.CASES);
        try {
            given().auth().oauth2(OPS).post("/api/v1/dead-letters/" + id + "/replay").then().statusCode(200)
                    .body("id", equalTo(id)).body("replayedBy", equalTo("ops-user"))
                    .body("replayedAt", notNullValue());
            // Back on its topic: same key, same event id, marked as a replay and by whom.
            await().atMost(Duration.ofSeconds(20)).until(() -> cases.getRecords().stream()
                    .anyMatch(r -> key.equals(r.key()) && "ops-user".equals(header(r, "civcity-replayed-by"))
                            && eventId.toString().equals(header(r, "ce_id"))));
        } finally {
            cases.stop();
        }
        given().auth().oauth2(OPS).post("/api/v1/dead-letters/" + id + "/replay").then().statusCode(409)
                .contentType("application/problem+json").body("detail", containsString("replayed already"));

        // Still poison: the consumer read it again and set it aside again, a second dead letter of the same event.
        await().atMost(Duration.ofSeconds(30)).until(() -> deadLetters()
                .getList("findAll { it.eventId == '" + eventId + "' }").size() == 2);
        assertEquals("ops-user", deadLetters().getString("find { it.id == '" + id + "' }.replayedBy"));
    }

    @Test
    void onlyOperatorsReplayAndBadIdsAreRefused() {
        given().auth().oauth2(Tokens.handler("URBAN_MANAGEMENT")).get("/api/v1/dead-letters").then().statusCode(403);
        given().auth().oauth2(Tokens.user(Roles.SUPERVISOR)).post("/api/v1/dead-letters/0-0/replay").then()
                .statusCode(403);
        given().get("/api/v1/dead-letters").then().statusCode(401);
        given().auth().oauth2(OPS).post("/api/v1/dead-letters/nonsense/replay").then().statusCode(400)
                .contentType("application/problem+json");
        given().auth().oauth2(OPS).post("/api/v1/dead-letters/0-999999999/replay").then().statusCode(404)
                .contentType("application/problem+json");
        given().auth().oauth2(OPS).queryParam("limit", 0).get("/api/v1/dead-letters").then().statusCode(400)
                .contentType("application/problem+json");
    }

    @Test
    void deadLettersAreKeptForALimitedTime() throws Exception {
        ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, Topics.deadLetter("findings-service"));
        Map<ConfigResource, Config> configs = KAFKA.getOrCreateAdminClient().describeConfigs(List.of(topic)).all()
                .get(20, TimeUnit.SECONDS);
        assertEquals(Long.toString(Duration.ofDays(14).toMillis()), configs.get(topic).get("retention.ms").value());
    }
}
