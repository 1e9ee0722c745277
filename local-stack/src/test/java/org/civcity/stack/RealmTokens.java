package org.civcity.stack;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/** Tokens from the stack's Keycloak, as the README shows them, kept until shortly before they expire. */
public final class RealmTokens {

    /** Keycloak's default access token lifespan is 5 minutes; refresh well before. */
    private static final Duration KEEP = Duration.ofMinutes(3);

    private record Held(String token, Instant fetched) {
    }

    private final String realmUrl;
    private final Map<String, Held> held = new ConcurrentHashMap<>();

    public RealmTokens(String realmUrl) {
        this.realmUrl = realmUrl;
    }

    /** A government system's token, by client credentials. */
    public String client(String clientId) {
        return cached("client:" + clientId, () -> given().baseUri(realmUrl).contentType(ContentType.URLENC)
                .formParam("grant_type", "client_credentials").formParam("client_id", clientId)
                .formParam("client_secret", clientId + "-secret")
                .post("/protocol/openid-connect/token").then().statusCode(200).extract().path("access_token"));
    }

    /** A person's token, by password grant on the demo command-line client. */
    public String user(String username) {
        return cached("user:" + username, () -> given().baseUri(realmUrl).contentType(ContentType.URLENC)
                .formParam("grant_type", "password").formParam("client_id", "civcity-cli")
                .formParam("username", username).formParam("password", "demo")
                .post("/protocol/openid-connect/token").then().statusCode(200).extract().path("access_token"));
    }

    private String cached(String key, Supplier<String> fetch) {
        Held h = held.compute(key, (k, old) -> old != null && old.fetched().plus(KEEP).isAfter(Instant.now())
                ? old : new Held(fetch.get(), Instant.now()));
        return h.token();
    }
}
