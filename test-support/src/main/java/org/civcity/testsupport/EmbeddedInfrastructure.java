package org.civcity.testsupport;

import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.utils.Exit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * One real PostgreSQL and one real Kafka broker per JVM, started on first use and stopped at JVM exit.
 *
 * <p>Embedded by default: PostgreSQL binaries from the Maven registry and an in-JVM KRaft broker. With
 * {@code -Dcivcity.test.infrastructure=containers}, both run as containers from the local images
 * ({@link InfrastructureContainers}). The environment can point at running servers instead:
 * {@code CIVCITY_TEST_POSTGRES} (host:port, with {@code CIVCITY_TEST_POSTGRES_USER} and
 * {@code CIVCITY_TEST_POSTGRES_PASSWORD}) and {@code CIVCITY_TEST_KAFKA} (bootstrap servers).
 */
public final class EmbeddedInfrastructure {

    private static String postgresHostPort;
    private static String postgresUser;
    private static String postgresPassword;
    private static String kafkaBootstrap;
    private static KafkaCompanion companion;

    private EmbeddedInfrastructure() {
    }

    /** Starts PostgreSQL if needed and returns host:port. */
    public static synchronized String postgres() {
        if (postgresHostPort == null) {
            String external = System.getenv("CIVCITY_TEST_POSTGRES");
            if (external != null && !external.isBlank()) {
                postgresHostPort = external;
                postgresUser = System.getenv().getOrDefault("CIVCITY_TEST_POSTGRES_USER", "postgres");
                postgresPassword = System.getenv().getOrDefault("CIVCITY_TEST_POSTGRES_PASSWORD", "postgres");
            } else if (InfrastructureContainers.selected()) {
                postgresHostPort = InfrastructureContainers.postgres();
                postgresUser = "postgres";
                postgresPassword = "postgres";
            } else {
                try {
                    EmbeddedPostgres pg = EmbeddedPostgres.builder()
                            .setServerConfig("max_connections", "300")
                            .setServerConfig("listen_addresses", "127.0.0.1")
                            .start();
                    Runtime.getRuntime().addShutdownHook(new Thread(() -> closeQuietly(pg)));
                    postgresHostPort = "127.0.0.1:" + pg.getPort();
                    postgresUser = "postgres";
                    postgresPassword = "postgres";
                } catch (Exception e) {
                    throw new IllegalStateException("Cannot start embedded PostgreSQL", e);
                }
            }
        }
        return postgresHostPort;
    }

    /** Creates the database if it does not exist yet; each service owns its own. */
    public static synchronized void createDatabase(String database) {
        String url = "jdbc:postgresql://" + postgres() + "/postgres";
        try (Connection c = DriverManager.getConnection(url, postgresUser, postgresPassword);
                Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + database + "'")) {
                if (rs.next()) {
                    return;
                }
            }
            st.execute("CREATE DATABASE \"" + database + "\"");
        } catch (Exception e) {
            throw new IllegalStateException("Cannot create database " + database, e);
        }
    }

    public static String postgresUser() {
        postgres();
        return postgresUser;
    }

    public static String postgresPassword() {
        postgres();
        return postgresPassword;
    }

    /** Starts the broker if needed and returns its bootstrap servers. */
    public static synchronized String kafka() {
        if (kafkaBootstrap == null) {
            String external = System.getenv("CIVCITY_TEST_KAFKA");
            if (external != null && !external.isBlank()) {
                kafkaBootstrap = external;
            } else if (InfrastructureContainers.selected()) {
                kafkaBootstrap = InfrastructureContainers.kafka();
            } else {
                try {
                    // The broker may call exit or halt while the JVM shuts down; that must not turn a passing test
                    // run into a failed fork, as it would by default.
                    Exit.setExitProcedure((status, message) -> System.err.printf(
                            "Embedded Kafka asked to exit(%d): %s%n", status, message));
                    Exit.setHaltProcedure((status, message) -> System.err.printf(
                            "Embedded Kafka asked to halt(%d): %s%n", status, message));
                    KafkaClusterTestKit cluster = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                            .setCombined(true)
                            .setNumBrokerNodes(1)
                            .setNumControllerNodes(1)
                            .build())
                            // Topics must be created explicitly, with their partitions, as in production.
                            .setConfigProp("auto.create.topics.enable", "false")
                            .setConfigProp("offsets.topic.replication.factor", "1")
                            .setConfigProp("offsets.topic.num.partitions", "3")
                            .setConfigProp("transaction.state.log.replication.factor", "1")
                            .setConfigProp("transaction.state.log.min.isr", "1")
                            .setConfigProp("group.initial.rebalance.delay.ms", "0")
                            .build();
                    cluster.format();
                    cluster.startup();
                    cluster.waitForReadyBrokers();
                    Runtime.getRuntime().addShutdownHook(new Thread(() -> closeQuietly(cluster)));
                    kafkaBootstrap = cluster.bootstrapServers();
                } catch (Exception e) {
                    throw new IllegalStateException("Cannot start the embedded Kafka broker", e);
                }
            }
        }
        return kafkaBootstrap;
    }

    /** A Kafka client for tests on this JVM's broker, closed at JVM exit. */
    public static synchronized KafkaCompanion kafkaCompanion() {
        if (companion == null) {
            KafkaCompanion created = new KafkaCompanion(kafka());
            Runtime.getRuntime().addShutdownHook(new Thread(created::close));
            companion = created;
        }
        return companion;
    }

    /**
     * The same for a service that migrates as the owner and connects as {@code runtimeRole} (created here, its password
     * its name), as a service keeping a ledger does.
     */
    public static Map<String, String> quarkusConfig(String database, String runtimeRole) {
        Map<String, String> config = quarkusConfig(database);
        createRole(runtimeRole);
        config.put("quarkus.flyway.username", postgresUser());
        config.put("quarkus.flyway.password", postgresPassword());
        config.put("quarkus.datasource.username", runtimeRole);
        config.put("quarkus.datasource.password", runtimeRole);
        return config;
    }

    /** Creates a login role, not a superuser, if it does not exist yet; its password is its name. */
    public static synchronized void createRole(String role) {
        String url = "jdbc:postgresql://" + postgres() + "/postgres";
        try (Connection c = DriverManager.getConnection(url, postgresUser, postgresPassword);
                Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT 1 FROM pg_roles WHERE rolname = '" + role + "'")) {
                if (rs.next()) {
                    return;
                }
            }
            st.execute("CREATE ROLE \"" + role + "\" LOGIN PASSWORD '" + role + "'");
        } catch (Exception e) {
            throw new IllegalStateException("Cannot create role " + role, e);
        }
    }

    /** Quarkus configuration pointing one service at this infrastructure. */
    public static Map<String, String> quarkusConfig(String database) {
        createDatabase(database);
        Map<String, String> config = new HashMap<>();
        config.put("quarkus.datasource.reactive.url", "postgresql://" + postgres() + "/" + database);
        config.put("quarkus.datasource.jdbc.url", "jdbc:postgresql://" + postgres() + "/" + database);
        config.put("quarkus.datasource.username", postgresUser());
        config.put("quarkus.datasource.password", postgresPassword());
        config.put("kafka.bootstrap.servers", kafka());
        return config;
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            // JVM exit: nothing left to report to.
        }
    }
}
