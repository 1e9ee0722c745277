package org.civcity.shared.messaging;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.time.Duration;

/** Kafka settings shared by all services. */
@ConfigMapping(prefix = "civcity.messaging")
public interface MessagingConfig {

    /** The service name; names the dead-letter topic and consumer groups. */
    @WithName("service-name")
    String serviceName();

    @WithName("bootstrap-servers")
    String bootstrapServers();

    @WithDefault("true")
    boolean provisionTopics();

    @WithDefault("6")
    int partitions();

    @WithDefault("1")
    short replicationFactor();

    /**
     * How long the broker keeps this service's dead letters: long enough for operators to look and replay (the event
     * ids stay remembered longer, see civcity.retention.rules.inbox), short enough not to keep poison for ever.
     */
    @WithDefault("P14D")
    Duration deadLetterRetention();
}
