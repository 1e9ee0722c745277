package org.civcity.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the local stack starts and where: data folder, ports, and extra configuration per service.
 *
 * @param root the repository root, where each service's packaged jar is found
 * @param dataDir one folder for everything the stack keeps between restarts
 * @param alertUrl the leaders' alert endpoint; null starts a stand-in that prints each alert
 * @param externalPostgres host:port of a running PostgreSQL to use instead of the embedded one, or null
 * @param externalKafka bootstrap servers of a running broker to use instead of starting one, or null
 * @param keycloakHome the unpacked Keycloak distribution to start, or null to start none
 * @param replicas how many processes of each service, each on its own ports, sharing the database and broker
 * @param kafkaBrokers how many Kafka brokers (KRaft, each also a controller): 1, or 3 for a replicated cluster whose
 *     topics have replication factor 3 and min.insync.replicas 2
 */
public record StackOptions(
        Path root,
        Path dataDir,
        int postgresPort,
        int kafkaPort,
        int kafkaControllerPort,
        int firstServicePort,
        int firstManagementPort,
        int keycloakPort,
        int keycloakManagementPort,
        Path keycloakHome,
        int alertPort,
        String alertUrl,
        String externalPostgres,
        String externalKafka,
        Map<String, Map<String, String>> serviceConfig,
        int replicas,
        int kafkaBrokers) {

    public StackOptions {
        if (kafkaBrokers != 1 && kafkaBrokers != 3) {
            throw new IllegalArgumentException("1 or 3 Kafka brokers, not " + kafkaBrokers);
        }
    }

    /**
     * A stack for a test or a benchmark: its data in {@code dataDir}, every port free and below the ephemeral range,
     * Keycloak from the build, the given alert endpoint, {@code replicas} processes of every service.
     */
    public static StackOptions forTest(Path root, Path dataDir, String alertUrl, int replicas) throws IOException {
        int services = LocalStack.SERVICES.size() * replicas;
        int first = Ports.firstOfConsecutive(2 * services);
        return new StackOptions(root, dataDir, Ports.free(), Ports.free(), Ports.free(), first, first + services,
                Ports.free(), Ports.free(), keycloakHome(root), 0, alertUrl, null, null, Map.of(), replicas, 1);
    }

    /** The same stack with this configuration added to one service's (later entries win). */
    public StackOptions withConfig(String service, Map<String, String> config) {
        Map<String, Map<String, String>> all = new LinkedHashMap<>(serviceConfig);
        Map<String, String> merged = new LinkedHashMap<>(all.getOrDefault(service, Map.of()));
        merged.putAll(config);
        all.put(service, merged);
        return new StackOptions(root, dataDir, postgresPort, kafkaPort, kafkaControllerPort, firstServicePort,
                firstManagementPort, keycloakPort, keycloakManagementPort, keycloakHome, alertPort, alertUrl,
                externalPostgres, externalKafka, all, replicas, kafkaBrokers);
    }

    /** The same stack on {@code brokers} Kafka brokers (1 or 3). */
    public StackOptions withKafkaBrokers(int brokers) {
        return new StackOptions(root, dataDir, postgresPort, kafkaPort, kafkaControllerPort, firstServicePort,
                firstManagementPort, keycloakPort, keycloakManagementPort, keycloakHome, alertPort, alertUrl,
                externalPostgres, externalKafka, serviceConfig, replicas, brokers);
    }

    /** Deadlines short enough to watch an escalation happen in a demo: assignment-service's demo-deadlines profile. */
    public static Map<String, String> demoDeadlines() {
        return Map.of("quarkus.profile", "prod,demo-deadlines");
    }

    /** The defaults of the run command, from environment variables where set. */
    public static StackOptions fromEnvironment(Path root, boolean demoDeadlines) {
        Map<String, Map<String, String>> serviceConfig = new LinkedHashMap<>();
        if (demoDeadlines) {
            serviceConfig.put("assignment-service", demoDeadlines());
        }
        return new StackOptions(root,
                Path.of(env("CIVCITY_DATA_DIR", root.resolve(".local").toString())),
                Integer.parseInt(env("CIVCITY_POSTGRES_PORT", "55432")),
                Integer.parseInt(env("CIVCITY_KAFKA_PORT", "59092")),
                Integer.parseInt(env("CIVCITY_KAFKA_CONTROLLER_PORT", "59093")),
                Integer.parseInt(env("CIVCITY_FIRST_SERVICE_PORT", "8081")),
                Integer.parseInt(env("CIVCITY_FIRST_MANAGEMENT_PORT", "9081")),
                Integer.parseInt(env("CIVCITY_KEYCLOAK_PORT", "8180")),
                Integer.parseInt(env("CIVCITY_KEYCLOAK_MANAGEMENT_PORT", "8190")),
                keycloakHome(root),
                Integer.parseInt(env("CIVCITY_ALERT_PORT", "8099")),
                System.getenv("CIVCITY_ALERT_URL"),
                System.getenv("CIVCITY_POSTGRES"),
                System.getenv("CIVCITY_KAFKA"),
                serviceConfig,
                Integer.parseInt(env("CIVCITY_REPLICAS", "1")),
                Integer.parseInt(env("CIVCITY_KAFKA_BROKERS", "1")));
    }

    /** The Keycloak distribution the build unpacks into local-stack/target/keycloak (its one keycloak-* folder). */
    public static Path keycloakHome(Path root) {
        Path unpacked = root.resolve("local-stack/target/keycloak");
        try (var dirs = Files.list(unpacked)) {
            return dirs.filter(d -> d.getFileName().toString().startsWith("keycloak-")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("No Keycloak distribution in " + unpacked));
        } catch (IOException e) {
            throw new IllegalStateException("No Keycloak distribution in " + unpacked
                    + ": build first (./mvnw -DskipTests install)", e);
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
