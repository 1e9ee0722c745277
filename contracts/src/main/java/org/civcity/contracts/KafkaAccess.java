package org.civcity.contracts;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What each service may do on the broker, derived from topic ownership: it writes the topics it owns, its own
 * dead-letter topic and its replay topics (one per topic it consumes, {@link Topics#replay}), reads the topics it
 * consumes with their replay topics, the calendars (every instance, without a group) and its dead-letter topic, and
 * joins consumer groups named after itself. The one source for the broker's ACLs (compose, Kubernetes).
 */
public final class KafkaAccess {

    /** The services, each a broker principal of its own name. */
    public static final List<String> SERVICES = List.of("findings-service", "assignment-service",
            "escalation-service", "notification-service");

    /** Every topic of the system, dead-letter topics included. */
    public static final List<String> TOPICS = List.copyOf(allTopics());

    /** One service's grants; a consumer group is allowed when its name starts with {@code groupPrefix}. */
    public record Grant(String service, Set<String> writes, Set<String> reads, String groupPrefix) {
    }

    private KafkaAccess() {
    }

    public static Grant of(String service) {
        Set<String> writes = new LinkedHashSet<>();
        for (String topic : TOPICS) {
            if (Topics.producer(topic).filter(service::equals).isPresent()) {
                writes.add(topic);
            }
        }
        writes.add(Topics.deadLetter(service));
        consumes(service).forEach(origin -> writes.add(Topics.replay(origin, service)));
        Set<String> reads = new LinkedHashSet<>();
        consumes(service).forEach(origin -> {
            reads.add(origin);
            reads.add(Topics.replay(origin, service));
        });
        reads.add(Topics.CALENDARS);
        reads.add(Topics.deadLetter(service));
        // Groups are named after the service (the live feed's are "notification-service-feed-<instance>").
        return new Grant(service, Set.copyOf(writes), Set.copyOf(reads), service);
    }

    /**
     * The business and reference topics a service's consumers subscribe to (its application.properties, where each
     * channel also reads the topic's replay topic).
     */
    public static List<String> consumes(String service) {
        return switch (service) {
            case "findings-service" -> List.of(Topics.CASES, Topics.ESCALATIONS);
            case "assignment-service" -> List.of(Topics.FINDINGS);
            case "escalation-service" -> List.of(Topics.CASES, Topics.RECIPIENTS, Topics.SITES, Topics.ROUTING,
                    Topics.ALERTS);
            case "notification-service" -> List.of(Topics.FINDINGS, Topics.CASES, Topics.ESCALATIONS, Topics.SITES);
            default -> throw new IllegalArgumentException("Not a service of this system: " + service);
        };
    }

    private static Set<String> allTopics() {
        Set<String> topics = new LinkedHashSet<>(Topics.ALL);
        topics.addAll(Topics.REFERENCE);
        SERVICES.forEach(s -> topics.add(Topics.deadLetter(s)));
        SERVICES.forEach(s -> consumes(s).forEach(origin -> topics.add(Topics.replay(origin, s))));
        return topics;
    }
}
