package org.civcity.shared.messaging;

import io.quarkus.logging.Log;
import io.smallrye.common.annotation.Identifier;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * Creates the topics this service needs ({@link TopicPlan}) before messaging starts, so that no topic is ever
 * auto-created with a single partition. Off where the broker enforces ACLs: there the platform creates them
 * ({@link BrokerSetup}).
 */
@ApplicationScoped
public class TopicProvisioner {

    private final MessagingConfig config;
    private final Map<String, Object> broker;

    public TopicProvisioner(MessagingConfig config, @Identifier("default-kafka-broker") Map<String, Object> broker) {
        this.config = config;
        this.broker = broker;
    }

    void onStart(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) StartupEvent event) {
        if (!config.provisionTopics()) {
            return;
        }
        List<NewTopic> topics = TopicPlan.forService(config.serviceName(), new TopicPlan.Settings(
                config.partitions(), config.replicationFactor(), config.deadLetterRetention()));
        try (Admin admin = Admin.create(KafkaClients.settings(broker, Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 60_000)))) {
            List<String> created = TopicPlan.ensure(admin, topics);
            if (!created.isEmpty()) {
                Log.infof("Created topics %s with %d partitions", created, config.partitions());
            }
        } catch (Exception e) {
            throw new IllegalStateException("Cannot provision Kafka topics at " + config.bootstrapServers(), e);
        }
    }
}
