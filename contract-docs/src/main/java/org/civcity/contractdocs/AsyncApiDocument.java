package org.civcity.contractdocs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.civcity.contracts.Districts;
import org.civcity.contracts.EventTypes;
import org.civcity.contracts.KafkaAccess;
import org.civcity.contracts.Topics;

/**
 * Writes the AsyncAPI 3 document of the system's events from the contracts module, its one source: a channel per
 * topic, a message per event type with the CloudEvents Kafka binary-binding headers, its key and the type's JSON
 * Schema and example, and which service sends and which receive on each channel.
 */
public final class AsyncApiDocument {

    /** How payload schemas are declared: the contracts' schemas use nothing beyond draft-07. */
    static final String SCHEMA_FORMAT = "application/schema+json;version=draft-07";
    private static final String BINDING_VERSION = "0.5.0";
    /** The business topics' partitions as provisioned by default (civcity.messaging.partitions). */
    private static final int PARTITIONS = 6;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            // "1.0" stays a string (ce_specversion), not a YAML number.
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS));

    private AsyncApiDocument() {
    }

    /** {@code AsyncApiDocument <version> <file>...}: writes the document to each file. */
    public static void main(String[] args) throws IOException {
        String yaml = YAML.writerWithDefaultPrettyPrinter().writeValueAsString(build(args[0]));
        for (int i = 1; i < args.length; i++) {
            Path file = Path.of(args[i]);
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, yaml);
        }
    }

    /** The document, for the given version of the system. */
    public static ObjectNode build(String version) {
        ObjectNode doc = JSON.createObjectNode();
        doc.put("asyncapi", "3.1.0");
        doc.put("id", "urn:civcity:events");
        ObjectNode info = doc.putObject("info");
        info.put("title", "civcity events");
        info.put("version", version);
        info.put("description", """
                The events of the district's civilized-city supervision system, for the services and for other \
                systems that may consume them. Every event is a CloudEvents 1.0 event in the Kafka binary binding: \
                the attributes are ce_* headers, the data (JSON, content-type application/json) is the record value. \
                Business events are keyed by their finding id, so one finding's events keep their order on one \
                partition; consumers read them as a group per service. Delivery is at least once: a consumer \
                records each ce_id it has handled and ignores a repeat. An event a consumer cannot handle goes to \
                that consumer's dead-letter topic with the original headers and the reason. Times are ISO-8601 \
                instants in UTC. Fields may be added to a message (consumers ignore what they do not know); \
                removing or changing one is a new event type.""");
        info.putObject("license").put("name", "Apache-2.0").put("url", "https://www.apache.org/licenses/LICENSE-2.0");
        info.putObject("contact").put("name", "District civilization office, platform team")
                .put("email", "platform@civcity.example");
        doc.put("defaultContentType", "application/json");
        servers(doc.putObject("servers"));

        ObjectNode channels = doc.putObject("channels");
        ObjectNode operations = doc.putObject("operations");
        ObjectNode components = doc.putObject("components");
        ObjectNode messages = components.putObject("messages");
        components.putObject("securitySchemes").putObject("scram").put("type", "scramSha512")
                .put("description", "Each service is a SCRAM-SHA-512 user of its own name; ACLs allow it to write "
                        + "the topics it owns and read those it consumes, with consumer groups named after it.");

        for (String type : new TreeSet<>(EventTypes.KNOWN)) {
            messages.set(type, message(type));
        }
        for (String topic : topics()) {
            List<String> types = EventTypes.KNOWN.stream().filter(t -> EventTypes.topic(t).equals(topic)).sorted()
                    .toList();
            channels.set(topic, channel(topic, topic, types, description(topic)));
            String producer = Topics.producer(topic).orElseThrow();
            operations.set(operationId(producer, "sends", topic), operation("send", topic, types,
                    producer + " publishes these events, from its transactional outbox."));
            for (String service : KafkaAccess.SERVICES) {
                if (KafkaAccess.consumes(service).contains(topic)) {
                    operations.set(operationId(service, "receives", topic), operation("receive", topic, types,
                            service + " consumes these events in its consumer group " + service + "."));
                    String replay = Topics.replay(topic, service);
                    channels.set(replay, channel(replay, replay, types, "Operators' replays of " + service
                            + "'s dead letters from " + topic + ", read by the same consumer; the same messages."));
                    operations.set(operationId(service, "receives", replay), operation("receive", replay, types,
                            service + " reads replayed dead letters with the same consumer as " + topic + "."));
                }
            }
        }
        for (String service : KafkaAccess.SERVICES) {
            List<String> consumed = new ArrayList<>();
            KafkaAccess.consumes(service).forEach(topic -> EventTypes.KNOWN.stream()
                    .filter(t -> EventTypes.topic(t).equals(topic)).forEach(consumed::add));
            String deadLetter = Topics.deadLetter(service);
            channels.set(deadLetter, channel(deadLetter, deadLetter, consumed.stream().sorted().toList(),
                    "Events " + service + " could not handle, as received, with the dead-letter-reason, "
                            + "dead-letter-cause, dead-letter-topic, dead-letter-partition and dead-letter-offset "
                            + "headers added. Operators list and replay them through the service's "
                            + "/api/v1/dead-letters."));
        }
        return doc;
    }

    private static List<String> topics() {
        List<String> topics = new ArrayList<>(Topics.ALL);
        topics.addAll(Topics.REFERENCE);
        return topics;
    }

    private static void servers(ObjectNode servers) {
        servers.putObject("local").put("host", "127.0.0.1:9092").put("protocol", "kafka")
                .put("description", "The broker ./run.sh starts on a developer's machine (no authentication).");
        ObjectNode compose = servers.putObject("compose").put("host", "127.0.0.1:59092").put("protocol", "kafka")
                .put("description", "docker-compose.yml's broker as seen from the host (SASL, SCRAM-SHA-512 per "
                        + "service); a deployment has its own address and users.");
        compose.putArray("security").addObject().put("$ref", "#/components/securitySchemes/scram");
    }

    private static ObjectNode channel(String key, String address, List<String> types, String description) {
        ObjectNode channel = JSON.createObjectNode();
        channel.put("address", address);
        channel.put("description", description);
        ObjectNode messages = channel.putObject("messages");
        types.forEach(t -> messages.putObject(t).put("$ref", "#/components/messages/" + t));
        boolean reference = Topics.REFERENCE.contains(address);
        ObjectNode kafka = channel.putObject("bindings").putObject("kafka");
        kafka.put("topic", address);
        kafka.put("partitions", reference ? 1 : PARTITIONS);
        kafka.putObject("topicConfiguration").putArray("cleanup.policy").add(reference ? "compact" : "delete");
        kafka.put("bindingVersion", BINDING_VERSION);
        return channel;
    }

    private static String description(String topic) {
        return switch (topic) {
            case Topics.FINDINGS -> "Intake facts: a finding was reported.";
            case Topics.CASES -> "Case lifecycle facts, from dispatch to closure.";
            case Topics.ESCALATIONS -> "Deadline warnings, escalations, accountability records, leaders' "
                    + "instructions and published bulletins (通报).";
            case Topics.SITES -> "Listed supervision (挂牌督办): sites put under it after recurring problems, and "
                    + "taken off once clean.";
            case Topics.ALERTS -> "What became of alerts that must be acknowledged (escalations from level 2 on): "
                    + "acknowledged, handed over to the next person, or left unanswered by everyone.";
            case Topics.CALENDARS -> "Working calendars, keyed by year; compacted, so every year's latest version "
                    + "stays. Every instance reads it whole, not as a group.";
            case Topics.LEDGER_HEAD -> "The accountability ledger's latest head under one key, outside the ledger's "
                    + "database, to verify the ledger against; compacted.";
            case Topics.RECIPIENTS -> "The recipient directory, keyed by recipient id; compacted.";
            case Topics.ROUTING -> "The district's geography (townships and grids with their boundaries) as the "
                    + "routing data in force draws it, under one key; compacted.";
            default -> throw new IllegalArgumentException(topic);
        };
    }

    private static String operationId(String service, String verb, String topic) {
        StringBuilder id = new StringBuilder();
        for (String part : (service + "-" + verb + "-" + topic).split("[^A-Za-z0-9]+")) {
            id.append(id.length() == 0 ? part : Character.toUpperCase(part.charAt(0)) + part.substring(1));
        }
        return id.toString();
    }

    private static ObjectNode operation(String action, String channel, List<String> types, String description) {
        ObjectNode operation = JSON.createObjectNode();
        operation.put("action", action);
        operation.putObject("channel").put("$ref", "#/channels/" + pointer(channel));
        operation.put("description", description);
        ArrayNode messages = operation.putArray("messages");
        types.forEach(t -> messages.addObject().put("$ref", "#/channels/" + pointer(channel) + "/messages/" + t));
        return operation;
    }

    /** A JSON pointer segment: topic names have dots, which need no escaping, and no '/' or '~'. */
    private static String pointer(String segment) {
        return segment.replace("~", "~0").replace("/", "~1");
    }

    private static ObjectNode message(String type) {
        ObjectNode schema = schema(type);
        String topic = EventTypes.topic(type);
        String producer = Topics.producer(topic).orElseThrow();
        ObjectNode message = JSON.createObjectNode();
        message.put("name", type);
        message.put("title", type);
        message.put("summary", schema.path("description").asText(type));
        message.put("contentType", "application/json");
        message.set("headers", headers(type, producer));
        ObjectNode payload = message.putObject("payload");
        payload.put("schemaFormat", SCHEMA_FORMAT);
        ObjectNode payloadSchema = schema.deepCopy();
        payloadSchema.remove("$schema");
        payloadSchema.remove("$id");
        payloadSchema.remove("examples");
        payload.set("schema", payloadSchema);
        ObjectNode kafka = message.putObject("bindings").putObject("kafka");
        kafka.set("key", key(topic, type));
        kafka.put("bindingVersion", BINDING_VERSION);
        ArrayNode examples = message.putArray("examples");
        for (JsonNode data : schema.path("examples")) {
            ObjectNode example = examples.addObject();
            example.put("name", type.replace('.', '-'));
            example.put("summary", "A " + type + " event as " + producer + " publishes it");
            ObjectNode headers = example.putObject("headers");
            headers.put("ce_specversion", "1.0");
            headers.put("ce_id", "4f2c9a61-3d7e-4b8a-9c15-6e0f2a7d8b34");
            headers.put("ce_source", Topics.source(producer));
            headers.put("ce_type", type);
            headers.put("ce_subject", subject(topic, type, data));
            headers.put("ce_time", "2026-12-07T09:31:08.010Z");
            headers.put("ce_" + Districts.EXTENSION, "home");
            headers.put("content-type", "application/json");
            headers.put("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
            example.set("payload", data);
        }
        return message;
    }

    private static String subject(String topic, String type, JsonNode data) {
        if (EventTypes.BULLETIN_PUBLISHED.equals(type)) {
            return "bulletins/" + data.path("period").asText();
        }
        return switch (topic) {
            case Topics.CALENDARS -> "calendar/" + data.path("year").asText();
            case Topics.LEDGER_HEAD -> "ledger/accountability";
            case Topics.RECIPIENTS -> "recipients/" + data.path("recipientId").asText();
            case Topics.ROUTING -> "routing/" + data.path("version").asText();
            default -> data.path("findingId").asText();
        };
    }

    private static ObjectNode headers(String type, String producer) {
        ObjectNode headers = JSON.createObjectNode();
        headers.put("type", "object");
        headers.put("description", "CloudEvents 1.0 attributes in the Kafka binary binding, and the W3C trace "
                + "context of the change that produced the event.");
        headers.putArray("required").add("ce_specversion").add("ce_id").add("ce_source").add("ce_type")
                .add("ce_time").add("content-type");
        ObjectNode properties = headers.putObject("properties");
        properties.putObject("ce_specversion").put("type", "string").put("const", "1.0");
        properties.putObject("ce_id").put("type", "string").put("format", "uuid")
                .put("description", "Unique per event; a consumer that has seen it ignores the event.");
        properties.putObject("ce_source").put("type", "string").put("const", Topics.source(producer))
                .put("description", "The producing service; consumers refuse this topic's events from any other.");
        properties.putObject("ce_type").put("type", "string").put("const", type);
        properties.putObject("ce_subject").put("type", "string")
                .put("description", "What the event is about: the finding id, calendar/<year>, "
                        + "ledger/accountability, recipients/<id>, routing/<version> or bulletins/<month>.");
        properties.putObject("ce_time").put("type", "string").put("format", "date-time")
                .put("description", "When the change happened (committed with the outbox row).");
        properties.putObject("content-type").put("type", "string").put("const", "application/json");
        properties.putObject("ce_" + Districts.EXTENSION).put("type", "string")
                .put("pattern", Districts.CODE.pattern())
                .put("description", "CloudEvents extension: the district the event belongs to, where one deployment"
                        + " serves several; absent means the deployment's home district.");
        properties.putObject("traceparent").put("type", "string")
                .put("pattern", "^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$")
                .put("description", "W3C trace context: follow a finding across the services.");
        return headers;
    }

    private static ObjectNode key(String topic, String type) {
        ObjectNode key = JSON.createObjectNode().put("type", "string");
        if (EventTypes.BULLETIN_PUBLISHED.equals(type)) {
            return key.put("pattern", "^bulletin:[0-9]{4}-[0-9]{2}(:[a-z0-9][a-z0-9-]{0,31})?$")
                    .put("description", "bulletin: and the period, and the district unless it is the home one: one"
                            + " district's versions of a period stay in order.");
        }
        switch (topic) {
            case Topics.CALENDARS -> key.put("pattern", "^[0-9]{4}$").put("description", "The calendar's year.");
            case Topics.LEDGER_HEAD -> key.put("pattern", "^accountability-ledger(:[a-z0-9][a-z0-9-]{0,31})?$")
                    .put("description", "One key per district's chain (the home district's has no suffix):"
                            + " compaction keeps each chain's latest head.");
            case Topics.RECIPIENTS -> key.put("format", "uuid").put("description", "The recipient's id.");
            case Topics.ROUTING -> key.put("pattern", "^routing(:[a-z0-9][a-z0-9-]{0,31})?$")
                    .put("description", "One key per district's routing data (the home district's has no suffix):"
                            + " compaction keeps each district's data in force.");
            default -> key.put("format", "uuid")
                    .put("description", "The finding id: one finding's events stay in order on one partition.");
        }
        return key;
    }

    /** The JSON Schema of {@code type} in the contracts module. */
    static ObjectNode schema(String type) {
        try (InputStream in = Topics.class.getResourceAsStream("/schemas/" + type + ".json")) {
            if (in == null) {
                throw new IllegalStateException("No schema for " + type);
            }
            return (ObjectNode) JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
