package org.civcity.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * The published AsyncAPI document (contract-docs), as a consumer would use it: which channel a record came on, which
 * of the channel's messages it is (by its ce_type), and whether its headers, key and payload match that message.
 */
final class AsyncApiMessages {

    private static final SchemaValidatorsConfig CONFIG = SchemaValidatorsConfig.builder()
            .formatAssertionsEnabled(true).build();
    private static final JsonSchemaFactory SCHEMAS = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final JsonNode document;

    private AsyncApiMessages(JsonNode document) {
        this.document = document;
    }

    static AsyncApiMessages load() {
        try (InputStream in = AsyncApiMessages.class.getResourceAsStream("/contracts/asyncapi.yaml")) {
            if (in == null) {
                throw new IllegalStateException("contracts/asyncapi.yaml is not on the class path (contract-docs)");
            }
            return new AsyncApiMessages(new ObjectMapper(new YAMLFactory()).readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every channel's address: the topics the document describes. */
    List<String> addresses() {
        List<String> addresses = new ArrayList<>();
        document.path("channels").forEach(c -> addresses.add(c.path("address").asText()));
        return addresses;
    }

    /** The violations of {@code record} against its message; empty when it conforms. */
    List<String> violations(ConsumerRecord<String, String> record) {
        List<String> violations = new ArrayList<>();
        JsonNode channel = null;
        for (JsonNode c : document.path("channels")) {
            if (c.path("address").asText().equals(record.topic())) {
                channel = c;
            }
        }
        if (channel == null) {
            return List.of("no channel for topic " + record.topic());
        }
        ObjectNode headers = JSON.createObjectNode();
        for (Header header : record.headers()) {
            headers.put(header.key(), header.value() == null ? null
                    : new String(header.value(), StandardCharsets.UTF_8));
        }
        String type = headers.path("ce_type").asText(null);
        JsonNode message = null;
        for (JsonNode ref : channel.path("messages")) {
            JsonNode candidate = document.at(ref.path("$ref").asText().substring(1));
            if (candidate.at("/headers/properties/ce_type/const").asText().equals(type)) {
                message = candidate;
            }
        }
        if (message == null) {
            return List.of("channel " + record.topic() + " has no message of ce_type " + type);
        }
        check(violations, "headers", message.path("headers"), headers);
        check(violations, "key", message.at("/bindings/kafka/key"), record.key() == null ? null
                : TextNode.valueOf(record.key()));
        try {
            check(violations, "payload", message.at("/payload/schema"), JSON.readTree(record.value()));
        } catch (IOException e) {
            violations.add("payload is not JSON: " + record.value());
        }
        return violations;
    }

    private static void check(List<String> violations, String part, JsonNode schema, JsonNode value) {
        if (schema.isMissingNode()) {
            violations.add("the message declares no " + part);
            return;
        }
        if (value == null) {
            violations.add("no " + part);
            return;
        }
        JsonSchema validator = SCHEMAS.getSchema(schema, CONFIG);
        Set<ValidationMessage> errors = validator.validate(value);
        errors.forEach(e -> violations.add(part + ": " + e.getMessage()));
    }
}
