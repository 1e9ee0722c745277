package org.civcity.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.civcity.stack.LocalStack;

/**
 * The intake beside its anchor: closed-loop clients posting findings, and pgbench running the intake's transaction
 * on the same PostgreSQL against a copy of the intake's schema, so the intake's rate reads as a share of what the
 * database itself does on that day's machine.
 */
final class IntakeAnchor {

    private IntakeAnchor() {
    }

    /** Latencies in microseconds of the successful requests of one step, and how many failed. */
    record Load(List<Long> micros, long errors, Duration elapsed) {

        double rate() {
            return micros.size() / (elapsed.toNanos() / 1e9);
        }

        long p(int percentile) {
            return Pipeline.percentile(micros, percentile);
        }
    }

    /** {@code clients} closed-loop clients posting findings to the pipeline's intake for {@code time}. */
    static Load intake(Pipeline pipeline, int clients, Duration time) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Long> micros = Collections.synchronizedList(new ArrayList<>());
        AtomicLong errors = new AtomicLong();
        long start = System.nanoTime();
        long end = start + time.toNanos();
        List<Future<?>> running = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            running.add(pool.submit(() -> {
                while (System.nanoTime() < end) {
                    long t0 = System.nanoTime();
                    if (pipeline.post() != null) {
                        micros.add((System.nanoTime() - t0) / 1000);
                    } else {
                        errors.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : running) {
            f.get();
        }
        pool.shutdown();
        return new Load(micros, errors.get(), Duration.ofNanos(System.nanoTime() - start));
    }

    /**
     * The anchor's database: the findings service's own migrations applied to an empty database, so pgbench writes
     * to the same tables, indexes and constraints the service writes to.
     */
    static void create(LocalStack stack) throws Exception {
        try (Connection c = stack.connect("postgres"); Statement st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS anchor");
            st.execute("CREATE DATABASE anchor");
        }
        Path root = Path.of(System.getProperty("civcity.root", "..")).toAbsolutePath().normalize();
        List<Path> migrations = new ArrayList<>();
        for (Path dir : List.of(root.resolve("shared/messaging/src/main/resources/db/shared"),
                root.resolve("findings-service/src/main/resources/db/migration"))) {
            try (Stream<Path> files = Files.list(dir)) {
                files.filter(f -> f.toString().endsWith(".sql")).forEach(migrations::add);
            }
        }
        // Flyway's order: by version number (V0_1 < V1 < V5).
        migrations.sort((a, b) -> Double.compare(version(a), version(b)));
        try (Connection c = stack.connect("anchor"); Statement st = c.createStatement()) {
            for (Path migration : migrations) {
                st.execute(Files.readString(migration));
            }
        }
    }

    private static double version(Path migration) {
        String name = migration.getFileName().toString();
        return Double.parseDouble(name.substring(1, name.indexOf("__")).replace('_', '.'));
    }

    /**
     * pgbench with the intake's transaction: the idempotency lock and lookups, the same-source and same-site reads,
     * then the finding, outbox and idempotency rows with payloads of the service's sizes.
     */
    static Load pgbench(LocalStack stack, int clients, Duration time) throws Exception {
        Path dir = Files.createTempDirectory("pgbench");
        Path script = dir.resolve("intake.sql");
        String event = "{\"findingId\":\"x\",\"source\":\"UNANNOUNCED_INSPECTION\",\"category\":\"SANITATION\","
                + "\"description\":\"Overflowing bins behind the market; litter along the wall for about 30"
                + " metres\",\"siteName\":\"Benchmark alley\",\"siteType\":\"BACK_ALLEY\",\"severity\":\"MEDIUM\"}";
        String response = event + event; // the stored 201 body is about twice the event's size
        Files.writeString(script, """
                \\set n random(1, 9000000000000000)
                \\set site random(1, 1000000)
                BEGIN;
                SELECT pg_try_advisory_xact_lock(hashtextextended('leaders-app' || chr(10) || 'k-' || :n, 0));
                SELECT * FROM idempotency_record WHERE client = 'leaders-app' AND key = 'k-' || :n;
                SELECT * FROM finding WHERE source_system = 'leaders-app' AND source_reference = 'r-' || :n;
                SELECT * FROM finding WHERE district = 'home' AND category = 'SANITATION'
                 AND latitude BETWEEN 20 + :site * 0.000001 - 0.0005 AND 20 + :site * 0.000001 + 0.0005
                 AND longitude BETWEEN 110 - 0.0005 AND 110 + 0.0005
                 AND (status <> 'CLOSED' OR closed_at >= now() - interval '90 days') ORDER BY reported_at;
                INSERT INTO finding (id, district, source, source_system, source_reference, site_type, site_name,
                 category, severity, description, observed_at, latitude, longitude, reported_at, reported_by, evidence,
                 status) VALUES (gen_random_uuid(), 'home', 'UNANNOUNCED_INSPECTION', 'leaders-app', 'r-' || :n,
                 'BACK_ALLEY', 'Benchmark alley ' || :site, 'SANITATION', 'MEDIUM',
                 'Overflowing bins behind the market; litter along the wall for about 30 metres',
                 now() - interval '1 hour', 20 + :site * 0.000001, 110, now(), 'leaders-app', '[]', 'REPORTED');
                INSERT INTO outbox_event (event_id, topic, type, event_key, subject, payload, occurred_at)
                 VALUES (gen_random_uuid(), 'civcity.findings', 'finding.reported', 'k-' || :n, 'k-' || :n,
                 '%s', now());
                INSERT INTO idempotency_record (client, key, request_hash, status_code, response_body, location,
                 created_at, expires_at) VALUES ('leaders-app', 'k-' || :n, md5('k-' || :n) || md5(:n::text), 201,
                 '%s', '/api/v1/findings/' || :n, now(), now() + interval '1 day');
                END;
                """.formatted(event, response));
        String[] hostPort = stack.postgres().split(":");
        List<String> command = List.of("pgbench", "-h", hostPort[0], "-p", hostPort[1], "-U", "postgres", "-n",
                "-c", Integer.toString(clients), "-j", Integer.toString(Math.min(clients, 2)),
                "-T", Long.toString(time.toSeconds()), "-f", script.toString(), "-l", "--log-prefix",
                dir.resolve("tx").toString(), "anchor");
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("PGPASSWORD", "postgres");
        Process pgbench = builder.redirectErrorStream(true)
                .redirectOutput(dir.resolve("out.txt").toFile()).start();
        pgbench.getOutputStream().close();
        if (!pgbench.waitFor(time.toSeconds() + 60, TimeUnit.SECONDS)) {
            pgbench.destroyForcibly();
            throw new IllegalStateException("pgbench did not finish: " + Files.readString(dir.resolve("out.txt")));
        }
        if (pgbench.exitValue() != 0) {
            throw new IllegalStateException("pgbench failed: " + Files.readString(dir.resolve("out.txt")));
        }
        // Per-transaction log lines: client_id transaction_no time_us script_no epoch epoch_us
        List<Long> micros = new ArrayList<>();
        try (Stream<Path> logs = Files.list(dir)) {
            for (Path log : logs.filter(f -> f.getFileName().toString().startsWith("tx")).toList()) {
                for (String l : Files.readAllLines(log)) {
                    String[] fields = l.split(" ");
                    if (fields.length >= 3) {
                        micros.add(Long.parseLong(fields[2]));
                    }
                }
            }
        }
        String out = Files.readString(dir.resolve("out.txt"));
        Matcher failed = Pattern.compile("number of failed transactions: (\\d+)").matcher(out);
        return new Load(micros, failed.find() ? Long.parseLong(failed.group(1)) : 0, time);
    }
}
