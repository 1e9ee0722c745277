package org.civcity.notification.rest;

import static io.restassured.RestAssured.given;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import java.util.stream.Stream;
import org.civcity.notification.AlertReceiverResource;
import org.civcity.shared.security.Roles;
import org.civcity.testsupport.InfrastructureResource;
import org.civcity.testsupport.OidcTestServer;
import org.civcity.testsupport.Tokens;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The delivery queue is operational data: operations staff and admins only. */
@QuarkusTest
@QuarkusTestResource(value = InfrastructureResource.class,
        initArgs = @ResourceArg(name = "database", value = "notification"))
@QuarkusTestResource(OidcTestServer.class)
@QuarkusTestResource(AlertReceiverResource.class)
class DeliverySecurityTest {

    static Stream<Arguments> callers() {
        return Stream.of(
                Arguments.of("anonymous", null, 401),
                // A valid token of the realm, issued for another service (#18 point 3).
                Arguments.of("ops, token for another service",
                        Tokens.forAudience(Roles.OPS, "another-service"), 401),
                Arguments.of("reporter", Tokens.reporter("leaders-app"), 403),
                Arguments.of("handler", Tokens.handler("URBAN_MANAGEMENT"), 403),
                Arguments.of("supervisor", Tokens.user(Roles.SUPERVISOR), 403),
                Arguments.of("leader", Tokens.user(Roles.LEADER), 403),
                Arguments.of("ops", Tokens.user(Roles.OPS), 200),
                Arguments.of("admin", Tokens.user(Roles.ADMIN), 200));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("callers")
    void listDeliveries(String caller, String token, int status) {
        as(token).get("/api/v1/deliveries").then().statusCode(status)
                .contentType(status >= 400 ? "application/problem+json" : "application/json");
        // Resending an unknown delivery: the role check comes first, then it does not exist.
        as(token).post("/api/v1/deliveries/" + java.util.UUID.randomUUID() + "/resend").then()
                .statusCode(status == 200 ? 404 : status).contentType("application/problem+json");
    }

    private static RequestSpecification as(String token) {
        return token == null ? given() : given().auth().oauth2(token);
    }
}
