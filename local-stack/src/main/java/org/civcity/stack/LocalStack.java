package org.civcity.stack;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.civcity.standin.AlertReceiver;

/**
 * The whole system on one machine without Docker: embedded PostgreSQL (binaries from the Maven registry), a Kafka
 * broker run from its jars as its own process, and the four services from their packaged jars. Everything it keeps
 * lives under one data folder; closing it stops every process it started.
 */
public final class LocalStack implements AutoCloseable {

    /** The role escalation-service connects as: it may only INSERT and SELECT the accountability ledger. */
    static final String LEDGER_ROLE = "escalation_runtime";
    /** The development values of notification-service's secrets (a deployment sets its own). */
    static final String DEVELOPMENT_SIGNING_SECRET = "local-development-signing-secret";
    static final String DEVELOPMENT_CALLBACK_KEY = "bG9jYWwtZGV2ZWxvcG1lbnQtY2FsbGJhY2sta2V5ISE=";

    /** Every service's JVM options, one per line (a java argument file). */
    public static final String JVM_OPTIONS = "deploy/images/service/jvm.options";
    /** A service's class data archive, beside its quarkus-run.jar (the parent POM has the build make it). */
    public static final String CLASS_ARCHIVE = "app-cds.jsa";
    /** The services' environment beside their JVM options (NAME=value lines), shared with the image the same way. */
    public static final String JVM_ENVIRONMENT = "deploy/images/service/jvm.env";

    /** The services, in start order, each with its database. */
    public static final List<String> SERVICES = List.of("findings-service", "assignment-service",
            "escalation-service", "notification-service");

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final StackOptions options;
    /** Every process started, by instance name; a restarted instance replaces its entry. */
    private final Map<String, ManagedProcess> processes = new LinkedHashMap<>();
    private EmbeddedPostgres postgres;
    private AlertReceiver alertEndpoint;
    private String postgresHostPort;
    private String kafkaBootstrap;
    /** The listener and controller port of each broker, by node - 1; kept for restarts. */
    private final List<int[]> brokerPorts = new ArrayList<>();
    private String clusterId;
    private String alertUrl;

    private LocalStack(StackOptions options) {
        this.options = options;
    }

    /** Starts everything and waits until every service reports ready; on failure stops what it started. */
    public static LocalStack start(StackOptions options) throws Exception {
        LocalStack stack = new LocalStack(options);
        try {
            stack.startAll();
            return stack;
        } catch (Exception e) {
            stack.close();
            throw e;
        }
    }

    private void startAll() throws Exception {
        Files.createDirectories(options.dataDir().resolve("logs"));
        long started = System.nanoTime();
        // Keycloak takes longest to start: it boots while the rest comes up; services connect to it lazily.
        startKeycloak();
        startPostgres();
        startKafka();
        startAlertEndpoint();
        for (int replica = 0; replica < options.replicas(); replica++) {
            for (String service : SERVICES) {
                startService(service, replica);
            }
        }
        awaitKeycloak(Duration.ofSeconds(240));
        for (int replica = 0; replica < options.replicas(); replica++) {
            for (String service : SERVICES) {
                awaitReady(service, replica, Duration.ofSeconds(240));
            }
        }
        System.out.printf("Stack ready in %d s%n", Duration.ofNanos(System.nanoTime() - started).toSeconds());
    }

    public String url(String service) {
        return url(service, 0);
    }

    /** The API of one replica (0 is the first); replica r of the i-th service listens on first port + 4r + i. */
    public String url(String service, int replica) {
        return "http://127.0.0.1:" + (options.firstServicePort() + slot(service, replica));
    }

    /** The management interface of a service: health, metrics, OpenAPI. */
    public String managementUrl(String service) {
        return managementUrl(service, 0);
    }

    public String managementUrl(String service, int replica) {
        return "http://127.0.0.1:" + (options.firstManagementPort() + slot(service, replica));
    }

