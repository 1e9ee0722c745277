package org.civcity.benchmarks;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;
import org.civcity.stack.LocalStack;
import org.civcity.stack.TestStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * An evaluator's file imported in the background. First end to end, the four services running: a 5,000-row CSV from
 * the POST to every row's case dispatched (the round's findings all routed to a township, as findings-service learns
 * from finding.assigned). Then findings-service alone (the import's own cost): per file, the request (read, check,
 * queue: the 202) and the import (rows through the intake), as rows per second, for CSV and XLSX at 1,000 and 5,000
 * rows. Prints numbers, asserts only that every row was imported and dispatched.
 * Run: ./mvnw -pl benchmarks verify -Dbenchmark=true -Dtest=RoundImportBenchmark (after ./mvnw install -DskipTests)
 */
@EnabledIfSystemProperty(named = "benchmark", matches = "true")
class RoundImportBenchmark {

    private static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    private static final List<String> HEADINGS = List.of("序号", "点位类型", "点位名称", "所属街道", "问题描述", "问题类别",
            "扣分", "发现时间", "照片链接");
    private static final Pattern FIELD = Pattern.compile("\"(state|imported)\"\\s*:\\s*\"?([A-Z0-9]+)\"?");
    private static TestStack env;
    private static LocalStack stack;
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    /** The round the last importFile posted. */
    private String lastRound;

    @BeforeAll
    static void startStack() throws Exception {
        env = TestStack.start("benchmarks", "rounds", 1, options -> options);
        stack = env.stack();
    }

    @AfterAll
    static void stopStack() {
        if (env != null) {
            env.close();
        }
    }

