package org.civcity.shared.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SecretsGuardTest {

    private static final List<String> DEVELOPMENT = List.of("civcity", "postgres", "local-development-signing-secret");

    private static List<String> problems(Map<String, String> values, String... required) {
        Set<String> checked = new LinkedHashSet<>(values.keySet());
        checked.addAll(List.of(required));
        return SecretsGuard.problems(List.of(required), checked, DEVELOPMENT,
                name -> Optional.ofNullable(values.get(name)));
    }

    @Test
    void aMissingOrBlankRequiredSecretIsNamed() {
        assertEquals(List.of("quarkus.datasource.password is not set"),
                problems(Map.of(), "quarkus.datasource.password"));
        assertEquals(List.of("quarkus.datasource.password is not set"),
                problems(Map.of("quarkus.datasource.password", "  "), "quarkus.datasource.password"));
    }

    @Test
    void aDevelopmentValueIsRefusedWhateverItsCaseOrSpaces() {
        assertEquals(List.of("quarkus.flyway.password has a known development value"),
                problems(Map.of("quarkus.flyway.password", " CivCity ")));
        assertEquals(List.of("notification.webhook.signing-secret has a known development value"),
                problems(Map.of("notification.webhook.signing-secret", "local-development-signing-secret"),
                        "notification.webhook.signing-secret"));
    }

    @Test
    void aDeploymentsOwnSecretsPass() {
        assertTrue(problems(Map.of("quarkus.datasource.password", "Xq7#long-random-value",
                "quarkus.mailer.password", "another-random-value"), "quarkus.datasource.password").isEmpty());
    }

    @Test
    void anOptionalSecretThatIsNotSetIsFine() {
        assertTrue(SecretsGuard.problems(List.of(), Set.of("quarkus.mailer.password"), DEVELOPMENT,
                name -> Optional.empty()).isEmpty());
    }

    @Test
    void secretsAreRecognisedByTheirName() {
        for (String name : List.of("quarkus.datasource.password", "QUARKUS_DATASOURCE_PASSWORD",
                "notification.webhook.signing-secret", "notification.callbacks.encryption-key",
                "quarkus.oidc.credentials.secret")) {
            assertTrue(SecretsGuard.SECRET_NAME.matcher(name).matches(), name);
        }
        for (String name : List.of("quarkus.datasource.username", "civcity.secrets.development-values",
                "civcity.secrets.required", "PGPASSWORD", "%dev,test.quarkus.datasource.password")) {
            assertFalse(SecretsGuard.SECRET_NAME.matcher(name).matches(), name);
        }
    }
}
