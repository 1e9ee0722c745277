package org.civcity.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.acl.AclBinding;
import org.civcity.contracts.KafkaAccess;
import org.civcity.shared.messaging.BrokerAccess;
import org.civcity.shared.messaging.TopicPlan;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue #24 point 2: every overlay of deploy/kubernetes/chart renders, every object matches its schema and our rules,
 * the topics and ACLs are exactly the contracts', and a manifest broken on purpose is caught.
 */
class ManifestsTest {

    /** Created outside the chart in production (deploy/kubernetes/README.md, "Secrets"). */
    static final Set<String> PRODUCTION_SECRETS = Set.of("civcity-db-findings", "civcity-db-assignment",
            "civcity-db-escalation", "civcity-db-escalation-runtime", "civcity-db-notification", "civcity-db-keycloak",
            "keycloak-admin", "notification-service-secrets");
    private static final Map<String, List<ObjectNode>> RENDERED = new HashMap<>();

    @BeforeAll
    static void render() {
        for (String overlay : List.of("values-local.yaml", "values-production.yaml")) {
            RENDERED.put(overlay, Manifests.render(overlay, Map.of()));
        }
    }

    private static Set<String> external(String overlay) {
        return overlay.equals("values-production.yaml") ? PRODUCTION_SECRETS : Set.of();
    }

    @ParameterizedTest
    @ValueSource(strings = {"values-local.yaml", "values-production.yaml"})
    void everyObjectMatchesItsSchema(String overlay) {
        List<ObjectNode> objects = RENDERED.get(overlay);
        assertEquals(List.of(), Manifests.schemaProblems(objects));
        Set<String> kinds = new TreeSet<>();
        objects.forEach(o -> kinds.add(o.path("kind").asText()));
        // Everything the issue asks for is there, so a template that renders nothing cannot pass.
        assertTrue(kinds.containsAll(List.of("Deployment", "Service", "PodDisruptionBudget", "NetworkPolicy",
                "ServiceMonitor", "PrometheusRule", "Kafka", "KafkaNodePool", "KafkaTopic", "KafkaUser", "Cluster",
                "Database")), kinds::toString);
    }

    @ParameterizedTest
    @ValueSource(strings = {"values-local.yaml", "values-production.yaml"})
    void everyWorkloadFollowsOurRules(String overlay) {
        assertEquals(List.of(), Manifests.ruleProblems(RENDERED.get(overlay), external(overlay),
                overlay.contains("production")));
    }

    @Test
    void productionAutoscalesOnLagWithinThePartitionsAndLocalDoesNot() {
        List<ObjectNode> production = RENDERED.get("values-production.yaml");
        List<JsonNode> scaled = production.stream().filter(kind("ScaledObject")).map(JsonNode.class::cast).toList();
        assertEquals(KafkaAccess.SERVICES.stream().sorted().toList(),
                scaled.stream().map(o -> o.path("metadata").path("name").asText()).sorted().toList());
        for (JsonNode o : scaled) {
            assertEquals(12, o.path("spec").path("maxReplicaCount").asInt(), o::toString);
            assertEquals("kafka", o.path("spec").path("triggers").path(0).path("type").asText());
            assertEquals(o.path("metadata").path("name").asText(),
                    o.path("spec").path("triggers").path(0).path("metadata").path("consumerGroup").asText());
        }
        assertTrue(RENDERED.get("values-local.yaml").stream().noneMatch(kind("ScaledObject")));
    }

    /** Every replica at the autoscalers' maximum, and Keycloak's, gets its connections from PostgreSQL. */
    @Test
    void theDatabaseHasConnectionsForEveryReplicaAtTheAutoscalersMaximum() {
        List<ObjectNode> objects = RENDERED.get("values-production.yaml");
        int needed = 0;
        for (ObjectNode scaled : objects.stream().filter(kind("ScaledObject")).toList()) {
            JsonNode container = deployment(objects, scaled.path("spec").path("scaleTargetRef").path("name")
                    .asText()).path("spec").path("template").path("spec").path("containers").path(0);
            // The reactive pool, and Flyway's and the JDBC pool's (application.properties: max-size 2).
            needed += scaled.path("spec").path("maxReplicaCount").asInt() * (env(container,
                    "QUARKUS_DATASOURCE_REACTIVE_MAX_SIZE") + 2);
        }
        ObjectNode keycloak = deployment(objects, "keycloak");
        needed += keycloak.path("spec").path("replicas").asInt() * env(keycloak.path("spec").path("template")
                .path("spec").path("containers").path(0), "KC_DB_POOL_MAX_SIZE");
        JsonNode cluster = objects.stream().filter(kind("Cluster")).findFirst().orElseThrow();
        int max = cluster.path("spec").path("postgresql").path("parameters").path("max_connections").asInt();
        // PostgreSQL keeps superuser_reserved_connections (3) and the operator needs a few of its own.
        assertTrue(needed + 10 <= max, needed + " connections needed, max_connections " + max);
    }

