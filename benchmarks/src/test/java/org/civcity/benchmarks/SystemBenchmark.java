package org.civcity.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.civcity.benchmarks.IntakeAnchor.Load;
import org.civcity.stack.LocalStack;
import org.civcity.stack.TestStack;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The system's benchmark on one machine (docs/benchmarks.md): intake throughput beside pgbench running the same
 * transaction shape on the same PostgreSQL, end-to-end latency at a fixed rate, and each service's startup time and
 * memory. Prints a table (and appends it to the file in bench.results); asserts nothing about time.
 */
@EnabledIfSystemProperty(named = "benchmark", matches = "true")
class SystemBenchmark {

    private static final List<Integer> CONCURRENCY = List.of(1, 4, 16, 64);
    private static final Duration STEP = Duration.ofSeconds(Integer.getInteger("bench.step-seconds", 20));
    private static final List<Integer> E2E_RATES = Stream.of(System.getProperty("bench.e2e-rates", "20,100")
            .split(",")).map(String::strip).map(Integer::valueOf).toList();
    private static final Duration E2E_TIME = Duration.ofSeconds(Integer.getInteger("bench.e2e-seconds", 60));
    private final List<String> report = new ArrayList<>();
    private Pipeline pipeline;
    private LocalStack stack;

    @Test
    @Timeout(value = 2, unit = TimeUnit.HOURS)
    void benchmark() throws Exception {
        // A flight recording of the intake service, dumped after the load, for the profile in the report.
        Path recording = Files.createDirectories(TestStack.root().resolve("benchmarks/target"))
                .resolve("findings-service-" + System.currentTimeMillis() + ".jfr");
        System.setProperty("civcity.jvm-options.findings-service",
                "-XX:StartFlightRecording=name=bench,settings=profile,filename=" + recording);
        pipeline = Pipeline.start(TestStack.root(), "system");
        stack = pipeline.stack();
        try {
            line("# Benchmark results, %s", Instant.now().truncatedTo(ChronoUnit.SECONDS));
            line("");
            line("Machine: %d cores, %d GiB, %s %s; everything on this one machine.",
                    Runtime.getRuntime().availableProcessors(), totalMemoryGiB(), System.getProperty("java.vm.name"),
                    System.getProperty("java.version"));
            Thread.sleep(20_000); // let start-up work (JIT, topic creation, first relay rounds) settle
            Map<String, Long> rest = pipeline.rss();
            intake();
            for (int rate : E2E_RATES) {
                endToEnd(rate);
            }
            Map<String, Long> after = pipeline.rss();
            profile(recording);
            System.clearProperty("civcity.jvm-options.findings-service"); // restarts below run unprofiled
            // Start times before the intake alone: its backlog of findings would keep the machine busy afterwards.
            footprint(rest, after);
            intakeAlone();
        } finally {
            pipeline.close();
        }
        Path results = Path.of(System.getProperty("bench.results", "target/benchmark-results.md"));
        Files.writeString(results, String.join("\n", report) + "\n", StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
        System.out.println("Results written to " + results.toAbsolutePath());
    }

    /** Intake at rising concurrency, each step beside pgbench with the intake's transaction at the same clients. */
    private void intake() throws Exception {
        IntakeAnchor.create(stack);
        IntakeAnchor.intake(pipeline, 16, Duration.ofSeconds(15)); // warm-up: JIT, pools
        line("");
        line("## Intake: POST /api/v1/findings, unique Idempotency-Key and site per request, %d s per step",
                STEP.toSeconds());
        line("");
        line("| clients | findings/s | p50 | p99 | errors | anchor tx/s | anchor p50 | anchor p99 | ratio |");
        line("|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (int clients : CONCURRENCY) {
            Load load = IntakeAnchor.intake(pipeline, clients, STEP);
            Load anchor = IntakeAnchor.pgbench(stack, clients, STEP);
            line("| %d | %.0f | %s | %s | %d | %.0f | %s | %s | %.0f%% |", clients, load.rate(), ms(load.p(50)),
                    ms(load.p(99)), load.errors(), anchor.rate(), ms(anchor.p(50)), ms(anchor.p(99)),
                    100 * load.rate() / anchor.rate());
        }
    }

    /**
     * The intake with the downstream services stopped: on two cores the whole pipeline shares the CPU, so this
     * separates the intake's own cost from the work every finding causes after it (dispatch, timers, alerts).
     */
    private void intakeAlone() throws Exception {
        List<String> downstream = List.of("assignment-service", "escalation-service", "notification-service");
        for (String service : downstream) {
            stack.kill(service, 0);
        }
        // Warm-up again: the footprint step has just restarted findings-service.
        IntakeAnchor.intake(pipeline, 16, Duration.ofSeconds(15));
        line("");
        line("Intake alone (assignment, escalation and notification stopped; the relay still publishes):");
        line("");
        line("| clients | findings/s | p50 | p99 | errors | anchor tx/s | ratio |");
        line("|---:|---:|---:|---:|---:|---:|---:|");
        for (int clients : List.of(1, 16, 64)) {
            Load load = IntakeAnchor.intake(pipeline, clients, STEP);
            Load anchor = IntakeAnchor.pgbench(stack, clients, STEP);
            line("| %d | %.0f | %s | %s | %d | %.0f | %.0f%% |", clients, load.rate(), ms(load.p(50)),
                    ms(load.p(99)), load.errors(), anchor.rate(), 100 * load.rate() / anchor.rate());
        }
        for (String service : downstream) {
            stack.restart(service, 0);
        }
    }

    /**
     * A fixed rate of findings for a fixed time; per finding the time from sending the POST to its finding.assigned
     * on the cases topic and to its alert at the receiver.
     */
    private void endToEnd(int rate) throws Exception {
        Pipeline.Sent e2e = pipeline.atRate(rate, E2E_TIME, 32);
        Map<String, Long> sent = e2e.accepted();
        int total = e2e.attempted();
        pipeline.awaitProcessed(sent.keySet(), Duration.ofSeconds(60)); // what never arrived is reported below
        List<Long> toAssigned = pipeline.latencies(sent, false);
        List<Long> toAlert = pipeline.latencies(sent, true);
        Load a = new Load(toAssigned, sent.size() - toAssigned.size(), E2E_TIME);
        Load b = new Load(toAlert, sent.size() - toAlert.size(), E2E_TIME);
        line("");
        line("## End to end: %d findings/s for %d s (%d accepted of %d sent)", rate, E2E_TIME.toSeconds(),
                sent.size(), total);
        line("");
        line("| from POST to | p50 | p95 | p99 | max | missing |");
        line("|---|---:|---:|---:|---:|---:|");
        line("| finding.assigned on the cases topic | %s | %s | %s | %s | %d |", ms(a.p(50)), ms(a.p(95)),
                ms(a.p(99)), ms(a.p(100)), a.errors());
        line("| alert received at the leaders' endpoint | %s | %s | %s | %s | %d |", ms(b.p(50)), ms(b.p(95)),
                ms(b.p(99)), ms(b.p(100)), b.errors());
    }

    /**
     * Where the intake's time goes: the flight recording's execution samples of findings-service over the whole run,
     * by the method on top of the stack and by the share of samples with a component anywhere on the stack.
     */
    private void profile(Path recording) throws Exception {
        String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
        Process dump = new ProcessBuilder(jcmd, Long.toString(stack.pid("findings-service", 0)), "JFR.dump",
                "name=bench", "filename=" + recording).redirectErrorStream(true).start();
        String out = new String(dump.getInputStream().readAllBytes());
        if (!dump.waitFor(60, TimeUnit.SECONDS) || !Files.exists(recording)) {
            line("");
            line("(no profile: %s)", out.strip());
            return;
        }
        Map<String, Integer> top = new LinkedHashMap<>();
        Map<String, Integer> components = new LinkedHashMap<>();
        Map<String, String> packages = new LinkedHashMap<>();
        packages.put("PostgreSQL client (io.vertx.pgclient, io.vertx.sqlclient)",
                "io.vertx.pgclient|io.vertx.sqlclient");
        packages.put("Hibernate ORM and Reactive (org.hibernate)", "org.hibernate");
        packages.put("JSON (com.fasterxml.jackson)", "com.fasterxml.jackson");
        packages.put("token verification (io.quarkus.oidc, io.smallrye.jwt, org.jose4j)",
                "io.quarkus.oidc|io.smallrye.jwt|org.jose4j");
        packages.put("Bean Validation (org.hibernate.validator)", "org.hibernate.validator");
        packages.put("Kafka producer (org.apache.kafka)", "org.apache.kafka");
        packages.put("HTTP server and network (io.netty, io.vertx.core.http)", "io.netty|io.vertx.core.http");
        packages.put("REST layer (org.jboss.resteasy.reactive)", "org.jboss.resteasy.reactive");
        packages.put("metrics (io.micrometer)", "io.micrometer");
        packages.put("our code (org.civcity)", "org.civcity");
        int samples = 0;
        try (jdk.jfr.consumer.RecordingFile file = new jdk.jfr.consumer.RecordingFile(recording)) {
            while (file.hasMoreEvents()) {
                jdk.jfr.consumer.RecordedEvent event = file.readEvent();
                if (!event.getEventType().getName().equals("jdk.ExecutionSample") || event.getStackTrace() == null
                        || event.getStackTrace().getFrames().isEmpty()) {
                    continue;
                }
                samples++;
                List<jdk.jfr.consumer.RecordedFrame> frames = event.getStackTrace().getFrames();
                jdk.jfr.consumer.RecordedMethod method = frames.get(0).getMethod();
                top.merge(method.getType().getName() + "." + method.getName(), 1, Integer::sum);
                List<String> types = frames.stream().map(f -> f.getMethod().getType().getName()).toList();
                packages.forEach((name, prefixes) -> {
                    if (types.stream().anyMatch(t -> Stream.of(prefixes.split("\\|")).anyMatch(t::startsWith))) {
                        components.merge(name, 1, Integer::sum);
                    }
                });
            }
        }
        int total = samples;
        line("");
        line("## Where the intake's time goes: findings-service, %d execution samples (JFR, whole run)", total);
        line("");
        line("| on the stack | share of samples |");
        line("|---|---:|");
        components.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .forEach(e -> line("| %s | %.0f%% |", e.getKey(), 100.0 * e.getValue() / total));
        line("");
        line("| on top of the stack (self time) | share |");
        line("|---|---:|");
        top.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(12)
                .forEach(e -> line("| `%s` | %.1f%% |", e.getKey(), 100.0 * e.getValue() / total));
    }

    /** Memory at rest and after the load, then each service restarted alone to time its start. */
    private void footprint(Map<String, Long> rest, Map<String, Long> after) throws Exception {
        line("");
        line("## Footprint (JVM flags as the stack starts them: -Xms64m -Xmx192m)");
        line("");
        line("| service | start alone (to ready) | Quarkus started in | RSS at rest | RSS after the run |");
        line("|---|---:|---:|---:|---:|");
        for (String service : LocalStack.SERVICES) {
            stack.kill(service, 0);
            long t0 = System.nanoTime();
            stack.restart(service, 0);
            double seconds = (System.nanoTime() - t0) / 1e9;
            line("| %s | %.1f s | %s | %d MiB | %d MiB |", service, seconds, startedIn(service), rest.get(service),
                    after.get(service));
        }
    }

    private String startedIn(String service) throws IOException {
        Path log = stack.logFile(service);
        Matcher m = Pattern.compile("started in ([0-9.]+)s").matcher(Files.readString(log));
        String last = "?";
        while (m.find()) {
            last = m.group(1) + " s";
        }
        return last;
    }

    private static long totalMemoryGiB() {
        try {
            return Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal:"))
                    .mapToLong(l -> Long.parseLong(l.replaceAll("\\D", ""))).findFirst().orElse(0) / 1024 / 1024;
        } catch (IOException e) {
            return 0;
        }
    }

    private static String ms(long micros) {
        return micros >= 10_000 ? String.format("%d ms", micros / 1000) : String.format("%.1f ms", micros / 1000.0);
    }

    private void line(String format, Object... args) {
        String text = String.format(format, args);
        report.add(text);
        System.out.println(text);
    }
}
