package org.civcity.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Issue #18 point 3: the realms say which client may call which service (audience mappers, which every service
 * checks), lock out password guessing, and the production template has no demo users, no password grant and TLS
 * everywhere. That the demo realm's audiences let every call of the end-to-end test through, and refuse one a client
 * is not meant for, WalkingSkeletonIT shows against a real Keycloak.
 */
class RealmTemplatesTest {

    private static final Set<String> SERVICES = Set.of("findings-service", "assignment-service",
            "escalation-service", "notification-service");

    private static JsonNode realm(String file) throws IOException {
        return new ObjectMapper().readTree(TestStack.root().resolve("deploy/keycloak").resolve(file).toFile());
    }

    /** Client id to the services its tokens are issued for. */
    private static Map<String, Set<String>> audiences(JsonNode realm) {
        Map<String, Set<String>> audiences = new TreeMap<>();
        for (JsonNode client : realm.get("clients")) {
            Set<String> services = new TreeSet<>();
            for (JsonNode mapper : client.path("protocolMappers")) {
                if (mapper.get("protocolMapper").asText().equals("oidc-audience-mapper")) {
                    services.add(mapper.get("config").get("included.custom.audience").asText());
                    assertEquals("true", mapper.get("config").get("access.token.claim").asText());
                }
            }
            audiences.put(client.get("clientId").asText(), services);
        }
        return audiences;
    }

    @Test
    void eachClientIsIssuedTokensForTheServicesItCallsOnly() throws IOException {
        Map<String, Set<String>> demo = audiences(realm("civcity-realm.json"));
        for (Set<String> services : demo.values()) {
            assertFalse(services.isEmpty());
            assertTrue(SERVICES.containsAll(services), services.toString());
        }
        assertEquals(Set.of("findings-service", "notification-service"), demo.get("mock-eval"));
        assertEquals(Set.of("escalation-service"), demo.get("supervision-board"));
        assertEquals(SERVICES, demo.get("civcity-cli"));
        // The production template grants the same, minus the demo's password-grant client.
        Map<String, Set<String>> production = audiences(realm("civcity-realm-production.json"));
        demo.remove("civcity-cli");
        assertEquals(demo, production);
    }

    @Test
    void passwordGuessingIsLockedOutInBoth() throws IOException {
        for (String file : new String[] {"civcity-realm.json", "civcity-realm-production.json"}) {
            JsonNode realm = realm(file);
            assertTrue(realm.get("bruteForceProtected").asBoolean(), file);
            assertTrue(realm.get("failureFactor").asInt() <= 10, file);
        }
    }

    @Test
    void theProductionTemplateHasNoDemoUsersNoPasswordGrantAndTlsEverywhere() throws IOException {
        JsonNode realm = realm("civcity-realm-production.json");
        assertEquals("all", realm.get("sslRequired").asText());
        for (JsonNode user : realm.path("users")) {
            assertTrue(user.has("serviceAccountClientId"), "only service accounts: " + user.get("username"));
            assertFalse(user.has("credentials"), user.get("username").asText());
        }
        for (JsonNode client : realm.get("clients")) {
            String id = client.get("clientId").asText();
            assertFalse(client.path("directAccessGrantsEnabled").asBoolean(), id + " allows the password grant");
            assertFalse(client.has("secret"), id + " has a secret in the template");
            for (JsonNode uri : client.path("redirectUris")) {
                assertTrue(uri.asText().startsWith("https://"), id + ": " + uri.asText());
            }
        }
    }
}
