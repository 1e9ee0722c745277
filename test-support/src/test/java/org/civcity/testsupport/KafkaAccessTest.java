package org.civcity.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.civcity.contracts.KafkaAccess;
import org.civcity.contracts.Topics;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue #18 point 11 (broker access): the ACLs derived from {@link KafkaAccess}, on a real broker that authenticates
 * every client and authorizes with the standard authorizer (nothing allowed without an ACL). Each service may write
 * only the topics it owns and its dead-letter topic, read only what it consumes, and join only groups named after
 * it. The test kit's broker authenticates with SASL/PLAIN; a deployment uses SCRAM, with the same principals and ACLs.
 */
class KafkaAccessTest {

    private static final String ADMIN = "civcity-admin";
    private static KafkaClusterTestKit cluster;

    @BeforeAll
    static void startBroker() throws Exception {
        StringBuilder users = new StringBuilder(" user_" + ADMIN + "=\"" + password(ADMIN) + "\"");
        KafkaAccess.SERVICES.forEach(s -> users.append(" user_").append(s).append("=\"").append(password(s))
                .append('"'));
        cluster = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                .setCombined(true)
                .setNumBrokerNodes(1)
                .setNumControllerNodes(1)
                .setBrokerSecurityProtocol(SecurityProtocol.SASL_PLAINTEXT)
                .build())
                .setConfigProp("auto.create.topics.enable", "false")
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("offsets.topic.num.partitions", "1")
                .setConfigProp("group.initial.rebalance.delay.ms", "0")
                // The controller listener of this one-node cluster is plaintext and internal: the broker registers
                // over it as ANONYMOUS. Clients reach only the SASL listener, where nobody is anonymous.
                .setConfigProp("super.users", "User:" + ADMIN + ";User:ANONYMOUS")
                // The broker's own users: the platform's administrator (also the broker's identity) and one per
                // service; the listener's setting wins over the test kit's JAAS file.
                .setConfigProp("listener.name.external.plain.sasl.jaas.config", plain(ADMIN)
                        .replace(";", users + ";"))
                .build();
        cluster.format();
        cluster.startup();
        cluster.waitForReadyBrokers();
        try (Admin admin = Admin.create(client(ADMIN))) {
            admin.createTopics(KafkaAccess.TOPICS.stream().map(t -> new NewTopic(t, 1, (short) 1)).toList())
                    .all().get(60, TimeUnit.SECONDS);
            admin.createAcls(KafkaAccess.SERVICES.stream().flatMap(s -> acls(KafkaAccess.of(s)).stream()).toList())
                    .all().get(60, TimeUnit.SECONDS);
            // One record on every topic, for the reads below.
            try (KafkaProducer<String, String> producer = producer(ADMIN)) {
                for (String topic : KafkaAccess.TOPICS) {
                    producer.send(new ProducerRecord<>(topic, "key", "seed")).get(30, TimeUnit.SECONDS);
                }
            }
        }
    }

    @AfterAll
    static void stopBroker() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    /** The ACLs a deployment creates for one service (compose's init, Strimzi's KafkaUser): from its grant alone. */
    static List<AclBinding> acls(KafkaAccess.Grant grant) {
        String principal = "User:" + grant.service();
        List<AclBinding> acls = new ArrayList<>();
        for (String topic : grant.writes()) {
            acls.add(allow(principal, ResourceType.TOPIC, topic, PatternType.LITERAL, AclOperation.WRITE));
            acls.add(allow(principal, ResourceType.TOPIC, topic, PatternType.LITERAL, AclOperation.DESCRIBE));
        }
        for (String topic : grant.reads()) {
            acls.add(allow(principal, ResourceType.TOPIC, topic, PatternType.LITERAL, AclOperation.READ));
            acls.add(allow(principal, ResourceType.TOPIC, topic, PatternType.LITERAL, AclOperation.DESCRIBE));
        }
        acls.add(allow(principal, ResourceType.GROUP, grant.groupPrefix(), PatternType.PREFIXED, AclOperation.READ));
        return acls;
    }

    @Test
    void eachServiceWritesOnlyItsOwnTopics() throws Exception {
        Map<String, List<String>> written = new TreeMap<>();
        for (String service : KafkaAccess.SERVICES) {
            try (KafkaProducer<String, String> producer = producer(service)) {
                for (String topic : KafkaAccess.TOPICS) {
                    try {
                        producer.send(new ProducerRecord<>(topic, "key", "from " + service)).get(30, TimeUnit.SECONDS);
                        written.computeIfAbsent(service, s -> new ArrayList<>()).add(topic);
                    } catch (ExecutionException e) {
                        assertInstanceOf(AuthorizationException.class, e.getCause(), service + " on " + topic);
                    }
                }
            }
        }
        assertEquals(Map.of(
                "findings-service", List.of(Topics.FINDINGS, Topics.deadLetter("findings-service")),
                "assignment-service", List.of(Topics.CASES, Topics.CALENDARS,
                        Topics.deadLetter("assignment-service")),
                "escalation-service", List.of(Topics.ESCALATIONS, Topics.LEDGER_HEAD,
                        Topics.deadLetter("escalation-service")),
                "notification-service", List.of(Topics.RECIPIENTS, Topics.deadLetter("notification-service"))),
                written);
    }

    @Test
    void eachServiceReadsOnlyWhatItConsumes() {
        Map<String, List<String>> read = new TreeMap<>();
        for (String service : KafkaAccess.SERVICES) {
            for (String topic : KafkaAccess.TOPICS) {
                // Assigned, as the calendar feed and the dead-letter reader do: the topic's own ACL decides.
                try (KafkaConsumer<String, String> consumer = consumer(service, null)) {
                    consumer.assign(List.of(new TopicPartition(topic, 0)));
                    consumer.seekToBeginning(consumer.assignment());
                    if (!consumer.poll(Duration.ofSeconds(10)).isEmpty()) {
                        read.computeIfAbsent(service, s -> new ArrayList<>()).add(topic);
                    }
                } catch (AuthorizationException refused) {
                    // Not one of its topics.
                }
            }
            assertEquals(KafkaAccess.of(service).reads(), Set.copyOf(read.get(service)), service);
        }
        assertEquals(List.of(Topics.FINDINGS, Topics.CALENDARS, Topics.deadLetter("assignment-service")),
                read.get("assignment-service"));
    }

    @Test
    void aServiceJoinsOnlyGroupsNamedAfterIt() {
        try (KafkaConsumer<String, String> own = consumer("assignment-service", "assignment-service")) {
            own.subscribe(List.of(Topics.FINDINGS));
            assertFalse(own.poll(Duration.ofSeconds(10)).isEmpty());
            own.commitSync();
        }
        try (KafkaConsumer<String, String> foreign = consumer("assignment-service", "notification-service")) {
            foreign.subscribe(List.of(Topics.FINDINGS));
            assertThrows(GroupAuthorizationException.class, () -> foreign.poll(Duration.ofSeconds(10)));
        }
    }

    @Test
    void noServiceCreatesTopicsAndStrangersAreNotLetIn() throws Exception {
        // Topics are the platform's: with ACLs, the services' own provisioning is switched off.
        try (Admin admin = Admin.create(client("findings-service"))) {
            ExecutionException e = assertThrows(ExecutionException.class, () -> admin.createTopics(
                    List.of(new NewTopic("civcity.findings-shadow", 1, (short) 1))).all().get(30, TimeUnit.SECONDS));
            assertInstanceOf(AuthorizationException.class, e.getCause());
        }
        Map<String, Object> stranger = client("findings-service");
        stranger.put(SaslConfigs.SASL_JAAS_CONFIG, plain("findings-service").replace(password("findings-service"),
                "guessed"));
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerConfig(stranger))) {
            ExecutionException e = assertThrows(ExecutionException.class, () -> producer.send(
                    new ProducerRecord<>(Topics.FINDINGS, "key", "forged")).get(30, TimeUnit.SECONDS));
            assertInstanceOf(SaslAuthenticationException.class, e.getCause());
        }
    }

    private static AclBinding allow(String principal, ResourceType type, String name, PatternType pattern,
            AclOperation operation) {
        return new AclBinding(new ResourcePattern(type, name, pattern),
                new AccessControlEntry(principal, "*", operation, AclPermissionType.ALLOW));
    }

    private static String password(String user) {
        return user + "-test-secret";
    }

    private static String plain(String user) {
        return "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"" + user
                + "\" password=\"" + password(user) + "\";";
    }

    private static Map<String, Object> client(String user) {
        Map<String, Object> config = new HashMap<>();
        config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        config.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, SecurityProtocol.SASL_PLAINTEXT.name);
        config.put(SaslConfigs.SASL_MECHANISM, "PLAIN");
        config.put(SaslConfigs.SASL_JAAS_CONFIG, plain(user));
        config.put(CommonClientConfigs.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000);
        return config;
    }

    private static Map<String, Object> producerConfig(Map<String, Object> config) {
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 20_000);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 20_000);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        return config;
    }

    private static KafkaProducer<String, String> producer(String user) {
        return new KafkaProducer<>(producerConfig(client(user)));
    }

    private static KafkaConsumer<String, String> consumer(String user, String group) {
        Map<String, Object> config = client(user);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        if (group != null) {
            config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        }
        return new KafkaConsumer<>(config);
    }
}
