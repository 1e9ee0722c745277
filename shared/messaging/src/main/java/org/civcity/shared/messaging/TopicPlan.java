package org.civcity.shared.messaging;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.TopicExistsException;
import org.civcity.contracts.KafkaAccess;
import org.civcity.contracts.Topics;

/**
 * The topics of the system with their partitions and settings, in one place: a service creates what it needs at start
 * ({@link TopicProvisioner}, where it may), the platform creates all of them where services may not
 * ({@link BrokerSetup}).
 */
public final class TopicPlan {

    /** Partitions and replication of the business topics; how long dead letters and replays are kept. */
    public record Settings(int partitions, short replicationFactor, Duration deadLetterRetention) {
    }

    private TopicPlan() {
    }

    /** What {@code service} needs: the business and reference topics, its dead-letter topic and its replay topics. */
    public static List<NewTopic> forService(String service, Settings settings) {
        Map<String, NewTopic> topics = new LinkedHashMap<>();
        for (String name : Topics.ALL) {
            topics.put(name, new NewTopic(name, settings.partitions(), settings.replicationFactor()));
        }
        // Reference data is read whole by every instance; compaction keeps each key's latest record for good.
        for (String name : Topics.REFERENCE) {
            topics.put(name, new NewTopic(name, 1, settings.replicationFactor())
                    .configs(Map.of("cleanup.policy", "compact")));
        }
        // Dead letters and replays are kept for a limited time, keyed by finding id over the business partitions.
        List<String> limited = new ArrayList<>();
        limited.add(Topics.deadLetter(service));
        KafkaAccess.consumes(service).forEach(origin -> limited.add(Topics.replay(origin, service)));
        for (String name : limited) {
            topics.put(name, new NewTopic(name, settings.partitions(), settings.replicationFactor())
                    .configs(Map.of("retention.ms", Long.toString(settings.deadLetterRetention().toMillis()))));
        }
        return List.copyOf(topics.values());
    }

    /** Every topic of every service. */
    public static List<NewTopic> all(Settings settings) {
        Map<String, NewTopic> topics = new LinkedHashMap<>();
        KafkaAccess.SERVICES.forEach(s -> forService(s, settings).forEach(t -> topics.putIfAbsent(t.name(), t)));
        return List.copyOf(topics.values());
    }

    /**
     * Creates the topics of {@code plan} that do not exist yet (one created meanwhile by another service or run is
     * fine) and sets the retention of those that do, so that it follows the configuration; returns those created.
     */
    public static List<String> ensure(Admin admin, List<NewTopic> plan)
            throws InterruptedException, ExecutionException, TimeoutException {
        Set<String> existing = admin.listTopics().names().get(BrokerSetup.TIMEOUT_SECONDS, TimeUnit.SECONDS);
        Map<ConfigResource, Collection<AlterConfigOp>> retention = new LinkedHashMap<>();
        for (NewTopic topic : plan) {
            String ms = topic.configs() == null ? null : topic.configs().get("retention.ms");
            if (ms != null && existing.contains(topic.name())) {
                // A topic from before, or a changed setting: the retention follows the configuration.
                retention.put(new ConfigResource(ConfigResource.Type.TOPIC, topic.name()),
                        List.of(new AlterConfigOp(new ConfigEntry("retention.ms", ms), AlterConfigOp.OpType.SET)));
            }
        }
        if (!retention.isEmpty()) {
            admin.incrementalAlterConfigs(retention).all().get(BrokerSetup.TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }
        List<NewTopic> missing = plan.stream().filter(t -> !existing.contains(t.name())).toList();
        List<String> created = new ArrayList<>();
        admin.createTopics(missing).values().forEach((name, future) -> {
            try {
                future.get(BrokerSetup.TIMEOUT_SECONDS, TimeUnit.SECONDS);
                created.add(name);
            } catch (ExecutionException e) {
                // Created meanwhile by another run: the expected race, nothing to do.
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw new IllegalStateException("Cannot create topic " + name + ": " + e.getCause(), e);
                }
            } catch (InterruptedException | TimeoutException e) {
                throw new IllegalStateException("Cannot create topic " + name + ": " + e, e);
            }
        });
        Collections.sort(created);
        return created;
    }
}
