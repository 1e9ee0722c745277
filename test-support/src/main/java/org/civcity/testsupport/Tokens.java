package org.civcity.testsupport;

import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** Signed bearer tokens as Keycloak would issue them to each kind of caller, for {@link OidcTestServer}. */
public final class Tokens {

    static final String ISSUER = "https://server.example.com";

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
        return OidcWiremockTestResource.generateJwtToken(user, Set.of(role), user, "1",
                Set.of("https://service.example.com"), claims);
    }
}
