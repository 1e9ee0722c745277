package org.civcity.shared.messaging;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

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
}
