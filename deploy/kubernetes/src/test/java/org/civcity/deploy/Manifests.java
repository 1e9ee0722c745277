package org.civcity.deploy;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import io.fabric8.kubernetes.schema.validator.ValidationMessage;
import io.fabric8.kubernetes.schema.validator.Validator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Renders the chart with Helm's own library and checks every object: against the Kubernetes and Prometheus Operator
 * schemas (fabric8's published OpenAPI, strict), Strimzi's CRD schemas (from Strimzi's generator, made strict), and
 * the rules of our own (probes, limits, non-root, pinned images, a NetworkPolicy for every Service, references that
 * resolve).
 */
final class Manifests {

    static final Path CHART = Path.of(System.getProperty("civcity.chart", "chart")).toAbsolutePath();
    private static final Path STRIMZI_CRDS = Path.of(System.getProperty("civcity.strimzi-crds",
            "target/strimzi-crds"));
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Validator KUBERNETES = Validator.newInstance();
    /**
     * Operators with no schema package in any registry reachable here (KEDA, CloudNativePG): their objects get the
     * reference checks in {@link #ruleProblems} only.
     */
    static final Set<String> UNSCHEMATISED_GROUPS = Set.of("keda.sh", "postgresql.cnpg.io");
    private static final String PROBE = "fieldNoSchemaAllows";
    private static Map<String, JsonSchema> strimzi;

    private Manifests() {
    }

    /** The objects of the chart rendered with {@code valuesFile} (in the chart) and {@code overrides} (--set). */
    static List<ObjectNode> render(String valuesFile, Map<String, Object> overrides) {
        TemplateCommand template = new Helm(CHART).template().withName("civcity").withNamespace("civcity")
                .withValuesFile(CHART.resolve(valuesFile));
        overrides.forEach(template::set);
        return parse(template.call());
    }

    static List<ObjectNode> parse(String yaml) {
        List<ObjectNode> objects = new ArrayList<>();
        try (JsonParser parser = YAML.getFactory().createParser(yaml)) {
            Iterator<JsonNode> documents = YAML.readValues(parser, JsonNode.class);
            while (documents.hasNext()) {
                JsonNode document = documents.next();
                if (document != null && document.isObject() && !document.isEmpty()) {
                    objects.add((ObjectNode) document);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return objects;
    }

    static String id(JsonNode object) {
        return object.path("kind").asText() + "/" + object.path("metadata").path("name").asText();
    }

    static String group(JsonNode object) {
        String apiVersion = object.path("apiVersion").asText();
        int slash = apiVersion.indexOf('/');
        return slash < 0 ? "" : apiVersion.substring(0, slash);
    }

    /** Every schema violation of {@code objects}, one line each, naming the object and the path. */
    static List<String> schemaProblems(List<ObjectNode> objects) {
        List<String> problems = new ArrayList<>();
        for (ObjectNode object : objects) {
            String group = group(object);
            if (UNSCHEMATISED_GROUPS.contains(group)) {
                continue;
            }
            if (group.equals("kafka.strimzi.io")) {
                JsonSchema schema = strimziSchemas().get(object.path("apiVersion").asText() + "/"
                        + object.path("kind").asText());
                if (schema == null) {
                    problems.add(id(object) + ": no Strimzi schema for " + object.path("apiVersion").asText());
                    continue;
                }
                schema.validate(object).forEach(m -> problems.add(id(object) + ": " + m.getMessage()));
                continue;
            }
            ObjectNode subject = object.deepCopy();
            String version = object.path("apiVersion").asText();
            if (group.endsWith(".k8s.io")) {
                // fabric8 finds io.k8s.api.<group>.<version>.<kind> by the group's first segment only.
                subject.put("apiVersion", group.substring(0, group.indexOf('.')) + version.substring(group.length()));
            }
            // The package reports nothing for a kind it has no schema for: a field no schema allows tells the two
            // apart, so an object is never passed unchecked.
            ObjectNode probe = subject.deepCopy();
            probe.put(PROBE, true);
            if (KUBERNETES.validate(probe).getMessages().stream().noneMatch(m -> m.getMessage().contains(PROBE))) {
                problems.add(id(object) + ": no schema for " + version);
                continue;
            }
            for (ValidationMessage message : KUBERNETES.validate(subject).getMessages()) {
                if (message.getLevel() == ValidationMessage.Level.ERROR && !intOrString(message)) {
                    problems.add(id(object) + ": " + message.getMessage());
                }
            }
        }
        return problems;
    }

    /** The OpenAPI package types IntOrString as a string; an integer is as valid there. */
    private static boolean intOrString(ValidationMessage message) {
        return message.getSchema() != null && message.getSchema().endsWith("intstr.IntOrString")
                && message.getMessage().contains("Instance type (integer)");
    }

    /**
     * The openAPIV3Schema of each Strimzi kind, made strict as the API server's strict field validation is: an
     * unknown field is an error, not silently pruned.
     */
    private static synchronized Map<String, JsonSchema> strimziSchemas() {
        if (strimzi == null) {
            Map<String, JsonSchema> schemas = new HashMap<>();
            JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4);
            try (Stream<Path> files = Files.list(STRIMZI_CRDS)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                    JsonNode crd = YAML.readTree(file.toFile());
                    String group = crd.path("spec").path("group").asText();
                    String kind = crd.path("spec").path("names").path("kind").asText();
                    for (JsonNode version : crd.path("spec").path("versions")) {
                        JsonNode schema = version.path("schema").path("openAPIV3Schema").deepCopy();
                        strict(schema);
                        schemas.put(group + "/" + version.path("name").asText() + "/" + kind,
                                factory.getSchema(schema));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("Strimzi's CRDs are generated into " + STRIMZI_CRDS
                        + " by the build (mvn generate-test-resources)", e);
            }
            strimzi = schemas;
        }
        return strimzi;
    }

    private static void strict(JsonNode schema) {
        if (!schema.isObject()) {
            return;
        }
        ObjectNode node = (ObjectNode) schema;
        if (node.has("properties") && !node.has("additionalProperties")
                && !node.path("x-kubernetes-preserve-unknown-fields").asBoolean()) {
            node.put("additionalProperties", false);
            // Every object may carry these, whatever its schema says.
            if (node.path("properties").has("metadata") && !node.path("properties").path("metadata")
                    .has("properties")) {
                node.withObjectProperty("properties").withObjectProperty("metadata").put("type", "object");
            }
        }
        node.path("properties").forEach(Manifests::strict);
        strict(node.path("items"));
        strict(node.path("additionalProperties"));
        for (String combinator : List.of("oneOf", "anyOf", "allOf")) {
            node.path(combinator).forEach(Manifests::strict);
        }
    }

    /**
     * Our own rules: every container has probes, requests and limits, runs as non-root without privilege escalation
     * from a pinned image; every Service has a NetworkPolicy for its pods; autoscalers, budgets, databases and
     * secrets refer to what exists. {@code externalSecrets}: the Secrets created outside the chart.
     */
    static List<String> ruleProblems(List<ObjectNode> objects, Set<String> externalSecrets, boolean production) {
        List<String> problems = new ArrayList<>();
        Map<String, JsonNode> byId = new HashMap<>();
        objects.forEach(o -> byId.put(id(o), o));
        Set<String> secrets = new HashSet<>(externalSecrets);
        String kafkaCluster = null;
        int partitions = Integer.MAX_VALUE;
        for (JsonNode o : objects) {
            switch (o.path("kind").asText()) {
                case "Secret" -> secrets.add(o.path("metadata").path("name").asText());
                // Strimzi's user operator keeps each user's password in a Secret of the user's name.
                case "KafkaUser" -> secrets.add(o.path("metadata").path("name").asText());
                case "Kafka" -> {
                    kafkaCluster = o.path("metadata").path("name").asText();
                    secrets.add(kafkaCluster + "-cluster-ca-cert");
                }
                case "KafkaTopic" -> {
                    if (!o.path("spec").path("config").has("cleanup.policy")) {
                        partitions = Math.min(partitions, o.path("spec").path("partitions").asInt());
                    }
                }
                default -> {
                }
            }
        }
        for (ObjectNode o : objects) {
            String id = id(o);
            JsonNode spec = o.path("spec");
            switch (o.path("kind").asText()) {
                case "Deployment", "StatefulSet", "DaemonSet", "Job" ->
                        podProblems(id, spec.path("template").path("spec"), secrets, production, problems);
                case "Service" -> {
                    if (objects.stream().noneMatch(p -> p.path("kind").asText().equals("NetworkPolicy")
                            && selects(p.path("spec").path("podSelector").path("matchLabels"),
                            spec.path("selector")))) {
                        problems.add(id + ": no NetworkPolicy selects its pods");
                    }
                }
                case "PodDisruptionBudget" -> {
                    if (objects.stream().noneMatch(d -> d.path("kind").asText().equals("Deployment")
                            && selects(spec.path("selector").path("matchLabels"),
                            d.path("spec").path("template").path("metadata").path("labels")))) {
                        problems.add(id + ": selects no Deployment's pods");
                    }
                }
                case "ScaledObject" -> {
                    String target = spec.path("scaleTargetRef").path("name").asText();
                    if (!byId.containsKey("Deployment/" + target)) {
                        problems.add(id + ": scales " + target + ", which is not rendered");
                    }
                    if (spec.path("maxReplicaCount").asInt() > partitions) {
                        problems.add(id + ": maxReplicaCount " + spec.path("maxReplicaCount").asInt()
                                + " above the " + partitions + " partitions of a topic");
                    }
                    if (spec.path("triggers").isEmpty()) {
                        problems.add(id + ": no triggers");
                    }
                    for (JsonNode trigger : spec.path("triggers")) {
                        String auth = trigger.path("authenticationRef").path("name").asText(null);
                        if (auth != null && !byId.containsKey("TriggerAuthentication/" + auth)) {
                            problems.add(id + ": authentication " + auth + " is not rendered");
                        }
                    }
                }
                case "TriggerAuthentication" -> spec.path("secretTargetRef").forEach(ref -> {
                    if (!secrets.contains(ref.path("name").asText())) {
                        problems.add(id + ": secret " + ref.path("name").asText() + " is neither rendered nor"
                                + " created outside the chart");
                    }
                });
                case "Database" -> {
                    JsonNode cluster = byId.get("Cluster/" + spec.path("cluster").path("name").asText());
                    if (cluster == null) {
                        problems.add(id + ": its cluster is not rendered");
                    } else if (cluster.path("spec").path("managed").path("roles").findValuesAsText("name").stream()
                            .noneMatch(spec.path("owner").asText()::equals)) {
                        problems.add(id + ": owner " + spec.path("owner").asText() + " is not a managed role");
                    }
                }
                case "Cluster" -> {
                    if (o.path("apiVersion").asText().startsWith("postgresql.cnpg.io/")) {
                        if (spec.path("instances").asInt() < 1 || spec.path("storage").path("size").isMissingNode()) {
                            problems.add(id + ": needs instances and storage.size");
                        }
                        spec.path("managed").path("roles").forEach(role -> {
                            String secret = role.path("passwordSecret").path("name").asText();
                            if (!secrets.contains(secret)) {
                                problems.add(id + ": role " + role.path("name").asText() + "'s secret " + secret
                                        + " is neither rendered nor created outside the chart");
                            }
                        });
                    }
                }
                default -> {
                }
            }
        }
        return problems;
    }

    private static void podProblems(String id, JsonNode pod, Set<String> secrets, boolean production,
            List<String> problems) {
        boolean podNonRoot = pod.path("securityContext").path("runAsNonRoot").asBoolean();
        List<JsonNode> containers = new ArrayList<>();
        pod.path("containers").forEach(containers::add);
        pod.path("initContainers").forEach(containers::add);
        if (containers.isEmpty()) {
            problems.add(id + ": no containers");
        }
        for (JsonNode c : containers) {
            String at = id + " container " + c.path("name").asText();
            for (String probe : List.of("readinessProbe", "livenessProbe")) {
                if (!c.has(probe)) {
                    problems.add(at + ": no " + probe);
                }
            }
            for (String kind : List.of("requests", "limits")) {
                for (String resource : List.of("cpu", "memory")) {
                    if (c.path("resources").path(kind).path(resource).isMissingNode()) {
                        problems.add(at + ": no " + resource + " " + kind);
                    }
                }
            }
            JsonNode security = c.path("securityContext");
            if (!security.path("runAsNonRoot").asBoolean(podNonRoot)) {
                problems.add(at + ": may run as root (runAsNonRoot)");
            }
            if (security.path("allowPrivilegeEscalation").asBoolean(true)) {
                problems.add(at + ": allows privilege escalation");
            }
            String image = c.path("image").asText();
            String name = image.substring(image.lastIndexOf('/') + 1);
            if (!image.contains("@sha256:")) {
                String tag = name.contains(":") ? name.substring(name.indexOf(':') + 1) : "";
                if (tag.isEmpty() || tag.equals("latest")) {
                    problems.add(at + ": image " + image + " is not pinned to a version or digest");
                } else if (production && tag.endsWith("-SNAPSHOT")) {
                    problems.add(at + ": image " + image + " is a snapshot");
                }
            }
            c.path("env").forEach(env -> {
                String secret = env.path("valueFrom").path("secretKeyRef").path("name").asText(null);
                if (secret != null && !secrets.contains(secret)) {
                    problems.add(at + ": secret " + secret + " is neither rendered nor created outside the chart");
                }
            });
        }
        pod.path("volumes").forEach(volume -> {
            String secret = volume.path("secret").path("secretName").asText(null);
            if (secret != null && !secrets.contains(secret)) {
                problems.add(id + ": volume secret " + secret + " is neither rendered nor created outside the chart");
            }
        });
    }

    /** Whether a selector's labels are all among {@code labels} (and it selects something). */
    private static boolean selects(JsonNode selector, JsonNode labels) {
        if (!selector.isObject() || selector.isEmpty()) {
            return false;
        }
        for (Map.Entry<String, JsonNode> label : selector.properties()) {
            if (!label.getValue().asText().equals(labels.path(label.getKey()).asText(null))) {
                return false;
            }
        }
        return true;
    }
}
