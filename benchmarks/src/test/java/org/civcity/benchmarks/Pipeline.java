package org.civcity.benchmarks;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListGroupsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.core.ConditionTimeoutException;
import org.civcity.stack.LocalStack;
import org.civcity.stack.RealmTokens;
import org.civcity.stack.TestStack;

/**
 * The packaged system under a load of findings: posts valid findings (each at its own site, so none is linked as a
 * duplicate) and records when each one's {@code finding.assigned} reaches the cases topic and its dispatch alert
 * reaches the alert endpoint; reads each process's CPU time and memory from /proc.
 */
final class Pipeline implements AutoCloseable {

    static final String REPORTER = "leaders-app";
    /** The processes whose CPU a benchmark accounts for: the four services, then PostgreSQL and the broker. */
    static final List<String> PROCESSES = Stream.concat(LocalStack.SERVICES.stream(), Stream.of("postgres", "kafka"))
            .toList();

    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([0-9a-f-]{36})\"");
    private static final Pattern FINDING_ID = Pattern.compile("\"findingId\"\\s*:\\s*\"([0-9a-f-]{36})\"");
    private static final long TICKS_PER_SECOND = clockTicks();

    private final ExecutorService clientThreads = Executors.newFixedThreadPool(8);
    private final TestStack env;
    private final LocalStack stack;
    private final RealmTokens tokens;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2))
            .executor(clientThreads).build();
    private final AtomicLong sites = new AtomicLong();
    private final Map<String, Long> assigned = new ConcurrentHashMap<>();
    private final Map<String, Long> alerted = new ConcurrentHashMap<>();
    private final Thread listener;

    private Pipeline(TestStack env) {
        this.env = env;
        this.stack = env.stack();
        this.tokens = env.tokens();
        // Watched from the start, so no finding.assigned or alert of a measured finding can be missed.
        env.receiver().onReceive(r -> {
            if ("finding.assigned".equals(r.eventType())) {
                Matcher m = FINDING_ID.matcher(r.body());
                if (m.find()) {
                    alerted.putIfAbsent(m.group(1), System.nanoTime());
                }
            }
        });
        listener = new Thread(this::listen, "assigned-listener");
        listener.setDaemon(true);
        listener.start();
        await().atMost(Duration.ofMinutes(2)).until(() -> assigned.containsKey("ready"));
    }

    /**
     * Starts the stack with the packaged services found under {@code services} (this checkout, or another commit's
     * worktree), with the webhook channel's rate limit raised so that it does not pace the alerts.
     */
    static Pipeline start(Path services, String name) throws Exception {
        TestStack env = TestStack.start(services, "benchmarks", name, 1, options -> options
                .withConfig("notification-service", Map.of(
                        "notification.channels.WEBHOOK.per-second", "2000",
                        "notification.channels.WEBHOOK.burst", "2000")));
        try {
            return new Pipeline(env);
        } catch (RuntimeException | Error e) {
            env.close();
            throw e;
        }
    }

    LocalStack stack() {
        return stack;
    }

    /** Posts one valid finding at a fresh site; its id, or null on any failure. */
    String post() {
        long site = sites.incrementAndGet();
        String reference = "BENCH-" + site + "-" + System.nanoTime();
        String body = """
                {"source": "UNANNOUNCED_INSPECTION", "sourceSystem": "%s", "sourceReference": "%s",
                 "siteType": "BACK_ALLEY", "siteName": "Benchmark alley %d",
                 "category": "SANITATION", "severity": "MEDIUM",
                 "description": "Overflowing bins behind the market; litter along the wall for about 30 metres",
                 "observedAt": "%s", "latitude": %.5f, "longitude": %.5f}
                """.formatted(REPORTER, reference, site, Instant.now().minus(1, ChronoUnit.HOURS),
                20.0 + (site / 1000) * 0.003, 110.0 + (site % 1000) * 0.003);
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                            URI.create(stack.url("findings-service") + "/api/v1/findings"))
                    .timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Bearer " + tokens.client(REPORTER))
                    .header("Idempotency-Key", reference).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 201) {
                return null;
            }
            Matcher id = ID.matcher(response.body());
            return id.find() ? id.group(1) : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** What an open-loop load sent: each accepted finding with the time its POST started, and each POST's time. */
    record Sent(Map<String, Long> accepted, List<Long> postMicros, int attempted, Duration elapsed) {
    }

    /**
     * {@code rate} findings a second for {@code time}, each POST started on schedule whatever the earlier ones take
     * (open loop, up to {@code threads} in flight), so a slow system shows as latency, not as a lower rate.
     */
    Sent atRate(int rate, Duration time, int threads) throws Exception {
        Map<String, Long> accepted = new ConcurrentHashMap<>();
        List<Long> micros = Collections.synchronizedList(new ArrayList<>());
        int total = (int) (rate * time.toMillis() / 1000);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long start = System.nanoTime();
        List<Future<?>> posts = new ArrayList<>();
        try {
            for (int i = 0; i < total; i++) {
                // Timed from when the POST was due, so time queued behind a saturated sender counts as latency.
                long t0 = start + i * 1_000_000_000L / rate;
                long wait = t0 - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                posts.add(pool.submit(() -> {
                    String id = post();
                    if (id != null) {
                        micros.add((System.nanoTime() - t0) / 1000);
                        accepted.put(id, t0);
                    }
                }));
            }
            for (Future<?> f : posts) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        return new Sent(accepted, micros, total, Duration.ofNanos(System.nanoTime() - start));
    }

    /** Waits until every finding has been assigned and its alert received; false if some had not by the timeout. */
    boolean awaitProcessed(Collection<String> ids, Duration timeout) {
        try {
            await().atMost(timeout).pollInterval(Duration.ofMillis(200)).until(() ->
                    assigned.keySet().containsAll(ids) && alerted.keySet().containsAll(ids));
            return true;
        } catch (ConditionTimeoutException e) {
            return false;
        }
    }

    /**
     * Waits until every consumer group of the services has read its topics to the end and stays so for two seconds:
     * work a step left behind (the timeline, timers and ledger events after the alerts) must not land in the next
     * step's measurement.
     */
    void awaitQuiet(Duration timeout) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrap()))) {
            await("every consumer group caught up").atMost(timeout).pollInterval(Duration.ofMillis(500))
                    .during(Duration.ofSeconds(2)).until(() -> lag(admin) == 0);
        }
    }

    /** Messages not yet read by the services' consumer groups, over all their partitions. */
    private static long lag(Admin admin) throws Exception {
        Map<TopicPartition, Long> committed = new HashMap<>();
        for (GroupListing group : admin.listGroups(ListGroupsOptions.forConsumerGroups()).all().get()) {
            admin.listConsumerGroupOffsets(group.groupId()).partitionsToOffsetAndMetadata().get()
                    .forEach((partition, offset) -> {
                        if (offset != null) {
                            committed.merge(partition, offset.offset(), Math::min);
                        }
                    });
        }
        if (committed.isEmpty()) {
            return 0;
        }
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        committed.keySet().forEach(partition -> latest.put(partition, OffsetSpec.latest()));
        long lag = 0;
        for (var end : admin.listOffsets(latest).all().get().entrySet()) {
            lag += Math.max(0, end.getValue().offset() - committed.get(end.getKey()));
        }
        return lag;
    }

    /** How many of the services' processes have a class data archive mapped (they started from one). */
    int startedFromClassArchive() throws IOException {
        int archived = 0;
        for (String service : LocalStack.SERVICES) {
            if (Files.readString(Path.of("/proc", Long.toString(stack.pid(service, 0)), "maps"))
                    .contains(LocalStack.CLASS_ARCHIVE)) {
                archived++;
            }
        }
        return archived;
    }

    /** When the last of these findings' alerts arrived (System.nanoTime), or -1 if one has not. */
    long lastAlert(Collection<String> ids) {
        long last = Long.MIN_VALUE;
        for (String id : ids) {
            Long at = alerted.get(id);
            if (at == null) {
                return -1;
            }
            last = Math.max(last, at);
        }
        return last;
    }

    /** Microseconds from each POST to its finding.assigned (or its alert); findings that never got there left out. */
    List<Long> latencies(Map<String, Long> sent, boolean toAlert) {
        Map<String, Long> arrived = toAlert ? alerted : assigned;
        List<Long> micros = new ArrayList<>();
        sent.forEach((id, t0) -> {
            Long at = arrived.get(id);
            if (at != null) {
                micros.add((at - t0) / 1000);
            }
        });
        return micros;
    }

    /** Records when each finding.assigned reaches the end of the cases topic, from the current end onwards. */
    private void listen() {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrap(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "10"))) {
            List<TopicPartition> partitions = consumer.partitionsFor("civcity.cases").stream()
                    .map(p -> new TopicPartition("civcity.cases", p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);
            assigned.put("ready", System.nanoTime());
            while (!Thread.currentThread().isInterrupted()) {
                consumer.poll(Duration.ofMillis(100)).forEach(rec -> {
                    Header type = rec.headers().lastHeader("ce_type");
                    if (type != null && new String(type.value()).equals("finding.assigned")) {
                        assigned.putIfAbsent(rec.key(), System.nanoTime());
                    }
                });
            }
        } catch (org.apache.kafka.common.errors.InterruptException e) {
            // Done.
        }
    }

    /**
     * CPU time used so far by each of {@link #PROCESSES}, in milliseconds: user plus system time from
     * /proc/[pid]/stat; for PostgreSQL the postmaster with its exited children and every live backend.
     */
    Map<String, Double> cpu() throws IOException {
        Map<String, Double> millis = new LinkedHashMap<>();
        for (String service : LocalStack.SERVICES) {
            millis.put(service, ticks(stat(stack.pid(service, 0)), false) * 1000.0 / TICKS_PER_SECOND);
        }
        long postmaster = stack.infrastructurePid("postgres");
        long postgres = ticks(stat(postmaster), true);
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path proc : procs.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                String[] stat;
                try {
                    stat = stat(Long.parseLong(proc.getFileName().toString()));
                } catch (IOException e) {
                    continue; // exited meanwhile
                }
                if (Long.parseLong(stat[1]) == postmaster) {
                    postgres += ticks(stat, false);
                }
            }
        }
        millis.put("postgres", postgres * 1000.0 / TICKS_PER_SECOND);
        millis.put("kafka", ticks(stat(stack.infrastructurePid("kafka")), false) * 1000.0 / TICKS_PER_SECOND);
        return millis;
    }

    /** Resident memory of each service's process, from /proc, in MiB. */
    Map<String, Long> rss() throws IOException {
        Map<String, Long> rss = new LinkedHashMap<>();
        for (String service : LocalStack.SERVICES) {
            long kib = Files.readAllLines(Path.of("/proc", Long.toString(stack.pid(service, 0)), "status")).stream()
                    .filter(l -> l.startsWith("VmRSS:")).mapToLong(l -> Long.parseLong(l.replaceAll("\\D", "")))
                    .findFirst().orElse(0);
            rss.put(service, kib / 1024);
        }
        return rss;
    }

    /** The fields of /proc/[pid]/stat after the command name: [0] state, [1] ppid, ... [11] utime, [12] stime. */
    private static String[] stat(long pid) throws IOException {
        String line = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        return line.substring(line.lastIndexOf(')') + 2).split(" ");
    }

    private static long ticks(String[] stat, boolean withChildren) {
        long own = Long.parseLong(stat[11]) + Long.parseLong(stat[12]);
        return withChildren ? own + Long.parseLong(stat[13]) + Long.parseLong(stat[14]) : own;
    }

    private static long clockTicks() {
        try {
            Process getconf = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            String out = new String(getconf.getInputStream().readAllBytes()).strip();
            return getconf.waitFor() == 0 ? Long.parseLong(out) : 100;
        } catch (IOException | NumberFormatException e) {
            return 100;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 100;
        }
    }

    /** The p-th percentile of some latencies, in microseconds; 0 when there are none. */
    static long percentile(List<Long> micros, int p) {
        if (micros.isEmpty()) {
            return 0;
        }
        List<Long> sorted = new ArrayList<>(micros);
        Collections.sort(sorted);
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }

    @Override
    public void close() {
        listener.interrupt();
        clientThreads.shutdownNow();
        env.close();
    }
}