    @Test
    void backgroundImportOfEvaluatorsFiles() throws Exception {
        String token = env.tokens().client("leaders-app");
        // Warm-up of the whole pipeline: JIT and pools, not measured.
        importFile(token, "text/csv", csv(500, "warm"), 500);
        dispatched(token, lastRound, 500);
        List<String> table = new ArrayList<>(List.of("",
                "## Round import end to end: a 5,000-row CSV from the POST to every case dispatched (four services)",
                "", "| file | rows | request | imported | all dispatched | rows/s to dispatch |",
                "|---|---:|---:|---:|---:|---:|"));
        double[] endToEnd = importFile(token, "text/csv", csv(5_000, "e2e"), 5_000);
        long t0 = System.nanoTime();
        dispatched(token, lastRound, 5_000);
        double total = endToEnd[0] + endToEnd[1] + (System.nanoTime() - t0) / 1e9;
        table.add(String.format(Locale.ROOT, "| CSV | 5,000 | %.0f ms | %.1f s | %.1f s | %.0f |",
                endToEnd[0] * 1000, endToEnd[0] + endToEnd[1], total, 5_000 / total));
        for (String service : LocalStack.SERVICES) {
            if (!service.equals("findings-service")) {
                stack.killAll(service);
            }
        }
        table.addAll(List.of("",
                "## Round import: an evaluator's file imported in the background (findings-service alone)", "",
                "| file | rows | bytes | request (read, check, queue) | import | rows/s |",
                "|---|---:|---:|---:|---:|---:|"));
        for (int rows : new int[] {1_000, 5_000}) {
            for (String type : List.of("text/csv", XLSX)) {
                String prefix = UUID.randomUUID().toString().substring(0, 8);
                byte[] file = type.equals(XLSX) ? xlsx(rows, prefix) : csv(rows, prefix);
                double[] took = importFile(token, type, file, rows);
                table.add(String.format(Locale.ROOT, "| %s | %,d | %,d | %.0f ms | %.1f s | %.0f |",
                        type.equals(XLSX) ? "XLSX" : "CSV", rows, file.length, took[0] * 1000, took[1],
                        rows / took[1]));
            }
        }
        table.forEach(System.out::println);
        // bench.sh gathers every benchmark's table into one results file.
        String results = System.getProperty("bench.results");
        if (results != null) {
            Files.writeString(Path.of(results), String.join("\n", table) + "\n", StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        }
    }

    /** Waits until findings-service knows every finding of {@code round} dispatched (its township set). */
    private void dispatched(String token, String round, int rows) {
        await().atMost(Duration.ofMinutes(30)).pollInterval(Duration.ofMillis(250)).until(() -> {
            JsonNode summary = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(stack.url(
                    "findings-service") + "/api/v1/rounds/" + URLEncoder.encode(round, StandardCharsets.UTF_8)))
                    .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString()).body());
            long routed = 0;
            for (JsonNode group : summary.path("byTownship")) {
                routed += group.path("key").isTextual() ? group.path("findings").asLong() : 0;
            }
            return routed == rows;
        });
    }

    /** Posts the file for a background import and follows it until DONE: seconds to the 202, then to DONE. */
    private double[] importFile(String token, String type, byte[] file, int rows) throws Exception {
        String round = "bench-" + UUID.randomUUID();
        lastRound = round;
        long t0 = System.nanoTime();
        HttpResponse<String> accepted = http.send(HttpRequest.newBuilder(URI.create(stack.url("findings-service")
                        + "/api/v1/rounds/" + round + "/import")).timeout(Duration.ofMinutes(2))
                .header("Authorization", "Bearer " + token).header("Content-Type", type)
                .header("Prefer", "respond-async").POST(HttpRequest.BodyPublishers.ofByteArray(file)).build(),
                HttpResponse.BodyHandlers.ofString());
        double request = (System.nanoTime() - t0) / 1e9;
        assertEquals(202, accepted.statusCode(), accepted.body());
        String status = accepted.headers().firstValue("Location").orElseThrow();
        long t1 = System.nanoTime();
        String[] last = {""};
        await().atMost(Duration.ofMinutes(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
            last[0] = http.send(HttpRequest.newBuilder(URI.create(status)).header("Authorization", "Bearer " + token)
                    .build(), HttpResponse.BodyHandlers.ofString()).body();
            return last[0].contains("\"state\":\"DONE\"") || last[0].contains("\"state\":\"FAILED\"");
        });
        double imported = (System.nanoTime() - t1) / 1e9;
        Matcher m = FIELD.matcher(last[0]);
        String count = null;
        while (m.find()) {
            count = m.group(1).equals("imported") ? m.group(2) : count;
        }
        assertTrue(last[0].contains("\"state\":\"DONE\""), last[0]);
        assertEquals(Integer.toString(rows), count, last[0]);
        return new double[] {request, imported};
    }

    private static String[] row(int i, String prefix) {
        return new String[] {Integer.toString(i), "背街小巷", prefix + "后巷" + i + "号", "和平镇", "垃圾堆放，周边有散落垃圾",
            "环境卫生", "0.5", "2026-11-20 8:" + String.format(Locale.ROOT, "%02d", i % 60),
            "https://evidence.example.gov.cn/r/" + prefix + "/" + i + ".jpg"};
    }

    private static byte[] csv(int rows, String prefix) {
        StringBuilder out = new StringBuilder(String.join(",", HEADINGS)).append('\n');
        for (int i = 1; i <= rows; i++) {
            out.append(String.join(",", row(i, prefix))).append('\n');
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] xlsx(int rows, String prefix) throws Exception {
        try (SXSSFWorkbook workbook = new SXSSFWorkbook(100); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            Sheet sheet = workbook.createSheet("问题清单");
            Row heading = sheet.createRow(0);
            for (int c = 0; c < HEADINGS.size(); c++) {
                heading.createCell(c).setCellValue(HEADINGS.get(c));
            }
            for (int i = 1; i <= rows; i++) {
                Row r = sheet.createRow(i);
                String[] cells = row(i, prefix);
                for (int c = 0; c < cells.length; c++) {
                    r.createCell(c).setCellValue(cells[c]);
                }
            }
            workbook.write(out);
            return out.toByteArray();
        }
    }
}
