package org.civcity.shared.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The clients the shared code builds take the broker's security settings, never the channels' consumer group. */
class KafkaClientsTest {

    @Test
    void brokerSettingsCarryOverAndTheClientsOwnWin() {
        Map<String, Object> broker = Map.of("bootstrap.servers", "kafka:9093", "security.protocol", "SASL_SSL",
                "sasl.mechanism", "SCRAM-SHA-512", "sasl.jaas.config", "scram login", "group.id", "channels");

        Map<String, Object> settings = KafkaClients.settings(broker, Map.of("client.id", "svc-dead-letter-reader",
                "bootstrap.servers", "kafka:9094"));

        assertEquals(Map.of("bootstrap.servers", "kafka:9094", "security.protocol", "SASL_SSL",
                "sasl.mechanism", "SCRAM-SHA-512", "sasl.jaas.config", "scram login",
                "client.id", "svc-dead-letter-reader"), settings);
    }
}
