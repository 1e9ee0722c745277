package org.civcity.testsupport;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Gives a {@code @QuarkusTest} a real PostgreSQL database and a real Kafka broker. Init arg {@code database} names the
 * service's own database; init arg {@code runtime-role}, when given, is the role the service connects as, while its
 * migrations run as the owner. The servers outlive Quarkus restarts and are shared by every test of the JVM.
 */
public class InfrastructureResource implements QuarkusTestResourceLifecycleManager {

    private String database = "civcity";
    private String runtimeRole;

    @Override
    public void init(Map<String, String> initArgs) {
        database = initArgs.getOrDefault("database", database);
        runtimeRole = initArgs.get("runtime-role");
    }

    @Override
    public Map<String, String> start() {
        return runtimeRole == null ? EmbeddedInfrastructure.quarkusConfig(database)
                : EmbeddedInfrastructure.quarkusConfig(database, runtimeRole);
    }

    @Override
    public void stop() {
        // Kept for the next Quarkus start in this JVM; stopped by the shutdown hook.
    }
}
