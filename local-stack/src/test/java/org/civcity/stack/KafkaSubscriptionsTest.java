package org.civcity.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.civcity.contracts.KafkaAccess;
import org.civcity.contracts.Topics;
import org.junit.jupiter.api.Test;

/**
 * The topics each service's channels subscribe to (its application.properties) are exactly those {@link KafkaAccess}
 * grants it to read, each with its replay topic: the embedded test broker has no ACLs, so a channel added without its
 * grant (or its replay topic) would only fail under compose's broker, or leave replayed dead letters unread.
 */
class KafkaSubscriptionsTest {

    @Test
    void everyServiceSubscribesToWhatItMayReadAndItsReplayTopics() throws IOException {
        for (String service : KafkaAccess.SERVICES) {
            Properties config = new Properties();
            try (Reader in = Files.newBufferedReader(TestStack.root().resolve(service)
                    .resolve("src/main/resources/application.properties"))) {
                config.load(in);
            }
            Set<String> subscribed = new TreeSet<>();
            for (String name : config.stringPropertyNames()) {
                boolean subscription = name.endsWith(".topics") || name.endsWith(".topic");
                if (name.startsWith("mp.messaging.incoming.") && subscription) {
                    for (String topic : config.getProperty(name).split(",")) {
                        subscribed.add(topic.strip().replace("${quarkus.application.name}", service));
                    }
                }
            }
            Set<String> expected = new TreeSet<>();
            KafkaAccess.consumes(service).forEach(origin -> {
                expected.add(origin);
                expected.add(Topics.replay(origin, service));
            });
            assertEquals(expected, subscribed, service);
        }
    }
}
