package org.civcity.escalation.rest;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.civcity.testsupport.CloudEventRecords.cloudEvent;
import static org.hamcrest.Matchers.hasSize;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.stream.Stream;
import org.civcity.contracts.Category;
import org.civcity.contracts.EventTypes;
import org.civcity.contracts.FindingAssigned;
import org.civcity.contracts.Severity;
import org.civcity.contracts.SiteType;
import org.civcity.contracts.Topics;
import org.civcity.shared.security.Roles;
import org.civcity.testsupport.EmbeddedInfrastructure;
import org.civcity.testsupport.InfrastructureResource;
import org.civcity.testsupport.OidcTestServer;
import org.civcity.testsupport.Tokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The ledger x every kind of caller: units see their own records only, the office and leaders all. */
@QuarkusTest
@QuarkusTestResource(value = InfrastructureResource.class,
        initArgs = {@ResourceArg(name = "database", value = "escalation"),
            @ResourceArg(name = "runtime-role", value = "escalation_runtime")})
@QuarkusTestResource(OidcTestServer.class)
class AccountabilitySecurityTest {

    private static final String SUPERVISOR = Tokens.user(Roles.SUPERVISOR);
    private static UUID findingId;

    @Inject
    ObjectMapper mapper;

    @BeforeEach
    void escalateOneOnce() throws Exception {
        if (findingId != null) {
            return;
        }
        UUID id = UUID.randomUUID();
        Instant past = Instant.now().minusSeconds(120);
        String data = mapper.writeValueAsString(new FindingAssigned(id, 1, "URBAN_MANAGEMENT", null,
                java.util.List.of(), Category.SANITATION,
                Severity.HIGH, SiteType.MAIN_ROAD, "Renmin Road", past, past, past.plusSeconds(60), "skeleton-1", 0));
        EmbeddedInfrastructure.kafkaCompanion().produceStrings().fromRecords(cloudEvent(Topics.CASES,
                UUID.randomUUID(), EventTypes.FINDING_ASSIGNED, id.toString(), data)).awaitCompletion();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().auth().oauth2(SUPERVISOR)
                .queryParam("findingId", id.toString()).get("/api/v1/accountability-records")
                .then().body("$", hasSize(4)));
        findingId = id;
    }

    static Stream<Arguments> callers() {
        // caller, token, status, records of the URBAN_MANAGEMENT finding visible (missed acknowledgement, levels 1,
        // 2 and 4; level 3 has no target in the test ladder)
        return Stream.of(
                Arguments.of("anonymous", null, 401, -1),
                // A valid token of the realm, issued for another service (#18 point 3).
                Arguments.of("supervisor, token for another service",
                        Tokens.forAudience(Roles.SUPERVISOR, "another-service"), 401, -1),
                Arguments.of("reporter", Tokens.reporter("leaders-app"), 403, -1),
                Arguments.of("handler of the unit", Tokens.handler("URBAN_MANAGEMENT"), 200, 4),
                Arguments.of("handler of another unit", Tokens.handler("TRAFFIC_POLICE"), 200, 0),
                Arguments.of("supervisor", SUPERVISOR, 200, 4),
                Arguments.of("leader", Tokens.user(Roles.LEADER), 200, 4),
                Arguments.of("ops", Tokens.user(Roles.OPS), 403, -1),
                Arguments.of("admin", Tokens.user(Roles.ADMIN), 403, -1));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("callers")
    void readTheLedger(String caller, String token, int status, int visible) {
        var response = as(token).queryParam("findingId", findingId.toString()).get("/api/v1/accountability-records")
                .then().statusCode(status);
        if (visible >= 0) {
            response.body("$", hasSize(visible));
        } else {
            response.contentType("application/problem+json");
        }
    }

    private static RequestSpecification as(String token) {
        return token == null ? given() : given().auth().oauth2(token);
    }
}
