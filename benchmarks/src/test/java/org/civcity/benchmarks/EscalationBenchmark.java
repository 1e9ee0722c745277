package org.civcity.benchmarks;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.core.ConditionTimeoutException;
import org.civcity.stack.LocalStack;
import org.civcity.stack.TestStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Escalation at scale: with 10k, 100k and 1M open timers loaded in bulk, 10k fall due at once; prints the lag of each
 * fired level (p50/p99/max) and the claim query's time at each size. Prints numbers, asserts nothing about time.
 * The packaged escalation-service runs alone (the other services are stopped so they take no CPU from it).
 * Run: ./mvnw -pl benchmarks verify -Dbenchmark=true -Dtest=EscalationBenchmark (after ./mvnw install -DskipTests)
 */
@EnabledIfSystemProperty(named = "benchmark", matches = "true")
class EscalationBenchmark {

    private static final int DUE = 10_000;
    private static TestStack env;
    private static LocalStack stack;

    @BeforeAll
    static void startStack() throws Exception {
        env = TestStack.start("benchmarks", "escalation", 1, options -> options);
        stack = env.stack();
        for (String service : LocalStack.SERVICES) {
            if (!service.equals("escalation-service")) {
                stack.killAll(service);
            }
        }
    }

    @AfterAll
    static void stopStack() {
        if (env != null) {
            env.close();
        }
    }

    private static Connection connect() throws Exception {
        return stack.connect("escalation");
    }

    @Test
    void burstOfDueTimersAtGrowingBacklogs() throws Exception {
        List<String> rows = new ArrayList<>();
        List<double[]> bySize = new ArrayList<>(); // lag p99 and claim time (ms) at each size
        try (Connection c = connect(); Statement st = c.createStatement()) {
            st.execute("DELETE FROM deadline_timer WHERE unit LIKE 'BENCH%'");
            long loaded = 0;
            for (long open : new long[] {10_000, 100_000, 1_000_000}) {
                // Open timers far in the future: the backlog the scanner must not be slowed by.
                long add = open - loaded;
                long t0 = System.nanoTime();
                st.execute("INSERT INTO deadline_timer (id, district, finding_id, generation, kind, level, unit,"
                        + " target, deadline, due_at, status, policy_version, delay_rule, repeat_count)"
                        + " SELECT gen_random_uuid(), 'home', gen_random_uuid(), 1, 'RECTIFY', 1, 'BENCH_OPEN',"
                        + " 'UNIT_HEAD',"
                        + " now() + interval '30 days', now() + interval '30 days' + (g || ' seconds')::interval,"
                        + " 'PENDING', 'bench', 'PT0S', 0 FROM generate_series(1, " + add + ") g");
                st.execute("ANALYZE deadline_timer");
                loaded = open;
                double loadSeconds = (System.nanoTime() - t0) / 1e9;

                String plan = explain(st);
                // 10k timers fall due in the same second.
                Instant dueAt = Instant.now().plusSeconds(3);
                st.execute("INSERT INTO deadline_timer (id, district, finding_id, generation, kind, level, unit,"
                        + " target, deadline, due_at, status, policy_version, delay_rule, repeat_count)"
                        + " SELECT gen_random_uuid(), 'home', gen_random_uuid(), 1, 'RECTIFY', 1, 'BENCH_DUE',"
                        + " 'UNIT_HEAD',"
                        + " '" + dueAt + "'::timestamptz, '" + dueAt + "'::timestamptz, 'PENDING', 'bench', 'PT0S', 0"
                        + " FROM generate_series(1, " + DUE + ")");
                try {
                    await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(200)).until(() -> count(st,
                            "SELECT count(*) FROM deadline_timer WHERE unit = 'BENCH_DUE' AND status = 'PENDING'")
                            == 0);
                } catch (ConditionTimeoutException e) {
                    // The lag columns then show how far the scanner got.
                }
                double[] lag = lags(st);
                bySize.add(new double[] {lag[1], claimMillis(plan)});
                rows.add(String.format(Locale.ROOT, "| %,9d | %,6d | %6.2f s | %7.3f s | %7.3f s | %7.3f s | %s |",
                        open, DUE, loadSeconds, lag[0], lag[1], lag[2], plan));
                st.execute("DELETE FROM deadline_timer WHERE unit = 'BENCH_DUE'");
            }
            long records = count(st, "SELECT pg_total_relation_size('deadline_timer')");
            long open = count(st, "SELECT count(*) FROM deadline_timer WHERE status = 'PENDING'");
            rows.add(String.format(Locale.ROOT, "bytes per open timer (table + indexes): %.0f",
                    (double) records / open));
        }
        double[] small = bySize.get(0);
        double[] large = bySize.get(bySize.size() - 1);
        rows.add(String.format(Locale.ROOT, "1M/10k ratio: lag p99 %.2f, claim query %.2f", large[0] / small[0],
                large[1] / small[1]));
        List<String> table = new ArrayList<>(List.of("",
                "## Escalation at scale: 10,000 timers due at once beside a growing backlog of open timers", "",
                "| open timers | due at once | load | lag p50 | lag p99 | lag max | claim query |",
                "|---:|---:|---:|---:|---:|---:|---|"));
        table.addAll(rows.subList(0, 3));
        table.add("");
        table.addAll(rows.subList(3, rows.size()));
        table.forEach(System.out::println);
        // bench.sh gathers every benchmark's table into one results file.
        String results = System.getProperty("bench.results");
        if (results != null) {
            Files.writeString(Path.of(results), String.join("\n", table) + "\n", StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        }
        assertEquals(5, rows.size());
    }

    /** The claim query's execution time from the plan text, in milliseconds. */
    private static double claimMillis(String plan) {
        Matcher m = Pattern.compile("Execution Time: ([0-9.]+) ms").matcher(plan);
        return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
    }

    private static String explain(Statement st) throws Exception {
        StringBuilder plan = new StringBuilder();
        try (ResultSet rs = st.executeQuery("EXPLAIN (ANALYZE, FORMAT TEXT) SELECT * FROM deadline_timer"
                + " WHERE status = 'PENDING' AND due_at <= now() AND district = 'home' ORDER BY due_at, level LIMIT 500"
                + " FOR UPDATE SKIP LOCKED")) {
            while (rs.next()) {
                String line = rs.getString(1).strip();
                if (line.startsWith("Execution Time") || line.contains("Index Scan")) {
                    plan.append(line.replaceAll("\\s+", " ").replaceAll("\\(cost.*?\\)", "")).append("; ");
                }
            }
        }
        return plan.toString();
    }

    private static double[] lags(Statement st) throws Exception {
        try (ResultSet rs = st.executeQuery("SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY lag),"
                + " percentile_cont(0.99) WITHIN GROUP (ORDER BY lag), max(lag) FROM (SELECT"
                + " extract(epoch FROM fired_at - due_at) AS lag FROM deadline_timer WHERE unit = 'BENCH_DUE'"
                + " AND status = 'FIRED') l")) {
            rs.next();
            return new double[] {rs.getDouble(1), rs.getDouble(2), rs.getDouble(3)};
        }
    }

    private static long count(Statement st, String query) throws Exception {
        try (ResultSet rs = st.executeQuery(query)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
