package org.civcity.testsupport;

import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.smallrye.jwt.build.Jwt;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** Signed bearer tokens as Keycloak would issue them to each kind of caller, for {@link OidcTestServer}. */
public final class Tokens {

    static final String ISSUER = "https://server.example.com";

    /** The services a token of the realm is issued for (its audience mappers); each service accepts its own only. */
    public static final Set<String> SERVICES = Set.of("findings-service", "assignment-service", "escalation-service",
            "notification-service");

    private Tokens() {
    }

    /** A government system's machine account (client credentials). */
    public static String reporter(String clientId) {
        return token("service-account-" + clientId, "reporter", Map.of("azp", clientId));
    }

    /** Staff of one unit. */
    public static String handler(String unit) {
        return token("handler-" + unit.toLowerCase(), "handler", Map.of("azp", "civcity-cli", "unit", unit));
    }

    /** A person with one role and no unit: supervisor, leader, ops or admin. */
    public static String user(String role) {
        return token(role + "-user", role, Map.of("azp", "civcity-cli"));
    }

    /** A person with one role in {@code district} (the token's district claim), e.g. another district's office. */
    public static String inDistrict(String district, String role) {
        return token(role + "-" + district, role, Map.of("azp", "civcity-cli", "district", district));
    }

    /** Staff of one unit of {@code district} (unit codes are a district's own). */
    public static String handlerIn(String district, String unit) {
        return token("handler-" + unit.toLowerCase() + "-" + district, "handler",
                Map.of("azp", "civcity-cli", "unit", unit, "district", district));
    }

    /** A government system's machine account of {@code district}. */
    public static String reporterIn(String district, String clientId) {
        return token("service-account-" + clientId, "reporter", Map.of("azp", clientId, "district", district));
    }

    /** A person with one role whose token is meant for {@code audience} only, e.g. another service. */
    public static String forAudience(String role, String audience) {
        return OidcWiremockTestResource.generateJwtToken(role + "-user", Set.of(role), role + "-user", "1",
                Set.of(audience), Map.of("azp", "civcity-cli"));
    }

    /** A named person with one role whose token expires after {@code validFor}, e.g. to see a session end. */
    public static String person(String name, String role, Duration validFor) {
        return Jwt.preferredUserName(name).groups(Set.of(role)).issuer(ISSUER)
                .audience(SERVICES).subject(name).claim("azp", "civcity-cli")
                .expiresIn(validFor).jws().keyId("1").sign("privateKey.jwk");
    }

    /**
     * One caller of each kind, by the name of its role: a reporter system, a handler of URBAN_MANAGEMENT, and a
     * supervisor, leader, ops and admin user; what a security matrix tries an endpoint with.
     */
    public static Map<String, String> oneOfEachRole() {
        Map<String, String> callers = new LinkedHashMap<>();
        callers.put("reporter", reporter("leaders-app"));
        callers.put("handler", handler("URBAN_MANAGEMENT"));
        for (String role : new String[] {"supervisor", "leader", "ops", "admin"}) {
            callers.put(role, user(role));
        }
        return callers;
    }

    private static String token(String user, String role, Map<String, String> claims) {
        return OidcWiremockTestResource.generateJwtToken(user, Set.of(role), user, "1", SERVICES, claims);
    }
}
