package org.civcity.testsupport;

import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import java.util.HashMap;
import java.util.Map;

/** An in-JVM OpenID provider (WireMock) that signs real tokens; points the service's OIDC at it. */
public class OidcTestServer extends OidcWiremockTestResource {

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>(super.start());
        config.put("quarkus.oidc.auth-server-url", config.get("keycloak.url") + "/realms/quarkus");
        config.put("quarkus.oidc.token.issuer", Tokens.ISSUER);
        return config;
    }
}
