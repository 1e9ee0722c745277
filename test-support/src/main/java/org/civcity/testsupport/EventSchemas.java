package org.civcity.testsupport;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.InputStream;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.civcity.contracts.Topics;

/** Validates a produced event against the JSON Schema of its type in the contracts module. */
public final class EventSchemas {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Map<String, JsonSchema> SCHEMAS = new ConcurrentHashMap<>();

    private EventSchemas() {
    }

    /** Throws AssertionError naming every violation when the record's data does not match its type's schema. */
    public static void assertValid(ConsumerRecord<String, String> record) {
        String type = CloudEventRecords.header(record, "ce_type");
        if (type == null) {
            throw new AssertionError("record " + record.key() + " has no ce_type");
        }
        try {
            Set<ValidationMessage> errors = schema(type).validate(MAPPER.readTree(record.value()));
            if (!errors.isEmpty()) {
                throw new AssertionError(type + " violates its schema: " + errors + "\n" + record.value());
            }
        } catch (AssertionError e) {
            throw e;
        } catch (Exception e) {
            throw new AssertionError(type + " data is not JSON: " + record.value(), e);
        }
    }

    private static JsonSchema schema(String type) {
        return SCHEMAS.computeIfAbsent(type, t -> {
            try (InputStream in = Topics.class.getResourceAsStream("/schemas/" + t + ".json")) {
                if (in == null) {
                    throw new AssertionError("no schema for event type " + t);
                }
                SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
                return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in, config);
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        });
    }
}
