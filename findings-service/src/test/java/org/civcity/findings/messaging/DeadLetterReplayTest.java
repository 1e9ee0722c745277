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

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.civcity.contracts.Category;
import org.civcity.contracts.EventTypes;
import org.civcity.contracts.FindingAssigned;
import org.civcity.contracts.Severity;
import org.civcity.contracts.SiteType;
import org.civcity.contracts.Topics;
import org.civcity.shared.security.Roles;
import org.civcity.testsupport.CloudEventRecords;
import org.civcity.testsupport.EmbeddedInfrastructure;
import org.civcity.testsupport.InfrastructureResource;
import org.civcity.testsupport.OidcTestServer;
import org.civcity.testsupport.Tokens;
import org.junit.jupiter.api.Test;

/**
 * Issue #18 point 7, end to end over the real broker: an event this service set aside is listed with its reason,
 * replayed once by an operator (recorded who and when) to this service's replay topic of the original topic (which
 * belongs to another service, so this one may not write it under the broker's ACLs), and read again by the same
 * consumer; the dead-letter and replay topics keep their records for a limited time.
 */
@QuarkusTest
@QuarkusTestResource(value = InfrastructureResource.class,
        initArgs = @ResourceArg(name = "database", value = "findings"))
@QuarkusTestResource(OidcTestServer.class)
class DeadLetterReplayTest {

    private static final String OPS = Tokens.user(Roles.OPS);
    private static final KafkaCompanion KAFKA = EmbeddedInfrastructure.kafkaCompanion();

    @Inject
    ObjectMapper mapper;

    private static JsonPath deadLetters() {
        return given().auth().oauth2(OPS).queryParam("limit", 500).get("/api/v1/dead-letters").then()
                .statusCode(200).extract().jsonPath();
    }

    @Test
    void eachDistrictsOperatorsSeeAndReplayTheirOwnDeadLetters() {
        String xihuOps = Tokens.inDistrict("xihu", Roles.OPS);
        UUID xihuEvent = UUID.randomUUID();
        UUID unservedEvent = UUID.randomUUID();
        KAFKA.produceStrings().fromRecords(
                CloudEventRecords.inDistrict(cloudEvent(Topics.CASES, xihuEvent, EventTypes.FINDING_ASSIGNED,
                        "xihu-" + xihuEvent, "{not json"), "xihu"),
                CloudEventRecords.inDistrict(cloudEvent(Topics.CASES, unservedEvent, EventTypes.FINDING_ASSIGNED,
                        "nowhere-" + unservedEvent, "{not json"), "nowhere")).awaitCompletion();
        String xihuLetter = "find { it.eventId == '" + xihuEvent + "' }";
        String unservedLetter = "find { it.eventId == '" + unservedEvent + "' }";
        String id = await().atMost(Duration.ofSeconds(30)).until(() -> deadLetters(xihuOps)
                .getString(xihuLetter + ".id"), Objects::nonNull);
        assertEquals("xihu", deadLetters(xihuOps).getString(xihuLetter + ".district"));
        // The home district's operators neither see nor replay xihu's; the letter of a district not served is the
        // platform's: the home district's operators see it, xihu's do not.
        await().atMost(Duration.ofSeconds(30)).until(() -> deadLetters(OPS).getString(unservedLetter + ".id"),
                Objects::nonNull);
        assertNull(deadLetters(OPS).getString(xihuLetter + ".id"));
        assertNull(deadLetters(xihuOps).getString(unservedLetter + ".id"));
        given().auth().oauth2(OPS).post("/api/v1/dead-letters/" + id + "/replay").then().statusCode(404)
                .contentType("application/problem+json");
        given().auth().oauth2(xihuOps).post("/api/v1/dead-letters/" + id + "/replay").then().statusCode(200)
                .body("replayedBy", notNullValue());
    }

