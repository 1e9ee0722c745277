package org.civcity.shared.messaging;

import io.quarkus.logging.Log;
import io.smallrye.common.annotation.Identifier;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.TopicExistsException;
import org.civcity.contracts.Topics;

/**
 * Creates the business topics and this service's dead-letter topic with several partitions before messaging starts,
 * so that no topic is ever auto-created with a single partition; dead letters are kept for a limited time.
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
        List<NewTopic> topics = new ArrayList<>();
        for (String name : Topics.ALL) {
            topics.add(new NewTopic(name, config.partitions(), config.replicationFactor()));
        }
        String deadLetters = Topics.deadLetter(config.serviceName());
        String retention = Long.toString(config.deadLetterRetention().toMillis());
        topics.add(new NewTopic(deadLetters, config.partitions(), config.replicationFactor())
                .configs(Map.of("retention.ms", retention)));
        // Reference data is read whole by every instance; compaction keeps each key's latest record for good.
        topics.add(new NewTopic(Topics.CALENDARS, 1, config.replicationFactor())
                .configs(Map.of("cleanup.policy", "compact")));
        topics.add(new NewTopic(Topics.LEDGER_HEAD, 1, config.replicationFactor())
                .configs(Map.of("cleanup.policy", "compact")));
        topics.add(new NewTopic(Topics.RECIPIENTS, 1, config.replicationFactor())
                .configs(Map.of("cleanup.policy", "compact")));
        try (Admin admin = Admin.create(KafkaClients.settings(broker, Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 60_000)))) {
            Set<String> existing = admin.listTopics().names().get(60, TimeUnit.SECONDS);
            if (existing.contains(deadLetters)) {
                // A topic from before, or a changed setting: the retention follows the configuration.
                admin.incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.TOPIC, deadLetters),
                        List.of(new AlterConfigOp(new ConfigEntry("retention.ms", retention),
                                AlterConfigOp.OpType.SET)))).all().get(60, TimeUnit.SECONDS);
            }
            List<NewTopic> missing = topics.stream().filter(t -> !existing.contains(t.name())).toList();
            if (missing.isEmpty()) {
                return;
            }
            try {
                admin.createTopics(missing).all().get(60, TimeUnit.SECONDS);
                Log.infof("Created topics %s with %d partitions", missing.stream().map(NewTopic::name).toList(),
                        config.partitions());
            } catch (ExecutionException e) {
                // Another service created it first: that is the expected race at a cold start.
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException("Cannot provision Kafka topics at " + config.bootstrapServers(), e);
        }
    }
}
