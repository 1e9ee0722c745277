package org.civcity.assignment.rest;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.civcity.testsupport.CloudEventRecords.cloudEvent;
import static org.hamcrest.Matchers.equalTo;
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
import java.util.List;
import java.util.Map;
import java.util.UUID;
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

/**
 * Every lifecycle endpoint x every kind of caller: anonymous is 401, a role without the right is 403, another unit's
 * handler finds no case (404), and a caller with the right gets past security (any answer the state allows).
 */
@QuarkusTest
@QuarkusTestResource(value = InfrastructureResource.class,
        initArgs = @ResourceArg(name = "database", value = "assignment"))
@QuarkusTestResource(OidcTestServer.class)
class LifecycleSecurityTest {

    private static final String SUPERVISOR = Tokens.user(Roles.SUPERVISOR);

    /** Endpoint suffix, body, and whether it is the unit's (handler) or the office's (supervisor). */
    private static final List<Object[]> ENDPOINTS = List.of(
            new Object[] {"/rectification-report", "{\"report\": \"done\"}", Roles.HANDLER},
            new Object[] {"/transfer-request", "{\"reason\": \"not ours\"}", Roles.HANDLER},
            new Object[] {"/extension-request", "{\"until\": \"2099-01-01T00:00:00Z\", \"reason\": \"r\"}",
                Roles.HANDLER},
            new Object[] {"/verification", "{\"passed\": true}", Roles.SUPERVISOR},
            new Object[] {"/closure", "{\"outcome\": \"UNABLE\", \"reason\": \"r\"}", Roles.SUPERVISOR},
            new Object[] {"/transfer-request/approval", "{\"toUnit\": \"TRAFFIC_POLICE\"}", Roles.SUPERVISOR},
            new Object[] {"/transfer-request/rejection", "{\"reason\": \"r\"}", Roles.SUPERVISOR},
            new Object[] {"/extension-request/approval", null, Roles.SUPERVISOR},
            new Object[] {"/extension-request/rejection", "{\"reason\": \"r\"}", Roles.SUPERVISOR},
            new Object[] {"/dispatch", "{\"leadUnit\": \"TRAFFIC_POLICE\"}", Roles.SUPERVISOR});

    private static final Map<String, String> CALLERS = Map.of(
            "reporter", Tokens.reporter("leaders-app"),
            "handler-own", Tokens.handler("URBAN_MANAGEMENT"),
            "handler-foreign", Tokens.handler("TRAFFIC_POLICE"),
            "supervisor", SUPERVISOR,
            "leader", Tokens.user(Roles.LEADER),
            "ops", Tokens.user(Roles.OPS),
            "admin", Tokens.user(Roles.ADMIN));

    @Inject
    ObjectMapper mapper;

    @Test
    void everyLifecycleEndpointEnforcesItsRoleAndTheUnit() throws Exception {
        UUID id = UUID.randomUUID();
        EmbeddedInfrastructure.kafkaCompanion().produceStrings().fromRecords(cloudEvent(Topics.FINDINGS,
                UUID.randomUUID(), EventTypes.FINDING_REPORTED, id.toString(),
                FindingEventsConsumerTest.reported(mapper, id, Category.SANITATION, Severity.HIGH))).awaitCompletion();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().auth().oauth2(SUPERVISOR)
                .get("/api/v1/cases/" + id).then().statusCode(200).body("leadUnit", equalTo("URBAN_MANAGEMENT")));
        for (Object[] endpoint : ENDPOINTS) {
            String path = "/api/v1/cases/" + id + endpoint[0];
            String body = (String) endpoint[1];
            String role = (String) endpoint[2];
            assertEquals(401, post(null, path, body).statusCode(), "anonymous " + path);
            for (Map.Entry<String, String> caller : CALLERS.entrySet()) {
                Response response = post(caller.getValue(), path, body);
                int status = response.statusCode();
                String who = caller.getKey() + " " + path + " -> " + status + " " + response.asString();
                boolean hasRole = caller.getKey().startsWith(role);
                if (!hasRole) {
                    assertEquals(403, status, who);
                } else if (caller.getKey().equals("handler-foreign")) {
                    assertEquals(404, status, who);
                } else {
                    assertTrue(status != 401 && status != 403 && status != 404 && status < 500, who);
                }
                assertTrue(response.contentType().startsWith(status >= 400 ? "application/problem+json"
                        : "application/json"), who);
            }
        }
    }

    private static Response post(String token, String path, String body) {
        var request = token == null ? given() : given().auth().oauth2(token);
        if (body != null) {
            request.contentType(ContentType.JSON).body(body);
        }
        return request.post(path);
    }
}
