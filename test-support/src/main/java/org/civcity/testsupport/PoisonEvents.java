package org.civcity.testsupport;

import static org.awaitility.Awaitility.await;
import static org.civcity.testsupport.CloudEventRecords.cloudEvent;
import static org.civcity.testsupport.CloudEventRecords.cloudEventFrom;
import static org.civcity.testsupport.CloudEventRecords.header;
import static org.civcity.testsupport.CloudEventRecords.plain;

import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.civcity.contracts.Topics;

/**
 * Poison on a consumed topic: a record that is not JSON, one of an unknown type, one whose data violates the schema
 * of a type the consumer handles, one without CloudEvents headers, one whose id is not a UUID, one from a source
 * that is not the topic's owner and one of a district not served here. Each must land in the service's dead-letter
 * topic with its reason.
 */
public final class PoisonEvents {

    private PoisonEvents() {
    }

    /**
     * Sends the seven kinds to {@code topic} and waits until {@code service} has dead-lettered every one with a
     * {@code dead-letter-reason}; returns the reason per kind.
     *
     * @param handledType an event type the service decodes from this topic (so its data is checked)
     */
    public static Map<String, String> assertDeadLettered(String topic, String service, String handledType) {
        KafkaCompanion kafka = EmbeddedInfrastructure.kafkaCompanion();
        String run = UUID.randomUUID().toString();
        Map<String, ProducerRecord<String, String>> poison = new LinkedHashMap<>();
        poison.put("not-json", cloudEvent(topic, UUID.randomUUID(), handledType, "not-json-" + run, "{not json"));
        poison.put("unknown-type", cloudEvent(topic, UUID.randomUUID(), "finding.teleported", "unknown-type-" + run,
                "{}"));
        poison.put("schema-violation", cloudEvent(topic, UUID.randomUUID(), handledType, "schema-violation-" + run,
                "{\"findingId\": \"" + UUID.randomUUID() + "\", \"generation\": -1}"));
        poison.put("no-headers", plain(topic, "no-headers-" + run, "{}"));
        ProducerRecord<String, String> badId = cloudEvent(topic, UUID.randomUUID(), handledType, "bad-id-" + run,
                "{}");
        badId.headers().remove("ce_id");
        badId.headers().add("ce_id", "42'; DROP TABLE inbox_event; --".getBytes(StandardCharsets.UTF_8));
        poison.put("bad-id", badId);
        // Well formed, but not from the topic's owner (#18 point 11): a client that may write to the broker is not
        // thereby a source of facts.
        poison.put("foreign-source", cloudEventFrom("urn:civcity:intruder", topic, UUID.randomUUID(), handledType,
                "foreign-source-" + run, "{}"));
        // Well formed and from the owner, but of a district this deployment does not serve (#24): filing it under
        // another district, or the home one, would leak it or misfile it.
        poison.put("unserved-district", CloudEventRecords.inDistrict(cloudEvent(topic, UUID.randomUUID(), handledType,
                "unserved-district-" + run, "{}"), "nowhere"));

        ConsumerTask<String, String> dead = kafka.consumeStrings().fromTopics(Topics.deadLetter(service));
        try {
            kafka.produceStrings().fromRecords(poison.values().stream().toList()).awaitCompletion();
            await().atMost(Duration.ofSeconds(30)).until(() -> dead.getRecords().stream()
                    .filter(r -> r.key() != null && r.key().endsWith(run)).count() >= poison.size());
            Map<String, String> reasons = dead.getRecords().stream()
                    .filter(r -> r.key() != null && r.key().endsWith(run))
                    .collect(Collectors.toMap(r -> r.key().substring(0, r.key().length() - run.length() - 1),
                            PoisonEvents::reason, (a, b) -> a));
            if (!reasons.keySet().equals(poison.keySet())) {
                throw new AssertionError("dead-lettered " + reasons.keySet() + ", sent " + poison.keySet());
            }
            reasons.forEach((kind, reason) -> {
                if (reason == null || reason.isBlank()) {
                    throw new AssertionError(kind + " was dead-lettered without a reason");
                }
            });
            if (!reasons.get("foreign-source").contains("urn:civcity:intruder may not publish on " + topic)) {
                throw new AssertionError("foreign source dead-lettered for another reason: "
                        + reasons.get("foreign-source"));
            }
            if (!reasons.get("unserved-district").contains("district 'nowhere' is not served here")) {
                throw new AssertionError("unserved district dead-lettered for another reason: "
                        + reasons.get("unserved-district"));
            }
            return reasons;
        } finally {
            dead.stop();
        }
    }

    private static String reason(ConsumerRecord<String, String> record) {
        return header(record, "dead-letter-reason");
    }
}
