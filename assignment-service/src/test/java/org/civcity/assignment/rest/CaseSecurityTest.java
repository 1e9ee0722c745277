package org.civcity.assignment.rest;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.civcity.testsupport.CloudEventRecords.cloudEvent;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.UUID;
import java.util.stream.Stream;
import org.civcity.assignment.messaging.FindingEventsConsumerTest;
import org.civcity.contracts.Category;
import org.civcity.contracts.EventTypes;
import org.civcity.contracts.Severity;
import org.civcity.contracts.Topics;
import org.civcity.shared.security.Roles;
import org.civcity.testsupport.EmbeddedInfrastructure;
import org.civcity.testsupport.InfrastructureResource;
import org.civcity.testsupport.OidcTestServer;
import org.civcity.testsupport.Tokens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every case endpoint x every kind of caller, own unit and foreign unit. */
@QuarkusTest
@QuarkusTestResource(value = InfrastructureResource.class,
        initArgs = @ResourceArg(name = "database", value = "assignment"))
@QuarkusTestResource(OidcTestServer.class)
class CaseSecurityTest {

    private static final String SUPERVISOR = Tokens.user(Roles.SUPERVISOR);

    @Inject
    ObjectMapper mapper;

    /** A fresh sanitation case, routed to URBAN_MANAGEMENT. */
    private String newCase() throws Exception {
        UUID findingId = UUID.randomUUID();
        EmbeddedInfrastructure.kafkaCompanion().produceStrings().fromRecords(cloudEvent(Topics.FINDINGS,
                UUID.randomUUID(), EventTypes.FINDING_REPORTED, findingId.toString(),
                FindingEventsConsumerTest.reported(mapper, findingId, Category.SANITATION, Severity.HIGH)))
                .awaitCompletion();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().auth().oauth2(SUPERVISOR)
                .get("/api/v1/cases/" + findingId).then().statusCode(200));
        return findingId.toString();
    }

    static Stream<Arguments> callers() {
        // caller, token, GET the case, POST its acknowledgement
        return Stream.of(
                Arguments.of("anonymous", null, 401, 401),
                // A valid token of the realm, issued for another service (#18 point 3).
                Arguments.of("supervisor, token for another service",
                        Tokens.forAudience(Roles.SUPERVISOR, "another-service"), 401, 401),
                Arguments.of("reporter", Tokens.reporter("leaders-app"), 403, 403),
                Arguments.of("handler of the lead unit", Tokens.handler("URBAN_MANAGEMENT"), 200, 200),
                Arguments.of("handler of another unit", Tokens.handler("TRAFFIC_POLICE"), 404, 404),
                Arguments.of("supervisor", SUPERVISOR, 200, 403),
                Arguments.of("leader", Tokens.user(Roles.LEADER), 200, 403),
                Arguments.of("ops", Tokens.user(Roles.OPS), 403, 403),
                Arguments.of("admin", Tokens.user(Roles.ADMIN), 403, 403));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("callers")
    void readAndAcknowledge(String caller, String token, int get, int acknowledge) throws Exception {
        String id = newCase();
        as(token).get("/api/v1/cases/" + id).then().statusCode(get)
                .contentType(get >= 400 ? "application/problem+json" : "application/json");
        as(token).post("/api/v1/cases/" + id + "/acknowledgement").then().statusCode(acknowledge)
                .contentType(acknowledge >= 400 ? "application/problem+json" : "application/json");
    }

    @Test
    void acknowledgingTwiceIsAConflictNamingTheState() throws Exception {
        String id = newCase();
        String handler = Tokens.handler("URBAN_MANAGEMENT");
        given().auth().oauth2(handler).post("/api/v1/cases/" + id + "/acknowledgement")
                .then().statusCode(200).body("state", equalTo("ACKNOWLEDGED"))
                .body("acknowledgedBy", equalTo("handler-urban_management"));
        given().auth().oauth2(handler).post("/api/v1/cases/" + id + "/acknowledgement")
                .then().statusCode(409).contentType("application/problem+json")
                .body("detail", containsString("ACKNOWLEDGED"));
    }

    private static RequestSpecification as(String token) {
        return token == null ? given() : given().auth().oauth2(token);
    }
}
