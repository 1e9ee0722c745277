package org.civcity.stack;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Container;
import io.restassured.http.ContentType;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.civcity.contracts.KafkaAccess;
import org.civcity.contracts.Topics;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.DockerComposeContainer;

/**
 * docker-compose.yml as the README's "With Docker" section runs it, with .env.example and the images that
 * deploy/images/build.sh makes from Debian packages and Maven artifacts: the local docker-compose binary brings it up
 * through Testcontainers, a finding is dispatched, escalated and alerted, a service container restarts in the middle
 * of intake without losing or doubling anything, the broker lets each service (a SCRAM user) do only its own work
 * (issue #18 point 11), and the stack goes down with its volumes.
 */
class ComposeIT {

    /** Every container of the default profile (Grafana is in the dashboards profile). */
    private static final Set<String> CONTAINERS = Set.of("postgres", "kafka", "keycloak", "findings-service",
            "assignment-service", "escalation-service", "notification-service", "alert-stand-in", "prometheus");
    private static final String FINDINGS = "http://127.0.0.1:8081";
    private static final String ASSIGNMENT = "http://127.0.0.1:8082";
    private static final String ESCALATION = "http://127.0.0.1:8083";
    private static final String ALERTS = "http://127.0.0.1:8099";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String BROKER = "127.0.0.1:59092";

    private static DockerComposeContainer<?> compose;
    private static RealmTokens tokens;
    private static Map<String, String> env;

    @BeforeAll
    static void up() throws Exception {
        Tools.requireDockerEngine();
        Path root = TestStack.root();
        long building = System.nanoTime();
        Process build = new ProcessBuilder(root.resolve("deploy/images/build.sh").toString()).inheritIO().start();
        assertTrue(build.waitFor(30, TimeUnit.MINUTES) && build.exitValue() == 0, "deploy/images/build.sh failed");
        System.out.printf("ComposeIT: images built in %.0f s%n", (System.nanoTime() - building) / 1e9);

        env = new LinkedHashMap<>(dotEnv(root.resolve(".env.example")));
        env.putAll(dotEnv(root.resolve("deploy/images/target/images.env")));
        compose = new DockerComposeContainer<>(new File(root.resolve("docker-compose.yml").toString()))
                // Nothing to pull: the images are local, and no registry answers here.
                .withEnv(env).withPull(false).withRemoveVolumes(true).withStartupTimeout(Duration.ofMinutes(5));
        long starting = System.nanoTime();
        // docker-compose up itself waits for the infrastructure (depends_on: service_healthy); then every container's
        // own health check must pass. Polled here: Testcontainers' health-check wait stalled with compose v1.
        compose.start();
        await().atMost(Duration.ofMinutes(6)).pollInterval(Duration.ofSeconds(2)).until(ComposeIT::allHealthy);
        System.out.printf("ComposeIT: every container healthy %.0f s after docker-compose up%n",
                (System.nanoTime() - starting) / 1e9);
        tokens = new RealmTokens("http://127.0.0.1:8180/realms/civcity");
    }

