package org.civcity.shared.messaging;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;

/**
 * Settings of the Kafka clients the shared code builds itself (admin, dead-letter reader and replayer): the broker
 * settings the channels use ({@code kafka.*}: servers, security protocol, SASL, TLS) plus the client's own, so that a
 * broker that requires authentication serves these clients too.
 */
public final class KafkaClients {

    private KafkaClients() {
    }

    /** {@code broker} (the "default-kafka-broker" settings) without a consumer group, then {@code own}. */
    public static Map<String, Object> settings(Map<String, Object> broker, Map<String, Object> own) {
        Map<String, Object> settings = new HashMap<>(broker);
        settings.remove(ConsumerConfig.GROUP_ID_CONFIG);
        settings.putAll(own);
        return settings;
    }
}
