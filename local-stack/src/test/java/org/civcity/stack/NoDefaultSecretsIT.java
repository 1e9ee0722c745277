package org.civcity.stack;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Issue #18 point 2: a packaged service, in its production profile, refuses to start without its secrets or with
 * a value this repository uses for development, and names the setting; a deployment's own values pass.
 */
class NoDefaultSecretsIT {

    /** Nothing listens here: a service that passes the guard fails at its first connection instead. */
    private static final String NOWHERE = "127.0.0.1:1";
    private static final String STRONG = "kT9-wqZr2-deployment-own-value";
    private static final String KEY = "c2VhbGluZy1rZXktb2YtdGhpcy1kZXBsb3ltZW50ISE=";

    private record Run(int exitCode, String output) {
    }

    private static Run start(String service, Map<String, String> settings) throws Exception {
        Path jar = TestStack.root().resolve(service).resolve("target/quarkus-app/quarkus-run.jar");
        assertTrue(Files.exists(jar), jar + " is built by the reactor before the integration tests");
        Map<String, String> config = new LinkedHashMap<>();
        config.put("quarkus.http.port", "0");
        config.put("quarkus.management.port", "0");
        config.put("quarkus.datasource.reactive.url", "postgresql://" + NOWHERE + "/" + LocalStack.database(service));
        config.put("quarkus.datasource.jdbc.url", "jdbc:postgresql://" + NOWHERE + "/" + LocalStack.database(service));
        config.put("kafka.bootstrap.servers", NOWHERE);
        config.putAll(settings);
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx192m"));
        config.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.addAll(List.of("-jar", jar.toString()));
        Path log = Files.createTempFile(Files.createDirectories(TestStack.root().resolve("local-stack/target")),
                service + "-secrets-", ".log");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            assertTrue(p.waitFor(120, TimeUnit.SECONDS), service + " neither started nor stopped; see " + log);
            Run run = new Run(p.exitValue(), Files.readString(log));
            Files.delete(log);
            return run;
        } finally {
            p.destroyForcibly();
        }
    }

    private static void assertRefused(Run run, String... named) {
        assertNotEquals(0, run.exitCode(), run.output());
        assertTrue(run.output().contains("Refusing to start"), run.output());
        for (String n : named) {
            assertTrue(run.output().contains(n), n + " not named in:\n" + run.output());
        }
    }

    @Test
    void aMissingDatabasePasswordIsNamed() throws Exception {
        assertRefused(start("findings-service", Map.of()), "quarkus.datasource.password is not set");
    }

    @Test
    void theRepositorysDevelopmentPasswordIsRefused() throws Exception {
        assertRefused(start("assignment-service", Map.of("quarkus.datasource.password", "civcity")),
                "quarkus.datasource.password has a known development value");
        // The owner's password of the two-role service is checked too, not only the one it connects with.
        assertRefused(start("escalation-service", Map.of("quarkus.datasource.password", STRONG,
                "quarkus.flyway.password", "civcity")), "quarkus.flyway.password has a known development value");
    }

    @Test
    void notificationNeedsItsOwnSigningSecretAndSealingKey() throws Exception {
        Run missing = start("notification-service", Map.of("quarkus.datasource.password", STRONG));
        assertNotEquals(0, missing.exitCode());
        assertTrue(missing.output().contains("notification.webhook.signing-secret"), missing.output());
        assertRefused(start("notification-service", Map.of("quarkus.datasource.password", STRONG,
                "notification.webhook.signing-secret", "local-development-signing-secret",
                "notification.callbacks.encryption-key", KEY)),
                "notification.webhook.signing-secret has a known development value");
    }

    @Test
    void aDeploymentsOwnSecretsPassTheGuard() throws Exception {
        Run run = start("notification-service", Map.of("quarkus.datasource.password", STRONG,
                "notification.webhook.signing-secret", STRONG, "notification.callbacks.encryption-key", KEY));
        assertNotEquals(0, run.exitCode(), "no database here");
        assertFalse(run.output().contains("Refusing to start"), run.output());
        assertTrue(run.output().contains("Unable to obtain connection"), "got as far as migrating:\n" + run.output());
    }

    @Test
    void developmentValuesPassOnlyWhenADeveloperSaysSo() throws Exception {
        Run run = start("findings-service", Map.of("quarkus.datasource.password", "civcity",
                "civcity.secrets.development-values-allowed", "true"));
        assertFalse(run.output().contains("Refusing to start"), run.output());
        assertTrue(run.output().contains("Unable to obtain connection"), run.output());
    }
}
