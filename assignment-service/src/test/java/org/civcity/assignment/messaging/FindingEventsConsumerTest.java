package org.civcity.assignment.messaging;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.civcity.testsupport.CloudEventRecords.cloudEvent;
import static org.civcity.testsupport.CloudEventRecords.header;
import static org.civcity.testsupport.CloudEventRecords.plain;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.civcity.contracts.Category;
import org.civcity.contracts.EventTypes;
import org.civcity.contracts.FindingReported;
import org.civcity.contracts.FindingSource;
import org.civcity.contracts.Severity;
import org.civcity.contracts.SiteType;
import org.civcity.contracts.Topics;
import org.civcity.testsupport.EmbeddedInfrastructure;
import org.civcity.testsupport.EventSchemas;
import org.civcity.shared.security.Roles;
import org.civcity.testsupport.InfrastructureResource;
import org.civcity.testsupport.OidcTestServer;
import org.civcity.testsupport.Tokens;
import org.junit.jupiter.api.Test;

/** Dispatch over the real broker: one case and one finding.assigned per finding, however often it is delivered. */
@QuarkusTest
@QuarkusTestResource(value = InfrastructureResource.class,
        initArgs = @ResourceArg(name = "database", value = "assignment"))
@QuarkusTestResource(OidcTestServer.class)
public class FindingEventsConsumerTest {

    static final String SUPERVISOR = Tokens.user(Roles.SUPERVISOR);

    private static final String DEAD_LETTER = Topics.deadLetter("assignment-service");
    private static final KafkaCompanion kafka = EmbeddedInfrastructure.kafkaCompanion();

    @Inject
    ObjectMapper mapper;

    public static String reported(ObjectMapper mapper, UUID findingId, Category category, Severity severity)
            throws Exception {
        return mapper.writeValueAsString(new FindingReported(findingId, FindingSource.UNANNOUNCED_INSPECTION,
                "leaders-app", "L-" + findingId, null, SiteType.FARMERS_MARKET, "East Gate Market", null, null,
                null, category, null, severity, "Stalls block the fire lane", OffsetDateTime.now().minusHours(1), null,
                null, List.of(), null, null, null, 0, null, Instant.now()));
    }

    private String reported(UUID findingId, Category category, Severity severity) throws Exception {
        return reported(mapper, findingId, category, severity);
    }

    @Test
    void dispatchesOnceToTheRoutedDepartment() throws Exception {
        UUID findingId = UUID.randomUUID();
        UUID eventId = UUID.randomUUID();
        String key = findingId.toString();
        ConsumerTask<String, String> assigned = kafka.consumeStrings().fromTopics(Topics.CASES);
        String data = reported(findingId, Category.TRAFFIC_ORDER, Severity.HIGH);

        // The same event twice (a redelivery), then a second event about the same finding.
        kafka.produceStrings().fromRecords(
                cloudEvent(Topics.FINDINGS, eventId, EventTypes.FINDING_REPORTED, key, data),
                cloudEvent(Topics.FINDINGS, eventId, EventTypes.FINDING_REPORTED, key, data),
                cloudEvent(Topics.FINDINGS, UUID.randomUUID(), EventTypes.FINDING_REPORTED, key, data))
                .awaitCompletion();

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().auth().oauth2(SUPERVISOR)
                .get("/api/v1/cases/" + key)
                .then().statusCode(200)
                .body("leadUnit", equalTo("TRAFFIC_POLICE"))
                .body("generation", equalTo(1))
                .body("state", equalTo("ASSIGNED"))
                .body("policyVersion", equalTo("2026.1"))
                .body("acknowledgeRule", equalTo("4 working hours"))
                .body("rectifyRule", equalTo("3 working days")));

        // A marker finding sent after the others proves the consumer finished them before we count.
        UUID marker = UUID.randomUUID();
        kafka.produceStrings().fromRecords(cloudEvent(Topics.FINDINGS, UUID.randomUUID(),
                EventTypes.FINDING_REPORTED, marker.toString(), reported(marker, Category.SANITATION, Severity.LOW)))
                .awaitCompletion();
        await().atMost(Duration.ofSeconds(20)).until(() -> assigned.getRecords().stream()
                .anyMatch(r -> marker.toString().equals(r.key())));
        List<ConsumerRecord<String, String>> forFinding = assigned.getRecords().stream()
                .filter(r -> key.equals(r.key())).toList();
        assigned.stop();
        assertEquals(1, forFinding.size(), "finding.assigned events for one finding");
        assertEquals(EventTypes.FINDING_ASSIGNED, header(forFinding.get(0), "ce_type"));
        assertEquals("urn:civcity:assignment-service", header(forFinding.get(0), "ce_source"));
        EventSchemas.assertValid(forFinding.get(0));
        // The names people use travel with the codes, from the routing data in force.
        assertEquals(Map.of("TRAFFIC_POLICE", "交警大队", "URBAN_MANAGEMENT", "城市管理局"),
                mapper.convertValue(mapper.readTree(forFinding.get(0).value())
                        .get("unitNames"), Map.class));
    }

    @Test
    void poisonEventsGoToTheDeadLetterTopicAndConsumptionGoesOn() throws Exception {
        ConsumerTask<String, String> dead = kafka.consumeStrings().fromTopics(DEAD_LETTER);
        String notJson = "poison-" + UUID.randomUUID();
        String unknownType = "poison-" + UUID.randomUUID();
        String invalid = "poison-" + UUID.randomUUID();
        String noHeaders = "poison-" + UUID.randomUUID();
        UUID valid = UUID.randomUUID();
        kafka.produceStrings().fromRecords(
                cloudEvent(Topics.FINDINGS, UUID.randomUUID(), EventTypes.FINDING_REPORTED, notJson, "{not json"),
                cloudEvent(Topics.FINDINGS, UUID.randomUUID(), "finding.teleported", unknownType, "{}"),
                cloudEvent(Topics.FINDINGS, UUID.randomUUID(), EventTypes.FINDING_REPORTED, invalid,
                        "{\"findingId\": \"" + UUID.randomUUID() + "\", \"severity\": \"HIGH\"}"),
                plain(Topics.FINDINGS, noHeaders, "{}"),
                cloudEvent(Topics.FINDINGS, UUID.randomUUID(), EventTypes.FINDING_REPORTED, valid.toString(),
                        reported(valid, Category.SANITATION, Severity.MEDIUM)))
                .awaitCompletion();

        await().atMost(Duration.ofSeconds(30)).until(() -> dead.getRecords().stream().map(ConsumerRecord::key)
                .filter(k -> List.of(notJson, unknownType, invalid, noHeaders).contains(k)).count() == 4);
        for (ConsumerRecord<String, String> record : dead.getRecords()) {
            assertNotNull(header(record, "dead-letter-reason"), "reason of " + record.key());
        }
        dead.stop();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().auth().oauth2(SUPERVISOR)
                .get("/api/v1/cases/" + valid)
                .then().statusCode(200).body("leadUnit", equalTo("URBAN_MANAGEMENT")));
    }

    @Test
    void unknownCaseIsAProblem() {
        given().auth().oauth2(SUPERVISOR).get("/api/v1/cases/" + UUID.randomUUID())
                .then().statusCode(404).contentType("application/problem+json");
    }
}
