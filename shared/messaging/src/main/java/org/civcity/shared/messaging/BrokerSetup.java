package org.civcity.shared.messaging;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialAlteration;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.config.SaslConfigs;
import org.civcity.contracts.KafkaAccess;

/**
 * The platform's side of the broker where services authenticate (compose): creates every topic with its partitions
 * and settings, a SCRAM user per service and exactly the ACLs {@link KafkaAccess} grants it (ACLs of a service's
 * principal that it no longer grants are removed). Idempotent; run as the broker's administrator before the services
 * start, which then have {@code civcity.messaging.provision-topics=false}.
 */
public final class BrokerSetup {

    /** SCRAM-SHA-512 with the iteration count Kafka's own tools use by default. */
    static final ScramCredentialInfo SCRAM = new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 8192);
    static final long TIMEOUT_SECONDS = 60;

    /** What was changed, for the log and the tests. */
    public record Outcome(List<String> createdTopics, List<String> users, int aclsCreated, int aclsRemoved) {
    }

    private BrokerSetup() {
    }

    /**
     * Applies the plan through {@code admin} (a super user). {@code passwords} holds one password per service of
     * {@link KafkaAccess#SERVICES}.
     */
    public static Outcome apply(Admin admin, TopicPlan.Settings settings, Map<String, String> passwords)
            throws InterruptedException, ExecutionException, TimeoutException {
        List<String> missing = KafkaAccess.SERVICES.stream().filter(s -> blank(passwords.get(s))).toList();
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("No broker password for " + missing);
        }
        List<String> created = TopicPlan.ensure(admin, TopicPlan.all(settings));

        List<UserScramCredentialAlteration> users = new ArrayList<>();
        // Set on every run: a changed password in the deployment's secrets takes effect at the next start.
        KafkaAccess.SERVICES.forEach(s -> users.add(new UserScramCredentialUpsertion(s, SCRAM, passwords.get(s))));
        admin.alterUserScramCredentials(users).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);

        List<AclBinding> wanted = KafkaAccess.SERVICES.stream()
                .flatMap(s -> BrokerAccess.acls(KafkaAccess.of(s)).stream()).toList();
        Set<String> principals = new HashSet<>();
        KafkaAccess.SERVICES.forEach(s -> principals.add(BrokerAccess.principal(s)));
        List<AclBinding> existing = new ArrayList<>(admin.describeAcls(AclBindingFilter.ANY).values()
                .get(TIMEOUT_SECONDS, TimeUnit.SECONDS));
        List<AclBindingFilter> stale = existing.stream()
                .filter(b -> principals.contains(b.entry().principal()) && !wanted.contains(b))
                .map(AclBinding::toFilter).toList();
        if (!stale.isEmpty()) {
            admin.deleteAcls(stale).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }
        List<AclBinding> toCreate = wanted.stream().filter(b -> !existing.contains(b)).toList();
        if (!toCreate.isEmpty()) {
            admin.createAcls(toCreate).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }
        return new Outcome(created, KafkaAccess.SERVICES, toCreate.size(), stale.size());
    }

    /**
     * Runs {@link #apply} with settings from the environment: CIVCITY_KAFKA_BOOTSTRAP_SERVERS, the administrator's
     * CIVCITY_KAFKA_ADMIN_USERNAME (default civcity-admin) and CIVCITY_KAFKA_ADMIN_PASSWORD (SASL/PLAIN, or
     * CIVCITY_KAFKA_ADMIN_MECHANISM), CIVCITY_KAFKA_PASSWORD_&lt;SERVICE&gt; per service (e.g.
     * CIVCITY_KAFKA_PASSWORD_FINDINGS_SERVICE), and the services' CIVCITY_MESSAGING_PARTITIONS,
     * CIVCITY_MESSAGING_REPLICATION_FACTOR, CIVCITY_MESSAGING_DEAD_LETTER_RETENTION. A password that is one of the
     * repository's development values is refused unless CIVCITY_SECRETS_DEVELOPMENT_VALUES_ALLOWED=true.
     */
    public static void main(String[] args) throws Exception {
        Map<String, String> env = System.getenv();
        List<String> problems = new ArrayList<>();
        Map<String, String> passwords = new HashMap<>();
        for (String service : KafkaAccess.SERVICES) {
            passwords.put(service, env.get(passwordVariable(service)));
        }
        problems.addAll(problems(env, passwords, developmentValues()));
        if (!problems.isEmpty()) {
            System.err.println("Broker setup refused: " + String.join("; ", problems));
            System.exit(2);
        }
        TopicPlan.Settings settings = new TopicPlan.Settings(
                Integer.parseInt(env.getOrDefault("CIVCITY_MESSAGING_PARTITIONS", "6")),
                Short.parseShort(env.getOrDefault("CIVCITY_MESSAGING_REPLICATION_FACTOR", "1")),
                Duration.parse(env.getOrDefault("CIVCITY_MESSAGING_DEAD_LETTER_RETENTION", "P14D")));
        Map<String, Object> client = new HashMap<>();
        client.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, env.get("CIVCITY_KAFKA_BOOTSTRAP_SERVERS"));
        client.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG,
                env.getOrDefault("CIVCITY_KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT"));
        String mechanism = env.getOrDefault("CIVCITY_KAFKA_ADMIN_MECHANISM", "PLAIN");
        client.put(SaslConfigs.SASL_MECHANISM, mechanism);
        String administrator = env.getOrDefault("CIVCITY_KAFKA_ADMIN_USERNAME", "civcity-admin");
        client.put(SaslConfigs.SASL_JAAS_CONFIG, jaas(mechanism, administrator,
                env.get("CIVCITY_KAFKA_ADMIN_PASSWORD")));
        client.put(CommonClientConfigs.DEFAULT_API_TIMEOUT_MS_CONFIG, 60_000);
        try (Admin admin = Admin.create(client)) {
            Outcome outcome = apply(admin, settings, passwords);
            System.out.printf("Broker set up: topics created %s; SCRAM users %s; ACLs created %d, removed %d%n",
                    outcome.createdTopics(), outcome.users(), outcome.aclsCreated(), outcome.aclsRemoved());
        }
    }

    /** The environment variable holding {@code service}'s broker password. */
    public static String passwordVariable(String service) {
        return "CIVCITY_KAFKA_PASSWORD_" + service.toUpperCase(Locale.ROOT).replace('-', '_');
    }

    /** A JAAS line for {@code mechanism} (PLAIN or SCRAM-*), with quotes and backslashes escaped. */
    public static String jaas(String mechanism, String username, String password) {
        String module = mechanism.startsWith("SCRAM") ? "org.apache.kafka.common.security.scram.ScramLoginModule"
                : "org.apache.kafka.common.security.plain.PlainLoginModule";
        Function<String, String> quoted = v -> '"' + v.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
        return module + " required username=" + quoted.apply(username) + " password=" + quoted.apply(password) + ";";
    }

    static List<String> problems(Map<String, String> env, Map<String, String> passwords,
            List<String> developmentValues) {
        List<String> problems = new ArrayList<>();
        if (blank(env.get("CIVCITY_KAFKA_BOOTSTRAP_SERVERS"))) {
            problems.add("CIVCITY_KAFKA_BOOTSTRAP_SERVERS is not set");
        }
        Map<String, String> secrets = new LinkedHashMap<>();
        secrets.put("CIVCITY_KAFKA_ADMIN_PASSWORD", env.get("CIVCITY_KAFKA_ADMIN_PASSWORD"));
        passwords.forEach((service, password) -> secrets.put(passwordVariable(service), password));
        boolean developmentAllowed = "true".equalsIgnoreCase(env.get("CIVCITY_SECRETS_DEVELOPMENT_VALUES_ALLOWED"));
        secrets.forEach((name, value) -> {
            if (blank(value)) {
                problems.add(name + " is not set");
            } else if (value.contains("\"") || value.contains("\\") || value.contains("${")) {
                // It goes into JAAS lines and properties files, where these would be read as syntax.
                problems.add(name + " may not contain \", \\ or ${");
            } else if (!developmentAllowed && developmentValues.contains(value)) {
                problems.add(name + " has a development value of this repository");
            }
        });
        Collections.sort(problems);
        return problems;
    }

    /** civcity.secrets.development-values, as SecretsGuard reads it, from this module's configuration defaults. */
    static List<String> developmentValues() throws IOException {
        URL defaults = BrokerSetup.class.getResource("/META-INF/microprofile-config.properties");
        // The class's own jar first: other jars on the class path have the same resource name.
        String own = BrokerSetup.class.getProtectionDomain().getCodeSource().getLocation().toString();
        for (URL url : Collections.list(BrokerSetup.class.getClassLoader()
                .getResources("META-INF/microprofile-config.properties"))) {
            if (url.toString().contains(own)) {
                defaults = url;
            }
        }
        Properties properties = new Properties();
        try (InputStream in = defaults.openStream()) {
            properties.load(in);
        }
        String values = properties.getProperty("civcity.secrets.development-values", "");
        return Arrays.stream(values.split(",")).map(String::trim).filter(v -> !v.isEmpty()).toList();
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