    private static int slot(String service, int replica) {
        if (!SERVICES.contains(service)) {
            throw new IllegalArgumentException("no service " + service);
        }
        return replica * SERVICES.size() + SERVICES.indexOf(service);
    }

    /** The process name of one replica: the service's name, with -2, -3... for further replicas. */
    public static String instance(String service, int replica) {
        return replica == 0 ? service : service + "-" + (replica + 1);
    }

    /** The operating system's process id of one replica, e.g. to read its memory use. */
    public long pid(String service, int replica) {
        return processes.get(instance(service, replica)).pid();
    }

    /**
     * The process id of the broker ("kafka"), Keycloak ("keycloak") or PostgreSQL's postmaster ("postgres", whose
     * backends are its children), e.g. for a benchmark's CPU accounting.
     */
    public long infrastructurePid(String name) throws IOException {
        if (name.equals("postgres")) {
            if (postgres == null) {
                throw new IllegalStateException("PostgreSQL is external to this stack");
            }
            return Long.parseLong(Files.readAllLines(options.dataDir().resolve("postgres/postmaster.pid")).get(0)
                    .strip());
        }
        ManagedProcess process = processes.get(name);
        if (process == null) {
            throw new IllegalArgumentException("no process " + name + " in this stack");
        }
        return process.pid();
    }

    public int replicas() {
        return options.replicas();
    }

    /** Kills one replica with SIGKILL, as a crash or the OOM killer would: no shutdown hook runs. */
    public void kill(String service, int replica) throws InterruptedException {
        processes.get(instance(service, replica)).kill();
    }

    /** Kills every replica of a service at once: the service is down. */
    public void killAll(String service) throws InterruptedException {
        for (int replica = 0; replica < options.replicas(); replica++) {
            kill(service, replica);
        }
    }

    /** Starts a killed or stopped replica again and waits until it reports ready. */
    public void restart(String service, int replica) throws Exception {
        restart(service, List.of(replica));
    }

    /** Starts every replica of the services again, all side by side, and waits until each reports ready. */
    public void restartAll(String... services) throws Exception {
        List<Integer> all = java.util.stream.IntStream.range(0, options.replicas()).boxed().toList();
        Map<String, List<Integer>> replicas = new LinkedHashMap<>();
        for (String service : services) {
            replicas.put(service, all);
        }
        restart(replicas);
    }

    private void restart(String service, List<Integer> replicas) throws Exception {
        restart(Map.of(service, replicas));
    }

    private void restart(Map<String, List<Integer>> replicas) throws Exception {
        replicas.forEach((service, numbers) -> numbers.forEach(replica -> {
            ManagedProcess old = processes.get(instance(service, replica));
            if (old != null && old.isAlive()) {
                throw new IllegalStateException(instance(service, replica) + " is still running");
            }
        }));
        for (Map.Entry<String, List<Integer>> service : replicas.entrySet()) {
            for (int replica : service.getValue()) {
                startService(service.getKey(), replica);
            }
        }
        for (Map.Entry<String, List<Integer>> service : replicas.entrySet()) {
            for (int replica : service.getValue()) {
                awaitReady(service.getKey(), replica, Duration.ofSeconds(180));
            }
        }
    }

    /** Kills the broker with SIGKILL and starts it again on the same log folder; waits until it serves. */
    public void restartKafka() throws Exception {
        if (options.externalKafka() != null) {
            throw new IllegalStateException("the broker is not this stack's");
        }
        for (int node = 1; node <= options.kafkaBrokers(); node++) {
            processes.get(broker(node)).kill();
        }
        startKafka();
    }

    /** Kills every broker with SIGKILL and leaves them down, until {@link #startKafkaAgain()}. */
    public void stopKafka() throws InterruptedException {
        if (options.externalKafka() != null) {
            throw new IllegalStateException("the broker is not this stack's");
        }
        for (int node = 1; node <= options.kafkaBrokers(); node++) {
            processes.get(broker(node)).kill();
        }
    }

