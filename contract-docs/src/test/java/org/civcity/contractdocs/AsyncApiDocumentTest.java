package org.civcity.contractdocs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.civcity.contracts.EventTypes;
import org.civcity.contracts.KafkaAccess;
import org.civcity.contracts.Topics;
import org.junit.jupiter.api.Test;

/**
 * The AsyncAPI document says what the contracts say, its examples are valid messages, and the build's validators
 * (the AsyncAPI parser, Redocly) do refuse a broken document, so their passing the real ones means something.
 */
class AsyncApiDocumentTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Path TARGET = Path.of("target");

    @Test
    void everyEventTypeIsAMessageOnItsTopicSentByItsProducer() {
        JsonNode doc = AsyncApiDocument.build("test");
        for (String type : EventTypes.KNOWN) {
            String topic = EventTypes.topic(type);
            JsonNode message = doc.at("/components/messages/" + type);
            assertEquals(type, message.path("name").asText(), type);
            assertEquals(AsyncApiDocument.schema(type).path("required"),
                    message.at("/payload/schema/required"), type + ": the payload schema is the contracts' schema");
            assertEquals("#/components/messages/" + type,
                    doc.at("/channels/" + topic + "/messages/" + type + "/$ref").asText(), type + " on " + topic);
            String producer = Topics.producer(topic).orElseThrow();
            assertEquals(Topics.source(producer), message.at("/headers/properties/ce_source/const").asText());
            String send = "";
            for (var op : (Iterable<java.util.Map.Entry<String, JsonNode>>) doc.path("operations")::fields) {
                if (op.getValue().path("action").asText().equals("send")
                        && op.getValue().at("/channel/$ref").asText().equals("#/channels/" + topic)) {
                    send = op.getKey();
                }
            }
            assertTrue(send.startsWith(producer.replace("-service", "Service")), type + " sent by " + send);
        }
        // Every consumer's subscription, its replay topic and its dead-letter topic is a channel.
        Set<String> channels = new TreeSet<>();
        doc.path("channels").forEach(c -> channels.add(c.path("address").asText()));
        Set<String> expected = new TreeSet<>(KafkaAccess.TOPICS);
        assertEquals(expected, channels);
    }

    @Test
    void everyExampleIsAValidMessage() {
        JsonNode doc = AsyncApiDocument.build("test");
        SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7);
        List<String> checked = new ArrayList<>();
        doc.at("/components/messages").fields().forEachRemaining(m -> {
            JsonNode examples = m.getValue().path("examples");
            assertTrue(examples.size() > 0, m.getKey() + " has no example");
            for (JsonNode example : examples) {
                assertEquals(Set.of(), factory.getSchema(m.getValue().at("/payload/schema"), config)
                        .validate(example.path("payload")), m.getKey() + " payload");
                assertEquals(Set.of(), factory.getSchema(m.getValue().path("headers"), config)
                        .validate(example.path("headers")), m.getKey() + " headers");
                checked.add(m.getKey());
            }
        });
        assertEquals(new TreeSet<>(EventTypes.KNOWN), new TreeSet<>(checked));
    }

    /** The AsyncAPI validation fails on an example that breaks its schema and on a dangling reference. */
    @Test
    void theAsyncApiValidationRefusesABrokenDocument() throws Exception {
        assumeFalse(Boolean.getBoolean("civcity.contracts.lint.skip"), "the npm lint is skipped");
        assertEquals(0, run("node", "validate-asyncapi.mjs", "target/contracts/asyncapi.yaml"), "the real one");

        ObjectNode badExample = AsyncApiDocument.build("test");
        ((ObjectNode) badExample.at("/components/messages/finding.assigned/examples/0/payload"))
                .put("generation", "first");
        assertNotEquals(0, run("node", "validate-asyncapi.mjs", write("bad-example.asyncapi.yaml", badExample)));

        ObjectNode dangling = AsyncApiDocument.build("test");
        ((ObjectNode) dangling.at("/channels/civcity.cases/messages/case.closed"))
                .put("$ref", "#/components/messages/case.reopened");
        assertNotEquals(0, run("node", "validate-asyncapi.mjs", write("dangling.asyncapi.yaml", dangling)));
    }

    /** Redocly fails on an OpenAPI example that breaks its schema and on an operation without an id. */
    @Test
    void theOpenApiLintRefusesABrokenDocument() throws Exception {
        assumeFalse(Boolean.getBoolean("civcity.contracts.lint.skip"), "the npm lint is skipped");
        Path findings = TARGET.resolve("contracts/findings-service/openapi.yaml");
        ObjectNode doc = (ObjectNode) YAML.readTree(findings.toFile());
        ((ObjectNode) doc.at("/paths/~1api~1v1~1findings~1{id}/get/responses/200/content/application~1json"
                + "/examples/assigned/value")).put("repeatCount", "none");
        assertNotEquals(0, redocly(write("bad-example.openapi.yaml", doc)));

        doc = (ObjectNode) YAML.readTree(findings.toFile());
        ((ObjectNode) doc.at("/paths/~1api~1v1~1findings~1{id}/get")).remove("operationId");
        assertNotEquals(0, redocly(write("no-operation-id.openapi.yaml", doc)));
    }

    private static int redocly(String file) throws Exception {
        return run("node_modules/.bin/redocly", "lint", "--config", "redocly.yaml", file);
    }

    private static String write(String name, JsonNode doc) throws IOException {
        Path file = TARGET.resolve("broken").resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, YAML.writeValueAsString(doc), StandardCharsets.UTF_8);
        return file.toString();
    }

    private static int run(String... command) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(TARGET.resolve("broken-" + command.length + ".log").toFile());
        builder.environment().put("REDOCLY_TELEMETRY", "off");
        builder.environment().put("REDOCLY_SUPPRESS_UPDATE_NOTICE", "true");
        Process process = builder.start();
        assertTrue(process.waitFor(120, java.util.concurrent.TimeUnit.SECONDS), String.join(" ", command));
        return process.exitValue();
    }
}