    @AfterAll
    static void down() {
        if (compose == null) {
            return;
        }
        String project = container("postgres").getLabels().get("com.docker.compose.project");
        assertEquals(3, volumes(project).size(), "the stack's named volumes");
        compose.stop();
        assertEquals(List.of(), volumes(project), "volumes left behind by docker-compose down -v");
        assertEquals(List.of(), docker().listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of("com.docker.compose.project", project)).exec(), "containers left behind");
    }

    @Test
    void aFindingIsDispatchedEscalatedAndAlerted() throws Exception {
        String supervisor = tokens.user("supervisor");
        String id = postFinding(tokens.client("leaders-app"), "COMPOSE-1", 30.2741);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().baseUri(ASSIGNMENT).auth()
                .oauth2(supervisor).get("/api/v1/cases/" + id).then().statusCode(200)
                .body("leadUnit", equalTo("URBAN_MANAGEMENT")).body("township", equalTo("XINHUA_SUBDISTRICT")));
        // Demo deadlines (.env.example): overdue after 30 s, so level 1 is recorded and alerted within a minute.
        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> given().baseUri(ESCALATION).auth()
                .oauth2(supervisor).queryParam("findingId", id).get("/api/v1/accountability-records").then()
                .statusCode(200).body("[0].level", equalTo(1)));
        await().atMost(Duration.ofSeconds(30)).until(() -> alerts(id).stream()
                .anyMatch(a -> a.get("eventType").equals("escalation.raised")));
        assertEquals(3, alerts(id).stream().filter(a -> a.get("eventType").equals("finding.assigned")).count(),
                "one dispatch notice each for the department, the township and the supporting unit");
    }

    /** Each service's image wrote its own class data archive at build time, and its JVM maps it (#23). */
    @Test
    void everyServiceContainerStartsFromItsClassDataArchive() throws Exception {
        for (String service : LocalStack.SERVICES) {
            String exec = docker().execCreateCmd(container(service).getId()).withAttachStdout(true)
                    .withAttachStderr(true).withCmd("grep", "-q", LocalStack.CLASS_ARCHIVE, "/proc/1/maps").exec()
                    .getId();
            assertTrue(docker().execStartCmd(exec).exec(new ResultCallback.Adapter<>())
                    .awaitCompletion(30, TimeUnit.SECONDS), service);
            // The stream can end a moment before the engine records the exit code.
            await().atMost(Duration.ofSeconds(10)).until(() -> docker().inspectExecCmd(exec).exec()
                    .getExitCodeLong() != null);
            assertEquals(0L, docker().inspectExecCmd(exec).exec().getExitCodeLong(),
                    service + "'s JVM runs without its class data archive");
        }
    }

    @Test
    void aServiceContainerRestartedDuringIntakeLosesNothing() throws Exception {
        String system = tokens.client("leaders-app");
        String supervisor = tokens.user("supervisor");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(postFinding(system, "COMPOSE-R" + i, 30.3 + i * 0.001));
        }
        Container assignment = container("assignment-service");
        docker().restartContainerCmd(assignment.getId()).withTimeout(20).exec();
        for (int i = 5; i < 10; i++) {
            ids.add(postFinding(system, "COMPOSE-R" + i, 30.3 + i * 0.001));
        }
        await().atMost(Duration.ofMinutes(3)).until(() -> "healthy".equals(docker()
                .inspectContainerCmd(assignment.getId()).exec().getState().getHealth().getStatus()));

        for (String id : ids) {
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().baseUri(ASSIGNMENT).auth()
                    .oauth2(supervisor).get("/api/v1/cases/" + id).then().statusCode(200));
            await().atMost(Duration.ofSeconds(30)).until(() -> dispatchNotices(id).size() == 3);
        }
        // Later relay rounds and redeliveries after the restart: still one case and one notice per party each, on
        // every look for five seconds.
        await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> {
                    for (String id : ids) {
                        List<Map<String, Object>> notices = dispatchNotices(id);
                        assertEquals(3, notices.size(), "dispatch notices for " + id);
                        Set<Object> deliveries = notices.stream().map(a -> a.get("deliveryId"))
                                .collect(Collectors.toSet());
                        assertEquals(3, deliveries.size(), "distinct deliveries for " + id);
                    }
                });
        assertEquals(10, new HashSet<>(ids).size());
    }

    @Test
    void theBrokerLetsEachServiceDoOnlyItsOwnWork() throws Exception {
        // kafka-setup created every topic before the services started (they may not create any).
        try (Admin admin = Admin.create(client("PLAIN", "civcity-admin", env.get("CIVCITY_KAFKA_ADMIN_PASSWORD")))) {
            Set<String> topics = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            assertTrue(topics.containsAll(KafkaAccess.TOPICS), "missing: " + KafkaAccess.TOPICS.stream()
                    .filter(t -> !topics.contains(t)).toList());
        }
        String findingsPassword = env.get("CIVCITY_KAFKA_FINDINGS_PASSWORD");
        try (KafkaProducer<String, String> findings = producer("findings-service", findingsPassword)) {
            ExecutionException e = assertThrows(ExecutionException.class, () -> findings.send(
                    new ProducerRecord<>(Topics.CASES, "forged", "{}")).get(30, TimeUnit.SECONDS));
            assertInstanceOf(TopicAuthorizationException.class, e.getCause(), "findings-service on the case topic");
        }
        try (KafkaProducer<String, String> stranger = producer("findings-service", "guessed")) {
            ExecutionException e = assertThrows(ExecutionException.class, () -> stranger.send(
                    new ProducerRecord<>(Topics.FINDINGS, "forged", "{}")).get(30, TimeUnit.SECONDS));
            assertInstanceOf(SaslAuthenticationException.class, e.getCause(), "a wrong password");
        }
        Map<String, Object> foreign = client("SCRAM-SHA-512", "assignment-service",
                env.get("CIVCITY_KAFKA_ASSIGNMENT_PASSWORD"));
        foreign.put(ConsumerConfig.GROUP_ID_CONFIG, "notification-service");
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(foreign, new StringDeserializer(),
                new StringDeserializer())) {
            consumer.subscribe(List.of(Topics.FINDINGS));
            assertThrows(GroupAuthorizationException.class, () -> consumer.poll(Duration.ofSeconds(20)));
        }
    }

    private static Map<String, Object> client(String mechanism, String user, String password) {
        Map<String, Object> config = new HashMap<>();
        config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, BROKER);
        config.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_PLAINTEXT");
        config.put(SaslConfigs.SASL_MECHANISM, mechanism);
        config.put(SaslConfigs.SASL_JAAS_CONFIG, (mechanism.equals("PLAIN")
                ? "org.apache.kafka.common.security.plain.PlainLoginModule"
                : "org.apache.kafka.common.security.scram.ScramLoginModule")
                + " required username=\"" + user + "\" password=\"" + password + "\";");
        config.put(CommonClientConfigs.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000);
        return config;
    }

    private static KafkaProducer<String, String> producer(String user, String password) {
        Map<String, Object> config = client("SCRAM-SHA-512", user, password);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 20_000);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 20_000);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        return new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
    }

    private static String postFinding(String token, String reference, double latitude) {
        return given().baseUri(FINDINGS).auth().oauth2(token).header("Idempotency-Key", UUID.randomUUID().toString())
                .contentType(ContentType.JSON).body("""
                        {"source": "UNANNOUNCED_INSPECTION", "sourceSystem": "leaders-app", "sourceReference": "%s",
                         "siteType": "RESIDENTIAL_COMPOUND", "siteName": "Hexie Garden, building 7",
                         "category": "SANITATION", "severity": "HIGH",
                         "description": "Construction waste piled at the entrance for a week",
                         "observedAt": "2026-11-25T10:00:00+08:00", "latitude": %s, "longitude": 120.1551}
                        """.formatted(reference, latitude))
                .post("/api/v1/findings").then().statusCode(201).extract().path("id");
    }

    private static List<Map<String, Object>> dispatchNotices(String findingId) throws IOException {
        return alerts(findingId).stream().filter(a -> a.get("eventType").equals("finding.assigned")).toList();
    }

    /** What the alert stand-in container received about one finding. */
    private static List<Map<String, Object>> alerts(String findingId) throws IOException {
        List<Map<String, Object>> all = JSON.readValue(given().baseUri(ALERTS).get("/received").then()
                .statusCode(200).extract().asString(), new TypeReference<>() { });
        return all.stream().filter(a -> String.valueOf(a.get("body")).contains(findingId)).toList();
    }

    private static Container container(String service) {
        List<Container> found = docker().listContainersCmd()
                .withLabelFilter(Map.of("com.docker.compose.service", service)).exec();
        assertFalse(found.isEmpty(), "no container of " + service);
        return found.get(0);
    }

    private static boolean allHealthy() {
        Set<String> healthy = docker().listContainersCmd().withLabelFilter(List.of("com.docker.compose.project"))
                .exec().stream().filter(c -> c.getStatus().contains("(healthy)"))
                .map(c -> c.getLabels().get("com.docker.compose.service")).collect(Collectors.toSet());
        return healthy.equals(CONTAINERS);
    }

    private static List<String> volumes(String project) {
        var listed = docker().listVolumesCmd().withFilter("label", List.of("com.docker.compose.project=" + project))
                .exec().getVolumes();
        return listed == null ? List.of() : listed.stream().map(v -> v.getName()).sorted().toList();
    }

    private static DockerClient docker() {
        return DockerClientFactory.instance().client();
    }

    /** KEY=VALUE lines of an env file, as docker-compose reads them; comments and blank lines skipped. */
    private static Map<String, String> dotEnv(Path file) throws IOException {
        Map<String, String> env = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file)) {
            String trimmed = line.strip();
            if (!trimmed.isEmpty() && !trimmed.startsWith("#") && trimmed.contains("=")) {
                env.put(trimmed.substring(0, trimmed.indexOf('=')), trimmed.substring(trimmed.indexOf('=') + 1));
            }
        }
        return env;
    }
}
