package org.civcity.benchmarks;

import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.core.ConditionTimeoutException;
import org.civcity.stack.LocalStack;
import org.civcity.stack.TestStack;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * What one finding costs the whole pipeline (docs/benchmarks.md, issue #23): CPU per finding of each process before
 * and after warm-up, CPU at rest, end-to-end latency at 100 findings/s, sustained throughput and memory. With
 * {@code bench.compare} (a worktree of another commit, built) it measures both, interleaved round by round, and prints
 * each figure for both with their ratio, so a regression shows whatever the machine's speed that day.
 */
@EnabledIfSystemProperty(named = "benchmark", matches = "true")
class PipelineBenchmark {

    private static final boolean QUICK = Boolean.getBoolean("bench.quick");
    private static final Duration SETTLE = Duration.ofSeconds(QUICK ? 10 : 30);
    private static final Duration REST = Duration.ofSeconds(QUICK ? 10 : 30);
    private static final int COLD = 200;
    private static final int WARM_UP = 2_200;
    private static final int WARM = QUICK ? 400 : 1_200;
    private static final int ANCHOR_CLIENTS = 16;
    private static final Duration ANCHOR_STEP = Duration.ofSeconds(QUICK ? 10 : 20);
    private static final int SLOW_RATE = 20;
    private static final int E2E_RATE = 100;
    private static final Duration E2E_TIME = Duration.ofSeconds(QUICK ? 20 : 60);
    private static final int SUSTAINED_RATE = Integer.getInteger("bench.sustained-rate", 400);
    /** Quick: 1,600 findings offered, several times what two cores process in the time, in a minute or so. */
    private static final Duration SUSTAINED_TIME = Duration.ofSeconds(Integer.getInteger("bench.sustained-seconds",
            QUICK ? 4 : 300));
    private static final int ROUNDS = Integer.getInteger("bench.rounds", 1);
    private static final int BURST_OPEN = Integer.getInteger("bench.burst-open", QUICK ? 100_000 : 1_000_000);
    private static final int BURST_DUE = 10_000;
    /** Only the escalation burst: for bisecting it with {@code --compare} in a few minutes per commit. */
    private static final boolean BURST_ONLY = Boolean.getBoolean("bench.burst-only");
    /** A JFR profile of each service over the warm step (the figures then include JFR's own small cost). */
    private static final boolean PROFILE = Boolean.getBoolean("bench.profile");

    private final List<String> report = new ArrayList<>();
    private final List<String> profiles = new ArrayList<>();
    private long started;

    @Test
    @Timeout(value = 3, unit = TimeUnit.HOURS)
    void pipeline() throws Exception {
        Map<String, Path> checkouts = new LinkedHashMap<>();
        String compare = System.getProperty("bench.compare", "").strip();
        if (!compare.isEmpty()) {
            checkouts.put(System.getProperty("bench.compare-label", "before"), Path.of(compare).toAbsolutePath());
        }
        checkouts.put("this checkout", TestStack.root());
        List<String> labels = new ArrayList<>(checkouts.keySet());
        Map<String, List<Map<String, Double>>> runs = new LinkedHashMap<>();
        labels.forEach(label -> runs.put(label, new ArrayList<>()));
        for (int round = 0; round < ROUNDS; round++) {
            // Alternate who goes first, so a machine that slows down during the run favours neither.
            List<String> order = new ArrayList<>(labels);
            if (round % 2 == 1) {
                java.util.Collections.reverse(order);
            }
            for (String label : order) {
                System.out.printf("%n=== Round %d of %d: %s (%s)%n", round + 1, ROUNDS, label, checkouts.get(label));
                runs.get(label).add(measure(checkouts.get(label), label + "-round" + (round + 1)));
            }
        }
        line("# Pipeline benchmark%s, %s", QUICK ? " (quick)" : "", Instant.now().truncatedTo(ChronoUnit.SECONDS));
        line("");
        line("%d cores, %s %s; everything on this machine; %d round(s)%s, the median of the rounds shown.",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.name"),
                System.getProperty("java.version"), ROUNDS, labels.size() > 1 ? ", the two interleaved" : "");
        line("CPU per finding: each process's CPU time (/proc) from the first POST until every finding is assigned and"
                + " alerted, less its rate at rest, over the findings. Cold: the first %d findings after the start;"
                + " warm: %d findings after at least %d more (the step at %d/s, topped up if it had fewer). Both at"
                + " %d findings/s.", COLD, WARM, WARM_UP, E2E_RATE, SLOW_RATE);
        line("");
        StringBuilder header = new StringBuilder("| figure |");
        StringBuilder rule = new StringBuilder("|---|");
        for (String label : labels) {
            header.append(' ').append(label).append(" |");
            rule.append("---:|");
        }
        if (labels.size() == 2) {
            header.append(" ratio |");
            rule.append("---:|");
        }
        line("%s", header);
        line("%s", rule);
        // Every figure any run produced (an older commit may lack one, e.g. the burst on a different timer table).
        java.util.Set<String> figures = new java.util.LinkedHashSet<>();
        runs.values().forEach(list -> list.forEach(run -> figures.addAll(run.keySet())));
        for (String figure : figures) {
            StringBuilder row = new StringBuilder("| " + figure + " |");
            List<Double> medians = new ArrayList<>();
            for (String label : labels) {
                double median = median(runs.get(label).stream().map(r -> r.getOrDefault(figure, Double.NaN))
                        .toList());
                medians.add(median);
                row.append(' ').append(format(median)).append(" |");
            }
            if (labels.size() == 2) {
                row.append(medians.get(0) == 0 ? " - |" : String.format(" %.2f |", medians.get(1) / medians.get(0)));
            }
            line("%s", row);
        }
        profiles.forEach(profile -> line("%s", profile));
        Path results = Path.of(System.getProperty("bench.results", "target/pipeline-results.md"));
        Files.writeString(results, String.join("\n", report) + "\n", StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
        System.out.println("Results written to " + results.toAbsolutePath());
    }

    /** One run on a fresh stack of the services under {@code services}; the figures in the order printed. */
    private Map<String, Double> measure(Path services, String run) throws Exception {
        Map<String, Double> figures = new LinkedHashMap<>();
        started = System.nanoTime();
        // The burst alone has no warm step to profile.
        Profiles profile = PROFILE && !BURST_ONLY ? Profiles.record(run) : null;
        Pipeline launched;
        try {
            launched = Pipeline.start(services, "pipeline");
        } finally {
            Profiles.launched();
        }
        try (Pipeline pipeline = launched) {
            phase("stack started");
            Thread.sleep(SETTLE.toMillis()); // start-up work (JIT, topic metadata, first rounds) settles
            if (BURST_ONLY) {
                burst(pipeline, figures);
                return figures;
            }
            figures.put("services started from a class data archive", (double) pipeline.startedFromClassArchive());
            Map<String, Double> before = pipeline.cpu();
            Map<String, Long> restCommits = transactions(pipeline);
            Thread.sleep(REST.toMillis());
            Map<String, Double> rest = rates(before, pipeline.cpu(), REST);
            rest.forEach((process, rate) -> figures.put("at rest, ms CPU/s: " + process, rate));
            Map<String, Long> restEnd = transactions(pipeline);
            Map<String, Double> restTx = new LinkedHashMap<>();
            restCommits.forEach((db, n) -> restTx.put(db, (restEnd.get(db) - n) / (REST.toMillis() / 1000.0)));
            restTx.forEach((db, rate) -> figures.put("at rest, DB transactions/s: " + db, rate));
            phase("at rest");

            perFinding(pipeline, COLD, rest, "cold", figures);
            phase("cold");

            // The step at 100/s is most of the warm-up too: the warm figures come after it.
            Pipeline.Sent e2e = pipeline.atRate(E2E_RATE, E2E_TIME, 64);
            pipeline.awaitProcessed(e2e.accepted().keySet(), Duration.ofSeconds(60));
            List<Long> toAssigned = pipeline.latencies(e2e.accepted(), false);
            List<Long> toAlert = pipeline.latencies(e2e.accepted(), true);
            figures.put("at 100/s: POST to finding.assigned p50 ms", Pipeline.percentile(toAssigned, 50) / 1000.0);
            figures.put("at 100/s: POST to finding.assigned p99 ms", Pipeline.percentile(toAssigned, 99) / 1000.0);
            figures.put("at 100/s: POST to alert p50 ms", Pipeline.percentile(toAlert, 50) / 1000.0);
            figures.put("at 100/s: POST to alert p99 ms", Pipeline.percentile(toAlert, 99) / 1000.0);
            figures.put("at 100/s: not accepted or not alerted", (double) (e2e.attempted() - toAlert.size()));
            phase("at 100/s");
            int more = WARM_UP - e2e.accepted().size();
            if (more > 0) {
                Pipeline.Sent warmUp = pipeline.atRate(E2E_RATE, Duration.ofMillis(more * 1000L / E2E_RATE), 32);
                pipeline.awaitProcessed(warmUp.accepted().keySet(), Duration.ofMinutes(2));
                phase("rest of the warm-up");
            }
            pipeline.awaitProcessed(e2e.accepted().keySet(), Duration.ofMinutes(2));
            pipeline.awaitQuiet(Duration.ofMinutes(3));
            phase("backlog worked off");

            Map<String, Long> commits = transactions(pipeline);
            long t0 = System.nanoTime();
            Instant windowStart = Instant.now();
            Pipeline.Sent warm = perFinding(pipeline, WARM, rest, "warm", figures);
            Map<String, Long> after = transactions(pipeline);
            double seconds = (System.nanoTime() - t0) / 1e9;
            // After the window's figures are taken: stopping and reading the recordings takes seconds.
            if (profile != null) {
                profiles.add("");
                profiles.add("### Warm step of " + run);
                profiles.addAll(profile.stop(pipeline.stack(), windowStart));
            }
            double all = 0;
            for (String db : commits.keySet()) {
                // Less the polling's transactions at rest over the same time, as for the CPU.
                double used = after.get(db) - commits.get(db) - restTx.get(db) * seconds;
                all += used;
                figures.put("DB transactions per finding, warm: " + db, used / warm.accepted().size());
            }
            figures.put("DB transactions per finding, warm: the four databases",
                    all / (double) warm.accepted().size());
            figures.put("POST at 20/s, warm: p50 ms", Pipeline.percentile(warm.postMicros(), 50) / 1000.0);
            figures.put("POST at 20/s, warm: p99 ms", Pipeline.percentile(warm.postMicros(), 99) / 1000.0);
            phase("warm");

            pipeline.awaitQuiet(Duration.ofMinutes(2));
            sustained(pipeline, figures);
            phase("sustained");
            pipeline.rss().forEach((service, mib) -> figures.put("RSS after the load, MiB: " + service,
                    mib.doubleValue()));
            stored(pipeline, figures);
            pipeline.awaitQuiet(Duration.ofMinutes(3));
            phase("backlog worked off");
            intakeAlone(pipeline, figures);
            phase("intake alone and its anchor");
            burst(pipeline, figures);
            phase("burst");
            // Nothing left to keep: a graceful stop would only add its seconds to the run.
            pipeline.stack().killAll("escalation-service");
        }
        return figures;
    }

    /** {@code count} findings at 20/s; each process's CPU per finding above its rate at rest. */
    private Pipeline.Sent perFinding(Pipeline pipeline, int count, Map<String, Double> rest, String phase,
            Map<String, Double> figures) throws Exception {
        Map<String, Double> before = pipeline.cpu();
        long t0 = System.nanoTime();
        Pipeline.Sent sent = pipeline.atRate(SLOW_RATE, Duration.ofMillis(count * 1000L / SLOW_RATE), 16);
        boolean all = pipeline.awaitProcessed(sent.accepted().keySet(), Duration.ofMinutes(2));
        Thread.sleep(1_000); // the work after the alert: timeline entries, metrics of the last events
        Map<String, Double> after = pipeline.cpu();
        Duration window = Duration.ofNanos(System.nanoTime() - t0);
        double services = 0;
        int accepted = Math.max(1, sent.accepted().size());
        for (String process : Pipeline.PROCESSES) {
            double used = after.get(process) - before.get(process) - rest.get(process) * window.toMillis() / 1000.0;
            double each = used / accepted;
            figures.put("CPU per finding, " + phase + ", ms: " + process, each);
            if (LocalStack.SERVICES.contains(process)) {
                services += each;
            }
        }
        figures.put("CPU per finding, " + phase + ", ms: the four services", services);
        // Findings still unprocessed at the end make the figure too low: shown, not hidden.
        figures.put("CPU per finding, " + phase + ": findings not processed within 2 min", all ? 0.0
                : (double) (sent.accepted().size() - pipeline.latencies(sent.accepted(), true).size()));
        return sent;
    }

    /**
     * The intake alone beside its pgbench anchor (as SystemBenchmark's "intake alone", shorter), once every consumer
     * has caught up: assignment and notification stopped, escalation-service left up, idle, for the burst that follows
     * (it consumes nothing the intake publishes), 16 closed-loop clients, then pgbench with the intake's transaction
     * at 16 clients.
     */
    private static void intakeAlone(Pipeline pipeline, Map<String, Double> figures) throws Exception {
        LocalStack stack = pipeline.stack();
        stack.killAll("assignment-service");
        stack.killAll("notification-service");
        IntakeAnchor.create(stack);
        IntakeAnchor.intake(pipeline, ANCHOR_CLIENTS, Duration.ofSeconds(5)); // the closed loop's own warm-up
        IntakeAnchor.Load intake = IntakeAnchor.intake(pipeline, ANCHOR_CLIENTS, ANCHOR_STEP);
        IntakeAnchor.Load anchor = IntakeAnchor.pgbench(stack, ANCHOR_CLIENTS, ANCHOR_STEP);
        String at = ANCHOR_CLIENTS + " clients";
        figures.put("intake alone, " + at + ": findings/s", intake.rate());
        figures.put("intake alone, " + at + ": p99 ms", intake.p(99) / 1000.0);
        figures.put("intake alone, " + at + ": errors", (double) intake.errors());
        figures.put("pgbench anchor (the intake's transaction), " + at + ": tx/s", anchor.rate());
        figures.put("intake alone, " + at + ": % of the anchor", 100 * intake.rate() / anchor.rate());
        // The anchor's rows would otherwise be vacuumed and checkpointed during the burst that follows.
        try (Connection c = stack.connect("postgres"); Statement st = c.createStatement()) {
            st.execute("DROP DATABASE anchor");
            st.execute("CHECKPOINT");
        }
    }

    /**
     * The sustained rate: findings accepted at {@code bench.sustained-rate} for {@code bench.sustained-seconds}, and
     * how fast the pipeline finished processing them (every case assigned and alerted), with what was left undone.
     */
    private void sustained(Pipeline pipeline, Map<String, Double> figures) throws Exception {
        long start = System.nanoTime();
        Pipeline.Sent sent = pipeline.atRate(SUSTAINED_RATE, SUSTAINED_TIME, 128);
        long lastPost = System.nanoTime();
        boolean all = pipeline.awaitProcessed(sent.accepted().keySet(), SUSTAINED_TIME.plusMinutes(2));
        long lastAlert = pipeline.lastAlert(sent.accepted().keySet());
        String at = " (at " + SUSTAINED_RATE + "/s for " + SUSTAINED_TIME.toSeconds() + " s)";
        figures.put("sustained" + at + ": accepted findings/s", sent.accepted().size()
                / (sent.elapsed().toNanos() / 1e9));
        figures.put("sustained" + at + ": processed findings/s", all
                ? sent.accepted().size() / ((lastAlert - start) / 1e9) : 0);
        figures.put("sustained" + at + ": all processed, s after the last POST", all
                ? Math.max(0, (lastAlert - lastPost) / 1e9) : Double.NaN);
        figures.put("sustained" + at + ": not accepted", (double) (sent.attempted() - sent.accepted().size()));
        figures.put("sustained" + at + ": accepted, not processed",
                (double) (sent.accepted().size() - pipeline.latencies(sent.accepted(), true).size()));
    }

    /**
     * The escalation burst of EscalationBenchmark in short: escalation-service alone (the others stopped, as there),
     * {@code bench.burst-open} open timers, then 10,000 falling due in the same second; the lag from due to fired.
     */
    private void burst(Pipeline pipeline, Map<String, Double> figures) throws Exception {
        LocalStack stack = pipeline.stack();
        for (String service : LocalStack.SERVICES) {
            if (!service.equals("escalation-service")) {
                stack.killAll(service);
            }
        }
        String at = "burst (10,000 due at once, " + BURST_OPEN / 1000 + "k open)";
        try (Connection c = stack.connect("escalation"); Statement st = c.createStatement()) {
            st.execute(timers(BURST_OPEN, "BENCH_OPEN", "now() + interval '30 days' + (g || ' seconds')::interval"));
            st.execute("ANALYZE deadline_timer");
            Instant dueAt = Instant.now().plusSeconds(3);
            st.execute(timers(BURST_DUE, "BENCH_DUE", "'" + dueAt + "'::timestamptz"));
            try {
                await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(200)).until(() -> count(st,
                        "SELECT count(*) FROM deadline_timer WHERE unit = 'BENCH_DUE' AND status = 'PENDING'") == 0);
            } catch (ConditionTimeoutException e) {
                // Reported below as timers not fired.
            }
            try (ResultSet rs = st.executeQuery("SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY lag),"
                    + " percentile_cont(0.99) WITHIN GROUP (ORDER BY lag), count(*) FROM (SELECT"
                    + " extract(epoch FROM fired_at - due_at) AS lag FROM deadline_timer WHERE unit = 'BENCH_DUE'"
                    + " AND status = 'FIRED') l")) {
                rs.next();
                boolean fired = rs.getLong(3) > 0; // else the percentiles are NULL, not 0
                figures.put(at + ": lag p50 s", fired ? rs.getDouble(1) : Double.NaN);
                figures.put(at + ": lag p99 s", fired ? rs.getDouble(2) : Double.NaN);
                figures.put(at + ": not fired within 5 min", (double) (BURST_DUE - rs.getLong(3)));
            }
        } catch (SQLException e) {
            // An older commit's timer table may differ: its figures stay empty rather than failing the comparison.
            System.out.println("Burst not measured: " + e.getMessage());
        }
    }

    /** Committed transactions so far in each service's database (pg_stat_database; the benchmark's own are few). */
    private static Map<String, Long> transactions(Pipeline pipeline) throws SQLException {
        Map<String, Long> commits = new LinkedHashMap<>();
        try (Connection c = pipeline.stack().connect("postgres"); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT datname, xact_commit FROM pg_stat_database WHERE datname IN"
                        + " ('findings', 'assignment', 'escalation', 'notification') ORDER BY datname")) {
            while (rs.next()) {
                commits.put(rs.getString(1), rs.getLong(2));
            }
        }
        return commits;
    }

    /** What each database holds per finding after the run, for the capacity model (docs/scaling.md). */
    private static void stored(Pipeline pipeline, Map<String, Double> figures) throws SQLException {
        long findings;
        try (Connection c = pipeline.stack().connect("findings"); Statement st = c.createStatement()) {
            findings = count(st, "SELECT count(*) FROM finding");
        }
        try (Connection c = pipeline.stack().connect("postgres"); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT datname, pg_database_size(datname) FROM pg_database WHERE"
                        + " datname IN ('findings', 'assignment', 'escalation', 'notification') ORDER BY datname")) {
            while (rs.next()) {
                figures.put("stored kB per finding (" + findings + " findings): " + rs.getString(1),
                        rs.getLong(2) / 1024.0 / Math.max(1, findings));
            }
        }
    }

    /** Inserts {@code n} pending level-1 timers of a benchmark unit, due at {@code dueAt} (g counts 1..n). */
    private static String timers(int n, String unit, String dueAt) {
        // The home district's timers: every timer names its district (#24).
        return "INSERT INTO deadline_timer (id, district, finding_id, generation, kind, level, unit, target, deadline,"
                + " due_at, status, policy_version, delay_rule, repeat_count) SELECT gen_random_uuid(), 'home',"
                + " gen_random_uuid(), 1,"
                + " 'RECTIFY', 1, '" + unit + "', 'UNIT_HEAD', " + dueAt + ", " + dueAt + ", 'PENDING', 'bench',"
                + " 'PT0S', 0 FROM generate_series(1, " + n + ") g";
    }

    private static long count(Statement st, String query) throws SQLException {
        try (ResultSet rs = st.executeQuery(query)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static Map<String, Double> rates(Map<String, Double> before, Map<String, Double> after, Duration time) {
        Map<String, Double> rates = new LinkedHashMap<>();
        before.forEach((process, ms) -> rates.put(process, (after.get(process) - ms) / (time.toMillis() / 1000.0)));
        return rates;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static String format(double value) {
        if (Double.isNaN(value)) {
            return "-";
        }
        return Math.abs(value) >= 100 ? String.format("%.0f", value) : String.format("%.1f", value);
    }

    /** How long the run has taken so far, after each step: where a quick run's minutes go. */
    private void phase(String step) {
        System.out.printf("[%4d s] %s%n", Duration.ofNanos(System.nanoTime() - started).toSeconds(), step);
    }

    private void line(String format, Object... args) {
        String text = String.format(format, args);
        report.add(text);
        System.out.println(text);
    }
}
