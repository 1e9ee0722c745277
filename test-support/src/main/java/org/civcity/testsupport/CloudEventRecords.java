package org.civcity.testsupport;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.civcity.contracts.Districts;
import org.civcity.contracts.Topics;

/** Builds and reads Kafka records in the CloudEvents binary binding, as another service would send them. */
public final class CloudEventRecords {

    private CloudEventRecords() {
    }

    /** An event as the topic's owner would publish it (its CloudEvents source). */
    public static ProducerRecord<String, String> cloudEvent(String topic, UUID eventId, String type, String key,
            String json) {
        return cloudEventFrom(Topics.producer(topic).map(Topics::source).orElse("urn:civcity:test"), topic, eventId,
                type, key, json);
    }

    /** An event from {@code source}, e.g. one that is not the topic's owner. */
    public static ProducerRecord<String, String> cloudEventFrom(String source, String topic, UUID eventId,
            String type, String key, String json) {
        RecordHeaders headers = new RecordHeaders();
        headers.add("ce_specversion", bytes("1.0"));
        headers.add("ce_id", bytes(eventId.toString()));
        headers.add("ce_type", bytes(type));
        headers.add("ce_source", bytes(source));
        headers.add("ce_subject", bytes(key));
        headers.add("ce_time", bytes(Instant.now().toString()));
        headers.add("content-type", bytes("application/json"));
        return new ProducerRecord<>(topic, null, key, json, headers);
    }

    /**
     * {@code record} naming {@code district} in the CloudEvents extension (header {@code ce_district}), as the owner's
     * outbox relay sends it; a null district leaves it without one, as the home district's older events are.
     */
    public static <K, V> ProducerRecord<K, V> inDistrict(ProducerRecord<K, V> record, String district) {
        if (district != null) {
            record.headers().add("ce_" + Districts.EXTENSION, district.getBytes(StandardCharsets.UTF_8));
        }
        return record;
    }

    /** A record with no CloudEvents headers at all. */
    public static ProducerRecord<String, String> plain(String topic, String key, String value) {
        return new ProducerRecord<>(topic, key, value);
    }

    public static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
