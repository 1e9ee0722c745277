package org.civcity.testsupport;

import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.kafka.common.utils.AppInfoParser;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

/**
 * PostgreSQL and Kafka as Testcontainers from the images deploy/images/build.sh makes (built here with
 * {@code --infrastructure} when missing), published on 127.0.0.1 only. Chosen with
 * {@code -Dcivcity.test.infrastructure=containers}; stopped at JVM exit, as no reaper container can run here.
 */
final class InfrastructureContainers {

    private static final String POSTGRES_IMAGE = "civcity/postgres:17";

    private InfrastructureContainers() {
    }

    static boolean selected() {
        return "containers".equals(System.getProperty("civcity.test.infrastructure",
                System.getenv().getOrDefault("CIVCITY_TEST_INFRASTRUCTURE", "embedded")));
    }

    /** Starts PostgreSQL (superuser postgres, password postgres) and returns 127.0.0.1:port. */
    static String postgres() {
        ensureImages();
        int port = freePort();
        GenericContainer<?> postgres = new GenericContainer<>(DockerImageName.parse(POSTGRES_IMAGE))
                .withEnv("POSTGRES_USER", "postgres").withEnv("POSTGRES_PASSWORD", "postgres")
                .withCommand("postgres", "-c", "max_connections=300", "-c", "fsync=off")
                .withCreateContainerCmdModifier(loopback(5432, port))
                // The initialising server listens on its socket only, so TCP answers once the real one is up.
                .waitingFor(Wait.forSuccessfulCommand("pg_isready -h 127.0.0.1 -U postgres")
                        .withStartupTimeout(Duration.ofMinutes(2)));
        start(postgres);
        return "127.0.0.1:" + port;
    }

    /** Starts a single KRaft broker advertising 127.0.0.1 and returns its bootstrap servers. */
    static String kafka() {
        ensureImages();
        int port = freePort();
        GenericContainer<?> kafka = new GenericContainer<>(DockerImageName.parse(kafkaImage()))
                .withEnv("KAFKA_NODE_ID", "1")
                .withEnv("KAFKA_PROCESS_ROLES", "broker,controller")
                .withEnv("KAFKA_LISTENERS", "PLAINTEXT://:9092,CONTROLLER://:9093")
                .withEnv("KAFKA_ADVERTISED_LISTENERS", "PLAINTEXT://127.0.0.1:" + port)
                .withEnv("KAFKA_CONTROLLER_LISTENER_NAMES", "CONTROLLER")
                .withEnv("KAFKA_LISTENER_SECURITY_PROTOCOL_MAP", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT")
                .withEnv("KAFKA_CONTROLLER_QUORUM_VOTERS", "1@localhost:9093")
                // As the embedded broker: topics are created explicitly, with their partitions.
                .withEnv("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "false")
                .withEnv("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR", "1")
                .withEnv("KAFKA_OFFSETS_TOPIC_NUM_PARTITIONS", "3")
                .withEnv("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR", "1")
                .withEnv("KAFKA_TRANSACTION_STATE_LOG_MIN_ISR", "1")
                .withEnv("KAFKA_SHARE_COORDINATOR_STATE_TOPIC_REPLICATION_FACTOR", "1")
                .withEnv("KAFKA_SHARE_COORDINATOR_STATE_TOPIC_MIN_ISR", "1")
                .withEnv("KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS", "0")
                .withCreateContainerCmdModifier(loopback(9092, port))
                .waitingFor(Wait.forSuccessfulCommand("bash -c 'exec 3<>/dev/tcp/127.0.0.1/9092'")
                        .withStartupTimeout(Duration.ofMinutes(2)));
        start(kafka);
        return "127.0.0.1:" + port;
    }

    /** The broker image of the Kafka version the tests' clients use. */
    private static String kafkaImage() {
        return "civcity/kafka:" + AppInfoParser.getVersion();
    }

    private static void start(GenericContainer<?> container) {
        container.start();
        Runtime.getRuntime().addShutdownHook(new Thread(container::stop));
    }

    /** Publishes {@code containerPort} on 127.0.0.1:{@code hostPort} only, never on every interface. */
    private static Consumer<CreateContainerCmd> loopback(int containerPort, int hostPort) {
        return cmd -> {
            ExposedPort exposed = ExposedPort.tcp(containerPort);
            cmd.withExposedPorts(exposed);
            cmd.getHostConfig().withPortBindings(new PortBinding(Ports.Binding.bindIpAndPort("127.0.0.1", hostPort),
                    exposed));
        };
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("No free port", e);
        }
    }

    /** Builds the PostgreSQL and Kafka images with deploy/images/build.sh unless the engine has them. */
    private static synchronized void ensureImages() {
        if (present(POSTGRES_IMAGE) && present(kafkaImage())) {
            return;
        }
        Path script = root().resolve("deploy/images/build.sh");
        try {
            Process build = new ProcessBuilder(script.toString(), "--infrastructure").inheritIO().start();
            if (!build.waitFor(20, TimeUnit.MINUTES) || build.exitValue() != 0) {
                throw new IllegalStateException(script + " --infrastructure failed");
            }
        } catch (IOException e) {
            throw new IllegalStateException("Cannot run " + script, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while building the images", e);
        }
    }

    private static boolean present(String image) {
        try {
            DockerClientFactory.instance().client().inspectImageCmd(image).exec();
            return true;
        } catch (NotFoundException e) {
            return false;
        }
    }

    /** The repository root: the nearest folder above the working directory holding deploy/images. */
    private static Path root() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isExecutable(dir.resolve("deploy/images/build.sh"))) {
                return dir;
            }
        }
        throw new IllegalStateException("deploy/images/build.sh not found above " + Path.of("").toAbsolutePath());
    }
}