    private static int env(JsonNode container, String name) {
        for (JsonNode env : container.path("env")) {
            if (env.path("name").asText().equals(name)) {
                return Integer.parseInt(env.path("value").asText());
            }
        }
        throw new AssertionError(name + " not set in " + container.path("name").asText());
    }

    /** The topics of TopicPlan, with the partitions and replication of the overlay, min.insync.replicas 2. */
    @ParameterizedTest
    @ValueSource(strings = {"values-local.yaml", "values-production.yaml"})
    void theTopicsAreTheContracts(String overlay) {
        List<ObjectNode> objects = RENDERED.get(overlay);
        int partitions = overlay.contains("production") ? 12 : 6;
        Map<String, String> expected = new TreeMap<>();
        for (NewTopic topic : TopicPlan.all(new TopicPlan.Settings(partitions, (short) 3, Duration.ofDays(14)))) {
            Map<String, String> config = new TreeMap<>(topic.configs() == null ? Map.of() : topic.configs());
            config.put("min.insync.replicas", "2");
            expected.put(topic.name(), topic.numPartitions() + " x" + topic.replicationFactor() + " " + config);
        }
        Map<String, String> rendered = new TreeMap<>();
        objects.stream().filter(kind("KafkaTopic")).forEach(t -> {
            Map<String, String> config = new TreeMap<>();
            t.path("spec").path("config").properties().forEach(e -> config.put(e.getKey(),
                    e.getValue().asText()));
            rendered.put(t.path("spec").path("topicName").asText(), t.path("spec").path("partitions").asInt() + " x"
                    + t.path("spec").path("replicas").asInt() + " " + config);
        });
        assertEquals(expected, rendered);
        JsonNode kafka = objects.stream().filter(kind("Kafka")).findFirst().orElseThrow();
        assertEquals(2, kafka.path("spec").path("kafka").path("config").path("min.insync.replicas").asInt());
        assertEquals(3, objects.stream().filter(kind("KafkaNodePool")).mapToInt(p -> p.path("spec")
                .path("replicas").asInt()).sum());
    }

    /** Each service's KafkaUser grants exactly BrokerAccess's ACLs, as compose's BrokerSetup does. */
    @Test
    void eachServiceUserHasExactlyTheContractsAcls() {
        Map<String, Set<String>> expected = new TreeMap<>();
        for (String service : KafkaAccess.SERVICES) {
            Set<String> acls = new TreeSet<>();
            for (AclBinding acl : BrokerAccess.acls(KafkaAccess.of(service))) {
                acls.add(acl.pattern().resourceType() + " " + acl.pattern().name() + " "
                        + acl.pattern().patternType() + " " + acl.entry().operation());
            }
            expected.put(service, acls);
        }
        Map<String, Set<String>> rendered = new TreeMap<>();
        RENDERED.get("values-production.yaml").stream().filter(kind("KafkaUser")).forEach(u -> {
            Set<String> acls = new TreeSet<>();
            assertEquals("scram-sha-512", u.path("spec").path("authentication").path("type").asText());
            for (JsonNode acl : u.path("spec").path("authorization").path("acls")) {
                JsonNode resource = acl.path("resource");
                String pattern = resource.path("patternType").asText().equals("prefix") ? "PREFIXED" : "LITERAL";
                for (JsonNode operation : acl.path("operations")) {
                    acls.add(resource.path("type").asText().toUpperCase() + " " + resource.path("name").asText() + " "
                            + pattern + " " + operation.asText().toUpperCase());
                }
            }
            rendered.put(u.path("metadata").path("name").asText(), acls);
        });
        assertEquals(expected, rendered);
    }

    /** One source for the alert rules: the PrometheusRule carries deploy/prometheus/rules.yml unchanged. */
    @Test
    void thePrometheusRuleIsTheRulesFile() throws Exception {
        JsonNode rules = Manifests.YAML.readTree(Files.readString(Manifests.CHART.resolve("../../prometheus/rules.yml")
                .normalize()));
        JsonNode rule = RENDERED.get("values-production.yaml").stream().filter(kind("PrometheusRule")).findFirst()
                .orElseThrow();
        assertEquals(rules, rule.path("spec"));
    }

    @Test
    void helmLintFindsNothing() {
        LintResult lint = new Helm(Manifests.CHART).lint().strict().call();
        List<String> findings = lint.getMessages().stream().filter(m -> !m.startsWith("[INFO]")).toList();
        assertEquals(List.of(), findings);
        assertTrue(!lint.isFailed(), lint.getMessages()::toString);
    }

    // What follows breaks a manifest on purpose: each must be caught, or the checks above prove nothing.

    @Test
    void aWrongTypeInADeploymentIsCaught() {
        // Local: without autoscaling the Deployment carries the count.
        List<String> problems = Manifests.schemaProblems(Manifests.render("values-local.yaml",
                Map.of("services.findings-service.replicas", "two")));
        assertEquals(1, problems.size(), problems::toString);
        assertTrue(problems.get(0).startsWith("Deployment/findings-service: [Path '/spec/replicas']"),
                problems::toString);
    }

