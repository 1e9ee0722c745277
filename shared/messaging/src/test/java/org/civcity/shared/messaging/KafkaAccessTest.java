package org.civcity.shared.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.config.ConfigResource;
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
 * Issue #18 point 11 (broker access), on a real broker that authenticates every client and authorizes with the
 * standard authorizer (nothing allowed without an ACL), set up by {@link BrokerSetup} as compose does: every topic,
 * a SCRAM-SHA-512 user per service and the ACLs derived from {@link KafkaAccess}. Each service may write only the
 * topics it owns, its dead-letter and replay topics, read only what it consumes, and join only groups named after it.
 */
class KafkaAccessTest {

    private static final String ADMIN = "civcity-admin";
    private static final Duration RETENTION = Duration.ofDays(3);
    private static KafkaClusterTestKit cluster;
    private static BrokerSetup.Outcome firstSetup;

    @BeforeAll
    static void startBroker() throws Exception {
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
                // As in compose: the administrator (also the broker's identity) is a static PLAIN user; the services
                // are SCRAM users that BrokerSetup creates. The listener's settings win over the test kit's JAAS file.
                .setConfigProp("sasl.enabled.mechanisms", "PLAIN,SCRAM-SHA-512")
                .setConfigProp("listener.name.external.plain.sasl.jaas.config", BrokerSetup.jaas("PLAIN", ADMIN,
                        password(ADMIN)).replace(";", " user_" + ADMIN + "=\"" + password(ADMIN) + "\";"))
                .setConfigProp("listener.name.external.scram-sha-512.sasl.jaas.config",
                        "org.apache.kafka.common.security.scram.ScramLoginModule required;")
                .build();
        cluster.format();
        cluster.startup();
        cluster.waitForReadyBrokers();
        try (Admin admin = Admin.create(client(ADMIN))) {
            firstSetup = setup(admin);
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

    private static BrokerSetup.Outcome setup(Admin admin) throws Exception {
        Map<String, String> passwords = new HashMap<>();
        KafkaAccess.SERVICES.forEach(s -> passwords.put(s, password(s)));
        return BrokerSetup.apply(admin, new TopicPlan.Settings(2, (short) 1, RETENTION), passwords);
    }

    @Test
    void theSetupCreatesEveryTopicOnceAndPutsBackExactlyTheGrantedAcls() throws Exception {
        assertEquals(KafkaAccess.TOPICS.stream().sorted().toList(), firstSetup.createdTopics());
        try (Admin admin = Admin.create(client(ADMIN))) {
            Map<String, TopicDescription> topics = admin.describeTopics(List.of(Topics.CASES,
                    Topics.replay(Topics.CASES, "escalation-service"))).allTopicNames().get(30, TimeUnit.SECONDS);
            assertEquals(2, topics.get(Topics.CASES).partitions().size());
            // A business topic's replay topic has its partitions, so a replayed event keeps its finding's order.
            assertEquals(2, topics.get(Topics.replay(Topics.CASES, "escalation-service")).partitions().size());
            ConfigResource replay = new ConfigResource(ConfigResource.Type.TOPIC,
                    Topics.replay(Topics.CASES, "escalation-service"));
            assertEquals(Long.toString(RETENTION.toMillis()), admin.describeConfigs(List.of(replay)).all()
                    .get(30, TimeUnit.SECONDS).get(replay).get("retention.ms").value());

            // Somebody grants findings-service the case topic by hand; the next run takes it back and adds nothing.
            AclBinding stray = new AclBinding(
                    new ResourcePattern(ResourceType.TOPIC, Topics.CASES, PatternType.LITERAL),
                    new AccessControlEntry("User:findings-service", "*", AclOperation.WRITE, AclPermissionType.ALLOW));
            admin.createAcls(List.of(stray)).all().get(30, TimeUnit.SECONDS);
            BrokerSetup.Outcome again = setup(admin);
            assertEquals(List.of(), again.createdTopics());
            assertEquals(0, again.aclsCreated());
            assertEquals(1, again.aclsRemoved());
            Set<AclBinding> now = Set.copyOf(admin.describeAcls(AclBindingFilter.ANY).values()
                    .get(30, TimeUnit.SECONDS));
            Set<AclBinding> granted = Set.copyOf(KafkaAccess.SERVICES.stream()
                    .flatMap(s -> BrokerAccess.acls(KafkaAccess.of(s)).stream()).toList());
            assertEquals(granted, now);
        }
    }

    @Test
    void developmentAndMissingPasswordsAreRefusedByName() {
        Map<String, String> passwords = new HashMap<>();
        KafkaAccess.SERVICES.forEach(s -> passwords.put(s, password(s)));
        passwords.put("assignment-service", "changeme");
        passwords.put("notification-service", null);
        passwords.put("escalation-service", "quote\"d");
        Map<String, String> env = Map.of("CIVCITY_KAFKA_ADMIN_PASSWORD", "civcity");
        assertEquals(List.of("CIVCITY_KAFKA_ADMIN_PASSWORD has a development value of this repository",
                "CIVCITY_KAFKA_BOOTSTRAP_SERVERS is not set",
                "CIVCITY_KAFKA_PASSWORD_ASSIGNMENT_SERVICE has a development value of this repository",
                "CIVCITY_KAFKA_PASSWORD_ESCALATION_SERVICE may not contain \", \\ or ${",
                "CIVCITY_KAFKA_PASSWORD_NOTIFICATION_SERVICE is not set"),
                BrokerSetup.problems(env, passwords, List.of("civcity", "changeme")));
        Map<String, String> allowed = Map.of("CIVCITY_KAFKA_ADMIN_PASSWORD", "civcity",
                "CIVCITY_KAFKA_BOOTSTRAP_SERVERS", "kafka:9092", "CIVCITY_SECRETS_DEVELOPMENT_VALUES_ALLOWED", "true");
        passwords.put("notification-service", "n");
        passwords.put("escalation-service", "e");
        assertEquals(List.of(), BrokerSetup.problems(allowed, passwords, List.of("civcity", "changeme")));
    }

    @Test
    void theDevelopmentValuesAreTheServicesOwn() throws Exception {
        // The same list SecretsGuard refuses in the services, read from this module's configuration defaults.
        List<String> values = BrokerSetup.developmentValues();
        assertTrue(values.contains("civcity") && values.contains("local-development-signing-secret"), values::toString);
    }

    @Test
    void aPasswordWithQuotesStillMakesOneJaasLine() {
        assertEquals("org.apache.kafka.common.security.scram.ScramLoginModule required username=\"a\" password="
                + "\"p\\\"w\\\\\";", BrokerSetup.jaas("SCRAM-SHA-512", "a", "p\"w\\"));
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
                "findings-service", List.of(Topics.FINDINGS, Topics.SITES, Topics.deadLetter("findings-service"),
                        Topics.replay(Topics.CASES, "findings-service"),
                        Topics.replay(Topics.ESCALATIONS, "findings-service")),
                "assignment-service", List.of(Topics.CASES, Topics.CALENDARS, Topics.ROUTING,
                        Topics.deadLetter("assignment-service"), Topics.replay(Topics.FINDINGS, "assignment-service")),
                "escalation-service", List.of(Topics.ESCALATIONS, Topics.LEDGER_HEAD,
                        Topics.deadLetter("escalation-service"), Topics.replay(Topics.CASES, "escalation-service"),
                        Topics.replay(Topics.RECIPIENTS, "escalation-service"),
                        Topics.replay(Topics.SITES, "escalation-service"),
                        Topics.replay(Topics.ROUTING, "escalation-service"),
                        Topics.replay(Topics.ALERTS, "escalation-service")),
                "notification-service", List.of(Topics.ALERTS, Topics.RECIPIENTS,
                        Topics.deadLetter("notification-service"),
                        Topics.replay(Topics.FINDINGS, "notification-service"),
                        Topics.replay(Topics.CASES, "notification-service"),
                        Topics.replay(Topics.ESCALATIONS, "notification-service"),
                        Topics.replay(Topics.SITES, "notification-service"))),
                written);
    }