    /** Starts the broker stopped by {@link #stopKafka()} on its log folder; waits until it serves. */
    public void startKafkaAgain() throws Exception {
        startKafka();
    }

    /** Stops PostgreSQL (fast shutdown: sessions are cut, nothing is lost) and starts it on the same data folder. */
    public void restartPostgres() throws Exception {
        if (postgres == null) {
            throw new IllegalStateException("PostgreSQL is not this stack's");
        }
        postgres.close();
        postgres = null;
        startPostgres();
    }

    /** The realm's base URL, the issuer of every token the services accept. */
    public String keycloakRealmUrl() {
        return "http://127.0.0.1:" + options.keycloakPort() + "/realms/civcity";
    }

    public String kafkaBootstrap() {
        return kafkaBootstrap;
    }

    public String postgres() {
        return postgresHostPort;
    }

    public String alertUrl() {
        return alertUrl;
    }

    /** A JDBC connection to one of the stack's databases, as the superuser the stack provisions them with. */
    public Connection connect(String database) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://" + postgresHostPort + "/" + database, "postgres",
                "postgres");
    }

    /** The pids of the processes this stack started (PostgreSQL's postmaster is the embedded library's). */
    public List<Long> childPids() {
        return processes.values().stream().map(ManagedProcess::pid).toList();
    }

    private void startPostgres() throws Exception {
        if (options.externalPostgres() != null) {
            postgresHostPort = options.externalPostgres();
        } else {
            Path dir = options.dataDir().resolve("postgres");
            reapPostmaster(dir);
            postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(dir)
                    .setCleanDataDirectory(false)
                    .setPort(options.postgresPort())
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .setServerConfig("max_connections", "200")
                    .setOutputRedirector(ProcessBuilder.Redirect.appendTo(log("postgres").toFile()))
                    .setErrorRedirector(ProcessBuilder.Redirect.appendTo(log("postgres").toFile()))
                    .start();
            postgresHostPort = "127.0.0.1:" + postgres.getPort();
        }
        try (Connection c = connect("postgres"); Statement st = c.createStatement()) {
            for (String service : SERVICES) {
                String db = database(service);
                try (ResultSet rs = st.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + db + "'")) {
                    if (!rs.next()) {
                        st.execute("CREATE DATABASE " + db);
                    }
                }
            }
            // The escalation service connects as its runtime role; its migrations run as the owner (postgres here).
            try (ResultSet rs = st.executeQuery("SELECT 1 FROM pg_roles WHERE rolname = '" + LEDGER_ROLE + "'")) {
                if (!rs.next()) {
                    st.execute("CREATE ROLE " + LEDGER_ROLE + " LOGIN PASSWORD '" + LEDGER_ROLE + "'");
                }
            }
        }
        System.out.printf("PostgreSQL  %s (data in %s)%n", postgresHostPort, options.dataDir().resolve("postgres"));
    }

    /** A postmaster of an earlier run killed hard still holds the data folder: stop it first. */
    private static void reapPostmaster(Path dir) throws IOException {
        Path pidFile = dir.resolve("postmaster.pid");
        if (Files.exists(pidFile)) {
            String firstLine = Files.readAllLines(pidFile).stream().findFirst().orElse("").strip();
            Path copy = Files.createTempFile("postmaster", ".pid");
            Files.writeString(copy, firstLine);
            ManagedProcess.reap(copy);
        }
    }

    private void startKafka() throws Exception {
        if (options.externalKafka() != null) {
            kafkaBootstrap = options.externalKafka();
            return;
        }
        if (brokerPorts.isEmpty()) {
            checkBrokerCount();
            brokerPorts.add(new int[] {options.kafkaPort(), options.kafkaControllerPort()});
            for (int node = 2; node <= options.kafkaBrokers(); node++) {
                brokerPorts.add(new int[] {Ports.free(), Ports.free()});
            }
        }
        List<String> listeners = new ArrayList<>();
        for (int[] ports : brokerPorts) {
            listeners.add("127.0.0.1:" + ports[0]);
        }
        kafkaBootstrap = String.join(",", listeners);
        // The nodes need one another for their quorum: all start before any is awaited.
        for (int node = 1; node <= options.kafkaBrokers(); node++) {
            launchBroker(node);
        }
        awaitKafka(options.kafkaBrokers(), Duration.ofSeconds(90));
        System.out.printf("Kafka       %s (%d broker%s, data in %s)%n", kafkaBootstrap, options.kafkaBrokers(),
                options.kafkaBrokers() == 1 ? "" : "s", options.dataDir().resolve("kafka"));
    }

    /**
     * A data folder keeps the broker count it was made with: topics made with replication 1 refuse every write once
     * min.insync.replicas is 2, and a cluster of three shrunk to one has offline partitions.
     */
    private void checkBrokerCount() throws IOException {
        Path marker = options.dataDir().resolve("kafka/brokers");
        String count = Integer.toString(options.kafkaBrokers());
        if (Files.exists(options.dataDir().resolve("kafka/logs/meta.properties"))) {
            String made = Files.exists(marker) ? Files.readString(marker).strip() : "1";
            if (!made.equals(count)) {
                throw new IllegalStateException(options.dataDir() + " holds a Kafka cluster of " + made
                        + " broker(s), not " + count + ": use another data folder or delete it");
            }
        }
        Files.createDirectories(marker.getParent());
        Files.writeString(marker, count);
    }

    /** The process name of broker {@code node} (1-based): "kafka", then "kafka-2", "kafka-3". */
    public static String broker(int node) {
        return node == 1 ? "kafka" : "kafka-" + node;
    }

    /** Kills broker {@code node} (1-based) of a replicated cluster with SIGKILL and leaves it down. */
    public void killBroker(int node) throws InterruptedException {
        processes.get(broker(node)).kill();
    }

    /** Starts broker {@code node} again on its log folder; waits until the cluster has every broker again. */
    public void startBroker(int node) throws Exception {
        launchBroker(node);
        awaitKafka(options.kafkaBrokers(), Duration.ofSeconds(90));
    }

    private void launchBroker(int node) throws Exception {
        int brokers = options.kafkaBrokers();
        Path dir = options.dataDir().resolve(node == 1 ? "kafka" : "kafka/node-" + node);
        Path logs = dir.resolve("logs");
        Files.createDirectories(logs);
        String listener = "127.0.0.1:" + brokerPorts.get(node - 1)[0];
        List<String> voters = new ArrayList<>();
        for (int n = 1; n <= brokers; n++) {
            voters.add(n + "@127.0.0.1:" + brokerPorts.get(n - 1)[1]);
        }
        // Replicated: every topic on three brokers, a write acknowledged by two (the producers use acks=all), so one
        // broker may be lost without losing or refusing anything.
        String replication = Integer.toString(brokers);
        String minInsync = Integer.toString(Math.min(2, brokers));
        Properties props = new Properties();
        props.setProperty("process.roles", "broker,controller");
        props.setProperty("node.id", Integer.toString(node));
        props.setProperty("controller.quorum.voters", String.join(",", voters));
        props.setProperty("listeners", "PLAINTEXT://" + listener + ",CONTROLLER://127.0.0.1:"
                + brokerPorts.get(node - 1)[1]);
        props.setProperty("advertised.listeners", "PLAINTEXT://" + listener);
        props.setProperty("controller.listener.names", "CONTROLLER");
        props.setProperty("inter.broker.listener.name", "PLAINTEXT");
        props.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        props.setProperty("log.dirs", logs.toString());
        // Topics are created by the services with their partitions, never implicitly.
        props.setProperty("auto.create.topics.enable", "false");
        props.setProperty("default.replication.factor", replication);
        props.setProperty("min.insync.replicas", minInsync);
        props.setProperty("unclean.leader.election.enable", "false");
        props.setProperty("offsets.topic.replication.factor", replication);
        props.setProperty("offsets.topic.num.partitions", "6");
        props.setProperty("transaction.state.log.replication.factor", replication);
        props.setProperty("transaction.state.log.min.isr", minInsync);
        props.setProperty("share.coordinator.state.topic.replication.factor", replication);
        props.setProperty("share.coordinator.state.topic.min.isr", minInsync);
        props.setProperty("group.initial.rebalance.delay.ms", "0");
        Path config = dir.resolve("server.properties");
        try (var out = Files.newBufferedWriter(config)) {
            props.store(out, "Written by the local stack at each start");
        }
        Path log4j = dir.resolve("log4j2.properties");
        Files.writeString(log4j, """
                status = warn
                appender.out.type = Console
                appender.out.name = out
                appender.out.layout.type = PatternLayout
                appender.out.layout.pattern = [%d] %p %m (%c)%n
                rootLogger.level = info
                rootLogger.appenderRef.out.ref = out
                logger.kafka.name = kafka
                logger.kafka.level = warn
                logger.state.name = state.change.logger
                logger.state.level = warn
                logger.apache.name = org.apache.kafka
                logger.apache.level = warn
                """);
        String name = broker(node);
        List<String> java = List.of(javaBin(), "-Xms128m", "-Xmx384m",
                "-Dlog4j2.configurationFile=" + log4j, "-cp", System.getProperty("java.class.path"));
        if (!Files.exists(logs.resolve("meta.properties"))) {
            List<String> format = new ArrayList<>(java);
            format.addAll(List.of("kafka.tools.StorageTool", "format", "-t", clusterId(), "-c", config.toString()));
            Process formatting = new ProcessBuilder(format).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log(name).toFile())).start();
            if (formatting.waitFor() != 0) {
                throw new IllegalStateException("Formatting Kafka storage failed; see " + log(name));
            }
        }
        List<String> run = new ArrayList<>(java);
        run.addAll(List.of("kafka.Kafka", config.toString()));
        processes.put(name, ManagedProcess.start(name, run, log(name), pidDir(), Map.of()));
    }

    /** The cluster's id: the one a formatted node already has, else a new one for all nodes alike. */
    private String clusterId() throws IOException {
        for (int node = 1; node <= options.kafkaBrokers(); node++) {
            Path meta = options.dataDir().resolve(node == 1 ? "kafka" : "kafka/node-" + node)
                    .resolve("logs/meta.properties");
            if (Files.exists(meta)) {
                Properties properties = new Properties();
                try (var in = Files.newBufferedReader(meta)) {
                    properties.load(in);
                }
                return properties.getProperty("cluster.id");
            }
        }
        if (clusterId == null) {
            clusterId = Uuid.randomUuid().toString();
        }
        return clusterId;
    }

    private void awaitKafka(int brokers, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        Exception last = null;
        while (System.nanoTime() < deadline) {
            for (int node = 1; node <= brokers; node++) {
                ManagedProcess process = processes.get(broker(node));
                if (process != null && !process.isAlive()) {
                    throw new IllegalStateException("Kafka broker " + node + " exited; see " + log(broker(node)));
                }
            }
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafkaBootstrap,
                    AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000,
                    AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000))) {
                int up = admin.describeCluster().nodes().get().size();
                if (up == brokers) {
                    return;
                }
                last = new IllegalStateException(up + " of " + brokers + " brokers up");
            } catch (Exception e) {
                last = e;
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("Kafka not ready within " + timeout, last);
    }

    private void startAlertEndpoint() {
        if (options.alertUrl() != null) {
            alertUrl = options.alertUrl();
            return;
        }
        alertEndpoint = AlertReceiver.start(options.alertPort());
        alertEndpoint.onReceive(alert -> System.out.printf("%nALERT received at %s (delivery %s):%n%s%n%n",
                alert.path(), alert.deliveryId(), alert.body()));
        alertUrl = alertEndpoint.url("/alerts");
        System.out.printf("Alert endpoint (stand-in for the leaders' webhook) %s%n", alertUrl);
    }

    private void startKeycloak() throws IOException {
        if (options.keycloakHome() == null) {
            return;
        }
        Path home = options.keycloakHome();
        if (!Files.exists(home.resolve("bin/kc.sh"))) {
            throw new IllegalStateException(home + " is missing: build first (./mvnw -DskipTests install)");
        }
        // A fresh dev database each start, so the realm file in deploy/keycloak is always the one in force.
        deleteTree(home.resolve("data/h2"));
        Path imports = Files.createDirectories(home.resolve("data/import"));
        // The board's sign-in returns to the escalation-service's own port, which tests choose freely.
        String board = "127.0.0.1:" + (options.firstServicePort() + slot("escalation-service", 0));
        Files.writeString(imports.resolve("civcity-realm.json"), Files.readString(options.root()
                .resolve("deploy/keycloak/civcity-realm.json")).replace("http://127.0.0.1:8083/*", "http://" + board
                + "/*").replace("http://localhost:8083/*", "http://localhost:" + board.substring(board.indexOf(':') + 1)
                + "/*"));
        List<String> command = List.of(home.resolve("bin/kc.sh").toString(), "start-dev",
                "--http-host=127.0.0.1", "--http-port=" + options.keycloakPort(),
                "--http-management-port=" + options.keycloakManagementPort(),
                "--health-enabled=true", "--import-realm");
        processes.put("keycloak", ManagedProcess.start("keycloak", command, log("keycloak"), pidDir(), Map.of(
                "KC_BOOTSTRAP_ADMIN_USERNAME", "admin",
                "KC_BOOTSTRAP_ADMIN_PASSWORD", "admin",
                "JAVA_HOME", System.getProperty("java.home"),
                "JAVA_OPTS_KC_HEAP", "-Xms64m -Xmx512m")));
    }

    private void awaitKeycloak(Duration timeout) throws Exception {
        if (options.keycloakHome() == null) {
            return;
        }
        awaitHttp("keycloak", URI.create("http://127.0.0.1:" + options.keycloakManagementPort() + "/health/ready"),
                timeout);
        System.out.printf("Keycloak    http://127.0.0.1:%d (admin console: admin / admin; realm civcity, see"
                + " deploy/keycloak/README.md)%n", options.keycloakPort());
    }

    private static void deleteTree(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (var paths = Files.walk(dir)) {
                for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    private void startService(String service, int replica) throws IOException {
        // Absolute: a service with a class data archive starts in its own directory (below).
        Path root = options.root().toAbsolutePath();
        Path jar = root.resolve(service).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: build first (./mvnw -DskipTests install)");
        }
        String db = database(service);
        Map<String, String> config = new LinkedHashMap<>();
        config.put("quarkus.http.port", Integer.toString(options.firstServicePort() + slot(service, replica)));
        config.put("quarkus.datasource.reactive.url", "postgresql://" + postgresHostPort + "/" + db);
        config.put("quarkus.datasource.jdbc.url", "jdbc:postgresql://" + postgresHostPort + "/" + db);
        config.put("quarkus.datasource.username", "postgres");
        config.put("quarkus.datasource.password", "postgres");
        config.put("kafka.bootstrap.servers", kafkaBootstrap);
        if (options.externalKafka() == null) {
            config.put("civcity.messaging.replication-factor", Integer.toString(options.kafkaBrokers()));
        }
        config.put("quarkus.management.port",
                Integer.toString(options.firstManagementPort() + slot(service, replica)));
        config.put("quarkus.oidc.auth-server-url", keycloakRealmUrl());
        // The embedded stack's passwords and keys are development values, which a service only accepts when told.
        config.put("civcity.secrets.development-values-allowed", "true");
        if (service.equals("escalation-service")) {
            config.put("quarkus.flyway.username", "postgres");
            config.put("quarkus.flyway.password", "postgres");
            config.put("quarkus.datasource.username", LEDGER_ROLE);
            config.put("quarkus.datasource.password", LEDGER_ROLE);
            config.put("civcity.board.identity-origin", "http://127.0.0.1:" + options.keycloakPort());
        }
        if (service.equals("notification-service")) {
            config.put("notification.webhook.default-url", alertUrl);
            config.put("notification.webhook.signing-secret", DEVELOPMENT_SIGNING_SECRET);
            config.put("notification.callbacks.encryption-key", DEVELOPMENT_CALLBACK_KEY);
            // The stand-ins listen on loopback over http, which a deployment's outbound policy refuses.
            config.put("notification.outbound.allowed-schemes", "https,http");
            config.put("notification.outbound.allowed-networks", "127.0.0.0/8");
            if (alertEndpoint != null) {
                // The stand-in also plays the carrier's SMS gateway for directory entries with a mobile number.
                config.put("notification.sms.gateway-url", alertEndpoint.url("/sms"));
            }
        }
        config.putAll(options.serviceConfig().getOrDefault(service, Map.of()));
        List<String> command = new ArrayList<>(List.of(javaBin()));
        // The services' JVM options, shared with the container image; a checkout from before the file had these.
        Path jvmOptions = root.resolve(JVM_OPTIONS);
        command.addAll(Files.exists(jvmOptions) ? List.of("@" + jvmOptions) : List.of("-Xms64m", "-Xmx192m"));
        // A crash report beside the logs, not in the working directory the next build empties.
        command.add("-XX:ErrorFile=" + log(instance(service, replica)).resolveSibling("hs_err_" + instance(service,
                replica) + "_%p.log").toAbsolutePath());
        // Extra JVM options for one service, e.g. a flight recording for a profile: -Dcivcity.jvm-options.<service>.
        String extra = System.getProperty("civcity.jvm-options." + service, "").strip();
        if (!extra.isEmpty()) {
            command.addAll(List.of(extra.split("\\s+")));
        }
        config.forEach((k, v) -> command.add("-D" + k + "=" + v));
        // The class data archive the build made (quarkus.package.jar.appcds): classes map from it instead of being
        // loaded from the jars. It names the jar by the relative path it was made with, so the service starts in its
        // own directory then; without it (an older checkout) as before.
        Path app = jar.getParent();
        boolean archived = Files.exists(app.resolve(CLASS_ARCHIVE));
        if (archived) {
            command.add("-XX:SharedArchiveFile=" + CLASS_ARCHIVE);
        }
        command.addAll(List.of("-jar", archived ? jar.getFileName().toString() : jar.toString()));
        String name = instance(service, replica);
        processes.put(name, ManagedProcess.start(name, command, archived ? app : null, log(name), pidDir(),
                environment(root.resolve(JVM_ENVIRONMENT))));
    }

    /** NAME=value lines, # comments and blank lines skipped; none for a checkout from before the file existed. */
    static Map<String, String> environment(Path file) throws IOException {
        Map<String, String> env = new LinkedHashMap<>();
        if (!Files.exists(file)) {
            return env;
        }
        for (String line : Files.readAllLines(file)) {
            String entry = line.strip();
            if (entry.isEmpty() || entry.startsWith("#")) {
                continue;
            }
            int eq = entry.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException(file + ": not NAME=value: " + entry);
            }
            env.put(entry.substring(0, eq), entry.substring(eq + 1));
        }
        return env;
    }

    private void awaitReady(String service, int replica, Duration timeout) throws Exception {
        String name = instance(service, replica);
        awaitHttp(name, URI.create(managementUrl(service, replica) + "/q/health/ready"), timeout);
        System.out.printf("%-22s %s  (health, metrics, OpenAPI under %s/q; log %s)%n", name, url(service, replica),
                managementUrl(service, replica), log(name));
    }

    /** Waits for a 200 from {@code uri}, failing early if the process that should answer has exited. */
    private void awaitHttp(String name, URI uri, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        HttpRequest ready = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build();
        while (System.nanoTime() < deadline) {
            ManagedProcess process = processes.get(name);
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited during start; see " + log(name));
            }
            try {
                if (HTTP.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // Not listening yet.
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException(name + " not ready within " + timeout + "; see " + log(name));
    }

    /** Stops services first, then the broker, then PostgreSQL, so nothing loses its dependencies mid-work. */
    @Override
    public void close() {
        List<ManagedProcess> reversed = new ArrayList<>(processes.values());
        java.util.Collections.reverse(reversed);
        reversed.parallelStream().filter(p -> !p.name().startsWith("kafka"))
                .forEach(p -> p.stop(Duration.ofSeconds(20)));
        // Brokers of a replicated cluster side by side, and not long: the last to leave waits for a quorum that has
        // gone (a broker killed loses nothing the page cache holds; the next start recovers its logs).
        Duration grace = Duration.ofSeconds(options.kafkaBrokers() == 1 ? 30 : 10);
        reversed.parallelStream().filter(p -> p.name().startsWith("kafka")).forEach(p -> p.stop(grace));
        if (alertEndpoint != null) {
            alertEndpoint.close();
        }
        if (postgres != null) {
            try {
                postgres.close();
            } catch (IOException e) {
                System.err.println("Stopping PostgreSQL failed: " + e);
            }
        }
    }

    /** The log file of a process of this stack (a service's replica by its instance name, kafka, keycloak...). */
    public Path logFile(String name) {
        return log(name);
    }

    private Path log(String name) {
        return options.dataDir().resolve("logs").resolve(name + ".log");
    }

    private Path pidDir() {
        return options.dataDir().resolve("pids");
    }

    static String database(String service) {
        return service.substring(0, service.indexOf('-'));
    }

    private static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** {@code up} (default): start and keep running until Ctrl-C or {@code run.sh stop}. */
    public static void main(String[] args) throws Exception {
        String command = args.length > 0 ? args[0] : "up";
        if (!command.equals("up")) {
            System.err.println("usage: LocalStack up [--real-deadlines]");
            System.exit(2);
        }
        boolean demo = !List.of(args).contains("--real-deadlines");
        Path root = Path.of(System.getProperty("civcity.root", ".")).toAbsolutePath().normalize();
        StackOptions options = StackOptions.fromEnvironment(root, demo);
        Files.createDirectories(options.dataDir());
        Path pidFile = options.dataDir().resolve("stack.pid");
        ManagedProcess.reap(pidFile);
        LocalStack stack = start(options);
        Files.writeString(pidFile, Long.toString(ProcessHandle.current().pid()));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("Stopping the stack...");
            stack.close();
            try {
                Files.deleteIfExists(pidFile);
            } catch (IOException e) {
                // Reaped on the next start.
            }
            System.out.println("Stopped.");
        }));
        System.out.printf("""

                Demo credentials (realm civcity at %s):
                  government systems (client credentials): leaders-app / leaders-app-secret,
                    mock-eval / mock-eval-secret, hotline-12345 / hotline-12345-secret
                  people (password grant on client civcity-cli, password demo): handler-um (URBAN_MANAGEMENT),
                    handler-tp (TRAFFIC_POLICE), supervisor, leader, ops, civcity-admin
                %n""", stack.keycloakRealmUrl());
        System.out.printf("The system is up%s. Ctrl-C or ./run.sh stop stops it; data stays in %s%n",
                demo ? " with demo deadlines (HIGH: acknowledge 15 s, rectify 30 s)" : "", options.dataDir());
        Thread.currentThread().join();
    }
}
