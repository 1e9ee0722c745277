package org.civcity.findings.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.util.UUID;
import java.util.stream.Stream;
import org.civcity.shared.security.Roles;
import org.civcity.testsupport.InfrastructureResource;
import org.civcity.testsupport.OidcTestServer;
import org.civcity.testsupport.Tokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every endpoint x every kind of caller: who may post findings and who may read which. */
@QuarkusTest
@QuarkusTestResource(value = InfrastructureResource.class,
        initArgs = @ResourceArg(name = "database", value = "findings"))
@QuarkusTestResource(OidcTestServer.class)
class FindingSecurityTest {

    private static String postedByMockEval;

    @BeforeEach
    void postOnce() {
        if (postedByMockEval != null) {
            return;
        }
        postedByMockEval = given().auth().oauth2(Tokens.reporter("mock-eval"))
                .header("Idempotency-Key", UUID.randomUUID().toString()).contentType(ContentType.JSON)
                // A place of its own, so that it is no duplicate of another test's open finding.
                .body(FindingResourceTest.finding("SEC-" + UUID.randomUUID())
                        .replace("\"latitude\": 30.27", "\"latitude\": " + (-30 - Math.random())))
                .post("/api/v1/findings").then().statusCode(201).body("status", equalTo("REPORTED"))
                .extract().path("id");
    }

    static Stream<Arguments> callers() {
        // caller, token, POST as mock-eval, GET a finding mock-eval posted, list, split a non-duplicate
        return Stream.of(
                Arguments.of("anonymous", null, 401, 401, 401, 401),
                // A valid token of the realm, issued for another service (#18 point 3).
                Arguments.of("supervisor, token for another service",
                        Tokens.forAudience(Roles.SUPERVISOR, "another-service"), 401, 401, 401, 401),
                Arguments.of("reporter mock-eval (own)", Tokens.reporter("mock-eval"), 201, 200, 200, 403),
                Arguments.of("reporter leaders-app (foreign)", Tokens.reporter("leaders-app"), 403, 404, 200, 403),
                Arguments.of("handler", Tokens.handler("URBAN_MANAGEMENT"), 403, 403, 403, 403),
                Arguments.of("supervisor", Tokens.user(Roles.SUPERVISOR), 201, 200, 200, 409),
                Arguments.of("leader", Tokens.user(Roles.LEADER), 403, 200, 200, 403),
                Arguments.of("ops", Tokens.user(Roles.OPS), 403, 403, 403, 403),
                Arguments.of("admin", Tokens.user(Roles.ADMIN), 403, 403, 403, 403));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("callers")
    void postBatch(String caller, String token, int post, int get, int list, int split) {
        as(token).header("Idempotency-Key", UUID.randomUUID().toString()).contentType(ContentType.JSON)
                .body("{\"items\": [" + FindingResourceTest.finding("SEC-" + UUID.randomUUID()) + "]}")
                .post("/api/v1/findings/batch")
                // Callers whose role may post get per-item answers; the rest are refused as a whole.
                .then().statusCode(post == 201 || caller.startsWith("reporter") ? 200 : post)
                .body(post == 201 || caller.startsWith("reporter") ? "[0].status" : "status",
                        org.hamcrest.Matchers.equalTo(post));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("callers")
    void listAndSplit(String caller, String token, int post, int get, int list, int split) {
        as(token).get("/api/v1/findings").then().statusCode(list);
        as(token).post("/api/v1/findings/" + postedByMockEval + "/split").then().statusCode(split)
                .contentType("application/problem+json");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("callers")
    void postFinding(String caller, String token, int post, int get, int list, int split) {
        as(token).header("Idempotency-Key", UUID.randomUUID().toString()).contentType(ContentType.JSON)
                .body(FindingResourceTest.finding("SEC-" + UUID.randomUUID()))
                .post("/api/v1/findings")
                .then().statusCode(post)
                .contentType(post >= 400 ? "application/problem+json" : "application/json")
                .body(not(containsString("Exception")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("callers")
    void readFinding(String caller, String token, int post, int get, int list, int split) {
        as(token).get("/api/v1/findings/" + postedByMockEval)
                .then().statusCode(get)
                .contentType(get >= 400 ? "application/problem+json" : "application/json");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("callers")
    void garbageTokenIsUnauthorized(String caller, String token, int post, int get, int list,
            int split) {
        given().auth().oauth2(token == null ? "not-a-jwt" : token.substring(0, token.length() - 4) + "AAAA")
                .get("/api/v1/findings/" + postedByMockEval)
                .then().statusCode(401).contentType("application/problem+json").header("WWW-Authenticate", "Bearer");
    }

    private static RequestSpecification as(String token) {
        return token == null ? given() : given().auth().oauth2(token);
    }
}