    @Test
    void eachServiceReadsOnlyWhatItConsumes() {
        Map<String, List<String>> read = new TreeMap<>();
        for (String service : KafkaAccess.SERVICES) {
            for (String topic : KafkaAccess.TOPICS) {
                // Assigned, as the calendar feed and the dead-letter reader do: the topic's own ACL decides.
                try (KafkaConsumer<String, String> consumer = consumer(service, null)) {
                    consumer.assign(consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                            .map(p -> new TopicPartition(topic, p.partition())).toList());
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
        assertEquals(List.of(Topics.FINDINGS, Topics.CALENDARS, Topics.deadLetter("assignment-service"),
                Topics.replay(Topics.FINDINGS, "assignment-service")), read.get("assignment-service"));
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
        stranger.put(SaslConfigs.SASL_JAAS_CONFIG, BrokerSetup.jaas("SCRAM-SHA-512", "findings-service", "guessed"));
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerConfig(stranger))) {
            ExecutionException e = assertThrows(ExecutionException.class, () -> producer.send(
                    new ProducerRecord<>(Topics.FINDINGS, "key", "forged")).get(30, TimeUnit.SECONDS));
            assertInstanceOf(SaslAuthenticationException.class, e.getCause());
        }
    }

    private static String password(String user) {
        return user + "-test-secret";
    }

    private static String mechanism(String user) {
        return ADMIN.equals(user) ? "PLAIN" : "SCRAM-SHA-512";
    }

    private static Map<String, Object> client(String user) {
        Map<String, Object> config = new HashMap<>();
        config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        config.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, SecurityProtocol.SASL_PLAINTEXT.name);
        config.put(SaslConfigs.SASL_MECHANISM, mechanism(user));
        config.put(SaslConfigs.SASL_JAAS_CONFIG, BrokerSetup.jaas(mechanism(user), user, password(user)));
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