    @Test
    void aWrongTypeOrAnUnknownFieldInAStrimziResourceIsCaught() {
        List<ObjectNode> objects = Manifests.render("values-production.yaml", Map.of("kafka.brokers", "three"));
        ObjectNode topic = objects.stream().filter(kind("KafkaTopic")).findFirst().orElseThrow();
        topic.withObjectProperty("spec").put("partitons", 3);
        List<String> problems = Manifests.schemaProblems(objects);
        assertEquals(2, problems.size(), problems::toString);
        assertTrue(problems.get(0).startsWith("KafkaNodePool/brokers: ") && problems.get(0).contains("replicas"),
                problems::toString);
        assertTrue(problems.get(1).startsWith(Manifests.id(topic)) && problems.get(1).contains("partitons"),
                problems::toString);
    }

    @Test
    void anUnknownFieldInANetworkPolicyIsCaught() {
        List<ObjectNode> objects = copy("values-production.yaml");
        objects.stream().filter(o -> Manifests.id(o).equals("NetworkPolicy/findings-service")).findFirst()
                .orElseThrow().withObjectProperty("spec").put("podSelectr", "x");
        List<String> problems = Manifests.schemaProblems(objects);
        assertEquals(1, problems.size(), problems::toString);
        assertTrue(problems.get(0).startsWith("NetworkPolicy/findings-service: ")
                && problems.get(0).contains("podSelectr"), problems::toString);
    }

    @Test
    void aKindWithoutSchemaIsCaught() {
        List<ObjectNode> objects = Manifests.parse("apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\n");
        assertEquals(List.of("Widget/w: no schema for example.com/v1"), Manifests.schemaProblems(objects));
    }

    @Test
    void aContainerWithoutProbesLimitsOrNonRootIsCaught() {
        List<ObjectNode> objects = copy("values-production.yaml");
        ObjectNode container = (ObjectNode) deployment(objects, "escalation-service").path("spec").path("template")
                .path("spec").path("containers").path(0);
        container.remove("livenessProbe");
        ((ObjectNode) container.path("resources").path("limits")).remove("memory");
        ((ObjectNode) container.path("securityContext")).put("runAsNonRoot", false);
        assertEquals(List.of("Deployment/escalation-service container escalation-service: no livenessProbe",
                "Deployment/escalation-service container escalation-service: no memory limits",
                "Deployment/escalation-service container escalation-service: may run as root (runAsNonRoot)"),
                Manifests.ruleProblems(objects, PRODUCTION_SECRETS, true));
    }

    @Test
    void anUnpinnedImageIsCaught() {
        List<String> latest = Manifests.ruleProblems(Manifests.render("values-production.yaml",
                Map.of("image.tag", "latest")), PRODUCTION_SECRETS, true);
        assertEquals(4, latest.size(), latest::toString);
        assertTrue(latest.stream().allMatch(p -> p.endsWith(":latest is not pinned to a version or digest")),
                latest::toString);
        List<String> snapshot = Manifests.ruleProblems(copy("values-local.yaml"), Set.of(), true);
        assertEquals(4, snapshot.size(), snapshot::toString);
        assertTrue(snapshot.stream().allMatch(p -> p.endsWith("-SNAPSHOT is a snapshot")), snapshot::toString);
    }

    @Test
    void aServiceWithoutNetworkPolicyOrAMissingSecretIsCaught() {
        List<ObjectNode> objects = copy("values-production.yaml");
        objects.removeIf(o -> Manifests.id(o).equals("NetworkPolicy/notification-service"));
        Set<String> secrets = new TreeSet<>(PRODUCTION_SECRETS);
        secrets.remove("notification-service-secrets");
        List<String> problems = Manifests.ruleProblems(objects, secrets, true);
        String missing = "Deployment/notification-service container notification-service: secret"
                + " notification-service-secrets is neither rendered nor created outside the chart";
        assertEquals(List.of("Service/notification-service: no NetworkPolicy selects its pods", missing, missing),
                problems);
    }

    @Test
    void anAutoscalerBeyondThePartitionsIsCaught() {
        List<ObjectNode> objects = copy("values-production.yaml");
        objects.stream().filter(o -> Manifests.id(o).equals("ScaledObject/assignment-service")).findFirst()
                .orElseThrow().withObjectProperty("spec").put("maxReplicaCount", 13);
        assertEquals(List.of("ScaledObject/assignment-service: maxReplicaCount 13 above the 12 partitions of a topic"),
                Manifests.ruleProblems(objects, PRODUCTION_SECRETS, true));
    }

    private static List<ObjectNode> copy(String overlay) {
        List<ObjectNode> copies = new ArrayList<>();
        RENDERED.get(overlay).forEach(o -> copies.add(o.deepCopy()));
        return copies;
    }

    private static ObjectNode deployment(List<ObjectNode> objects, String name) {
        return objects.stream().filter(o -> Manifests.id(o).equals("Deployment/" + name)).findFirst().orElseThrow();
    }

    private static Predicate<ObjectNode> kind(String kind) {
        return o -> o.path("kind").asText().equals(kind);
    }
}