    private static JsonPath deadLetters(String token) {
        return given().auth().oauth2(token).queryParam("limit", 500).get("/api/v1/dead-letters").then()
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

        String replayTopic = Topics.replay(Topics.CASES, "findings-service");
        ConsumerTask<String, String> cases = KAFKA.consumeStrings().fromTopics(replayTopic);
        try {
            given().auth().oauth2(OPS).post("/api/v1/dead-letters/" + id + "/replay").then().statusCode(200)
                    .body("id", equalTo(id)).body("replayedBy", equalTo("ops-user"))
                    .body("replayedAt", notNullValue()).body("replayedTo", equalTo(replayTopic));
            // On the replay topic: same key, same event id (and source), marked as a replay and by whom.
            await().atMost(Duration.ofSeconds(20)).until(() -> cases.getRecords().stream()
                    .anyMatch(r -> key.equals(r.key()) && "ops-user".equals(header(r, "civcity-replayed-by"))
                            && eventId.toString().equals(header(r, "ce_id"))));
        } finally {
            cases.stop();
        }
        given().auth().oauth2(OPS).post("/api/v1/dead-letters/" + id + "/replay").then().statusCode(409)
                .contentType("application/problem+json").body("detail", containsString("replayed already"));

        // Still poison: the consumer read it again and set it aside again, a second dead letter of the same event,
        // now from the replay topic; replaying that one goes to the same replay topic again.
        await().atMost(Duration.ofSeconds(30)).until(() -> deadLetters()
                .getList("findAll { it.eventId == '" + eventId + "' }").size() == 2);
        assertEquals("ops-user", deadLetters().getString("find { it.id == '" + id + "' }.replayedBy"));
        String second = deadLetters().getString("find { it.eventId == '" + eventId + "' && it.id != '" + id
                + "' }.id");
        assertEquals(replayTopic, deadLetters().getString("find { it.id == '" + second + "' }.topic"));
        given().auth().oauth2(OPS).post("/api/v1/dead-letters/" + second + "/replay").then().statusCode(200)
                .body("replayedTo", equalTo(replayTopic));
        await().atMost(Duration.ofSeconds(30)).until(() -> deadLetters()
                .getList("findAll { it.eventId == '" + eventId + "' }").size() == 3);
    }

    @Test
    void aReplayedEventIsProcessedByTheConsumerThatSetItAside() throws Exception {
        String reference = "DLR-" + UUID.randomUUID();
        String id = given().auth().oauth2(Tokens.reporter("mock-eval")).header("Idempotency-Key", reference)
                .contentType("application/json").body("""
                        {"source": "MOCK_EVALUATION", "sourceSystem": "mock-eval", "sourceReference": "%s",
                         "inspectionRound": "replay", "siteType": "FARMERS_MARKET", "siteName": "East Gate Market",
                         "category": "SANITATION", "severity": "MEDIUM", "description": "Waste not sorted",
                         "observedAt": "2026-11-20T09:30:00+08:00", "reporter": "Inspector Wu"}
                        """.formatted(reference)).post("/api/v1/findings").then().statusCode(201)
                .extract().path("id");
        UUID findingId = UUID.fromString(id);
        Instant now = Instant.now();
        // A valid assignment that was set aside (say, the database was down at the time), as the failure strategy
        // writes it: the original record with the dead-letter headers.
        UUID eventId = UUID.randomUUID();
        ProducerRecord<String, String> original = cloudEvent(Topics.CASES, eventId, EventTypes.FINDING_ASSIGNED, id,
                mapper.writeValueAsString(new FindingAssigned(findingId, 1, "URBAN_MANAGEMENT",
                        "XINHUA_SUBDISTRICT", List.of(), Category.SANITATION, Severity.MEDIUM,
                        SiteType.FARMERS_MARKET, "East Gate Market", now, now.plusSeconds(3600),
                        now.plusSeconds(7200), "p1", 0)));
        ProducerRecord<String, String> letter = new ProducerRecord<>(Topics.deadLetter("findings-service"), null, id,
                original.value(), original.headers());
        letter.headers().add("dead-letter-topic", Topics.CASES.getBytes(StandardCharsets.UTF_8));
        letter.headers().add("dead-letter-reason", "database unavailable".getBytes(StandardCharsets.UTF_8));
        KAFKA.produceStrings().fromRecords(letter).awaitCompletion();
        String find = "find { it.eventId == '" + eventId + "' }.id";
        String letterId = await().atMost(Duration.ofSeconds(30)).until(() -> deadLetters().getString(find),
                Objects::nonNull);

        given().auth().oauth2(OPS).post("/api/v1/dead-letters/" + letterId + "/replay").then().statusCode(200);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().auth().oauth2(Tokens.user(Roles.SUPERVISOR))
                .get("/api/v1/findings/" + id).then().statusCode(200)
                .body("assignedUnit", equalTo("URBAN_MANAGEMENT")).body("township", equalTo("XINHUA_SUBDISTRICT")));
    }

    @Test
    void aDeadLetterFromATopicNoConsumerReadsIsNotReplayed() {
        UUID eventId = UUID.randomUUID();
        ProducerRecord<String, String> letter = cloudEvent(Topics.deadLetter("findings-service"), eventId,
                EventTypes.FINDING_REPORTED, "k-" + eventId, "{}");
        letter.headers().add("dead-letter-topic", Topics.FINDINGS.getBytes(StandardCharsets.UTF_8));
        KAFKA.produceStrings().fromRecords(letter).awaitCompletion();
        String letterId = await().atMost(Duration.ofSeconds(30)).until(
                () -> deadLetters().getString("find { it.eventId == '" + eventId + "' }.id"), Objects::nonNull);
        given().auth().oauth2(OPS).post("/api/v1/dead-letters/" + letterId + "/replay").then().statusCode(409)
                .contentType("application/problem+json").body("detail", containsString("no consumer"));
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
