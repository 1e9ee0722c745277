package org.civcity.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

/** The end-to-end test's AsyncAPI check passes a conforming event and names each way an event can break it. */
class AsyncApiMessagesTest {

    private static final AsyncApiMessages DOCUMENT = AsyncApiMessages.load();
    private static final String FINDING = "0b5f6c1e-8f4a-4c3e-9a55-2f1d7c0e9b11";
    private static final String DATA = """
            {"findingId": "%s", "generation": 1, "unit": "URBAN_MANAGEMENT",
             "acknowledgedAt": "2026-12-02T02:05:44.100Z", "acknowledgedBy": "handler-um",
             "acknowledgeBy": "2026-12-02T05:31:07.530Z", "late": false}""".formatted(FINDING);

    @Test
    void aConformingEventHasNoViolations() {
        assertEquals(List.of(), DOCUMENT.violations(record("civcity.cases", FINDING, headers(Map.of()), DATA)));
        // The same event replayed to a consumer's replay topic is a message of that channel too.
        assertEquals(List.of(), DOCUMENT.violations(record("civcity.cases.replay.escalation-service", FINDING,
                headers(Map.of()), DATA)));
    }

    @Test
    void eachBreachIsNamed() {
        assertViolation("no channel", record("civcity.unknown", FINDING, headers(Map.of()), DATA));
        assertViolation("no message of ce_type case.acknowledged",
                record("civcity.findings", FINDING, headers(Map.of()), DATA));
        assertViolation("headers", record("civcity.cases", FINDING,
                headers(Map.of("ce_source", "urn:civcity:findings-service")), DATA));
        assertViolation("key", record("civcity.cases", "not-a-uuid", headers(Map.of()), DATA));
        assertViolation("payload", record("civcity.cases", FINDING, headers(Map.of()),
                DATA.replace("\"generation\": 1", "\"generation\": \"first\"")));
        assertViolation("payload", record("civcity.cases", FINDING, headers(Map.of()),
                DATA.replace("\"unit\": \"URBAN_MANAGEMENT\",", "")));
    }

    private static void assertViolation(String expected, ConsumerRecord<String, String> record) {
        List<String> violations = DOCUMENT.violations(record);
        assertTrue(violations.stream().anyMatch(v -> v.contains(expected)), expected + " in " + violations);
    }

    private static Map<String, String> headers(Map<String, String> overrides) {
        Map<String, String> headers = new java.util.TreeMap<>(Map.of("ce_specversion", "1.0",
                "ce_id", "4f2c9a61-3d7e-4b8a-9c15-6e0f2a7d8b34", "ce_source", "urn:civcity:assignment-service",
                "ce_type", "case.acknowledged", "ce_subject", FINDING, "ce_time", "2026-12-02T02:05:44.100Z",
                "content-type", "application/json"));
        headers.putAll(overrides);
        return headers;
    }

    private static ConsumerRecord<String, String> record(String topic, String key, Map<String, String> headers,
            String value) {
        RecordHeaders kafkaHeaders = new RecordHeaders();
        headers.forEach((k, v) -> kafkaHeaders.add(k, v.getBytes(StandardCharsets.UTF_8)));
        return new ConsumerRecord<>(topic, 0, 0L, 0L, org.apache.kafka.common.record.TimestampType.CREATE_TIME,
                -1, -1, key, value, kafkaHeaders, java.util.Optional.empty());
    }
}
