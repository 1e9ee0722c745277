package org.civcity.findings.rest;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.URL;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.civcity.testsupport.EmbeddedInfrastructure;
import org.civcity.testsupport.InfrastructureResource;
import org.civcity.testsupport.OidcTestServer;
import org.junit.jupiter.api.Test;

/** Generated malformed and hostile bodies: every one a 4xx problem+json, none stored, the service healthy after. */
@QuarkusTest
@QuarkusTestResource(value = InfrastructureResource.class,
        initArgs = @ResourceArg(name = "database", value = "findings"))
@QuarkusTestResource(OidcTestServer.class)
class MalformedInputTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final List<String> REQUIRED = List.of("source", "sourceSystem", "sourceReference", "siteType",
            "siteName", "category", "severity", "description", "observedAt");
    /** Values each field must refuse: wrong types, blanks where text is required, out of range, bad codes. */
    private static final Map<String, List<Object>> INVALID = Map.ofEntries(
            Map.entry("source", List.of("NOT_AN_ENUM", 12345, true, List.of(1), Map.of("a", 1), "")),
            Map.entry("sourceSystem", List.of("", " ", "<script>alert(1)</script>", "'; DROP TABLE finding; --",
                    List.of(1), Map.of("a", 1), "x".repeat(65))),
            Map.entry("sourceReference", List.of("", " ", List.of(1), Map.of("a", 1), "x".repeat(129))),
            Map.entry("inspectionRound", List.of(List.of(1), Map.of("a", 1), "x".repeat(101))),
            Map.entry("siteType", List.of("MOON_BASE", 12345, true, List.of(1), "")),
            Map.entry("siteName", List.of("", " ", List.of(1), Map.of("a", 1), "x".repeat(201))),
            Map.entry("siteCode", List.of("<script>", "a b", List.of(1), "x".repeat(65))),
            Map.entry("siteAddress", List.of(List.of(1), Map.of("a", 1), "x".repeat(301))),
            Map.entry("townshipName", List.of(List.of(1), Map.of("a", 1), "x".repeat(101))),
            Map.entry("category", List.of("WEATHER", 12345, false, Map.of("a", 1), "")),
            Map.entry("subcategory", List.of("lower-case", "<b>", List.of(1), "X".repeat(65))),
            Map.entry("severity", List.of("APOCALYPTIC", 12345, true, List.of(1), "")),
            Map.entry("description", List.of("", " ", List.of(1), Map.of("a", 1), "x".repeat(4001))),
            Map.entry("observedAt", List.of("yesterday", "2026-13-45T99:00:00Z", "2026-11-20", "2099-01-01T00:00:00Z",
                    true, List.of(1), Map.of("a", 1), "")),
            Map.entry("latitude", List.of(91, -90.5, 1e9, "north", List.of(1), Map.of("a", 1))),
            Map.entry("longitude", List.of(180.01, -181, 1e9, "east", List.of(1), Map.of("a", 1))),
            Map.entry("evidence", List.of(12345, "photo.jpg", true, Map.of("a", 1),
                    List.of(Map.of("url", "ftp://x")), List.of(Map.of("url", "https://x/1.jpg", "sha256", "xyz")),
                    List.of(Map.of("url", "https://x/1.jpg", "mediaType", "application/pdf")), List.of(Map.of()))),
            Map.entry("reporter", List.of(List.of(1), Map.of("a", 1), "x".repeat(101))),
            Map.entry("deductionPoints", List.of(-1.5, 100.5, 12345, "many", List.of(1), Map.of("a", 1))));

    @TestHTTPResource(value = "health/ready", management = true)
    URL health;

    @TestHTTPResource("/api/v1/findings")
    URL findings;

    /** Each case: content type and body; {@code mayBeValid} when a mutation may have left it valid JSON. */
    private record Attempt(String contentType, String body, boolean mayBeValid) {

        Attempt(String contentType, String body) {
            this(contentType, body, false);
        }
    }

    private static ObjectNode valid(Random random) {
        try {
            ObjectNode node = (ObjectNode) MAPPER.readTree(FindingResourceTest.finding("FUZZ-" + random.nextLong()));
            node.put("sourceReference", "FUZZ-" + UUID.randomUUID());
            return node;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<Attempt> attempts() {
        Random random = new Random(20261126);
        List<Attempt> attempts = new ArrayList<>();
        String json = "application/json";
        // Every field with every value it must refuse.
        INVALID.forEach((field, values) -> values.forEach(value -> {
            ObjectNode node = valid(random);
            node.set(field, MAPPER.valueToTree(value));
            attempts.add(new Attempt(json, node.toString()));
        }));
        for (String field : REQUIRED) {
            ObjectNode missing = valid(random);
            missing.remove(field);
            attempts.add(new Attempt(json, missing.toString()));
            ObjectNode nulled = valid(random);
            nulled.putNull(field);
            attempts.add(new Attempt(json, nulled.toString()));
        }
        ObjectNode onlyLatitude = valid(random);
        onlyLatitude.remove("longitude");
        attempts.add(new Attempt(json, onlyLatitude.toString()));
        ObjectNode tooMuchEvidence = valid(random);
        tooMuchEvidence.set("evidence", MAPPER.valueToTree(java.util.Collections.nCopies(21,
                Map.of("url", "https://x/1.jpg"))));
        attempts.add(new Attempt(json, tooMuchEvidence.toString()));
        // Deep nesting, broken JSON, wrong shapes, wrong content types.
        for (int depth : new int[] {40, 200, 5000}) {
            attempts.add(new Attempt(json, "{\"description\": " + "[".repeat(depth) + "]".repeat(depth) + "}"));
            attempts.add(new Attempt(json, "{\"a\":".repeat(depth) + "1" + "}".repeat(depth)));
        }
        String validText = valid(random).toString();
        for (String broken : List.of("", "null", "[]", "42", "\"text\"", "{", "}", "{\"source\": }",
                validText.substring(0, validText.length() / 2), validText + "garbage", validText + validText,
                "\uFEFF{]", "{'single': 'quotes'}")) {
            attempts.add(new Attempt(json, broken));
        }
        for (String type : List.of("text/plain", "application/xml", "application/x-www-form-urlencoded",
                "multipart/form-data; boundary=x", "image/png")) {
            attempts.add(new Attempt(type, validText));
        }
        // Byte-level mutations of a valid body: characters dropped, doubled, swapped for JSON punctuation or
        // control characters. Some stay valid (a mutation inside a text), so they may be stored, and are counted.
        String punctuation = "{}[]:,\"\\\u0000\u0001\n\t\u2028\uD800";
        for (int i = 0; i < 3000; i++) {
            StringBuilder text = new StringBuilder(valid(random).toString());
            for (int j = 0, changes = 1 + random.nextInt(4); j < changes; j++) {
                int at = random.nextInt(text.length());
                switch (random.nextInt(3)) {
                    case 0 -> text.deleteCharAt(at);
                    case 1 -> text.insert(at, text.charAt(at));
                    default -> text.setCharAt(at, punctuation.charAt(random.nextInt(punctuation.length())));
                }
            }
            attempts.add(new Attempt(json, text.toString(), true));
        }
        // Random combinations of refused values until there are ten thousand.
        List<String> fields = List.copyOf(INVALID.keySet());
        while (attempts.size() < 10_000) {
            ObjectNode node = valid(random);
            for (int i = 0, changes = 1 + random.nextInt(3); i < changes; i++) {
                String field = fields.get(random.nextInt(fields.size()));
                List<Object> values = INVALID.get(field);
                node.set(field, MAPPER.valueToTree(values.get(random.nextInt(values.size()))));
            }
            attempts.add(new Attempt(json, node.toString()));
        }
        return attempts;
    }

    private static long storedFindings() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://" + EmbeddedInfrastructure.postgres()
                + "/findings", EmbeddedInfrastructure.postgresUser(), EmbeddedInfrastructure.postgresPassword());
                ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM finding")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void tenThousandMalformedOrHostileRequestsAreProblemsAndStoreNothing() throws Exception {
        List<Attempt> attempts = attempts();
        assertEquals(10_000, attempts.size());
        long before = storedFindings();
        List<String> wrong = java.util.Collections.synchronizedList(new ArrayList<>());
        java.util.concurrent.atomic.AtomicInteger accepted = new java.util.concurrent.atomic.AtomicInteger();
        HttpClient client = HttpClient.newHttpClient();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        List<java.util.concurrent.Future<?>> sent = new ArrayList<>();
        for (Attempt attempt : attempts) {
            sent.add(pool.submit(() -> {
                HttpResponse<String> response = client.send(HttpRequest.newBuilder(findings.toURI())
                        .header("Authorization", "Bearer " + FindingResourceTest.REPORTER)
                        .header("Idempotency-Key", UUID.randomUUID().toString())
                        .header("Content-Type", attempt.contentType())
                        .POST(HttpRequest.BodyPublishers.ofString(attempt.body())).build(),
                        HttpResponse.BodyHandlers.ofString());
                int status = response.statusCode();
                String type = response.headers().firstValue("Content-Type").orElse(null);
                String text = response.body();
                if (status == 201 && attempt.mayBeValid()) {
                    accepted.incrementAndGet();
                } else if (status < 400 || status >= 500 || type == null
                        || !type.startsWith("application/problem+json")
                        || text.contains("Exception") || text.contains("at org.")) {
                    wrong.add(status + " " + type + " for " + attempt.contentType() + " "
                            + attempt.body().substring(0, Math.min(status < 400 ? 2000 : 300, attempt.body().length()))
                            + " -> " + text.substring(0, Math.min(300, text.length())));
                }
                return null;
            }));
        }
        for (java.util.concurrent.Future<?> f : sent) {
            f.get();
        }
        pool.shutdown();
        assertEquals(List.of(), wrong.subList(0, Math.min(10, wrong.size())), wrong.size() + " wrong answers");
        assertEquals(before + accepted.get(), storedFindings(), "findings stored beyond the accepted");
        given().get(health).then().statusCode(200);
    }

    @Test
    void oversizeBodiesAndHostileHeadersAreRefusedWithoutAFiveHundred() throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        long before = storedFindings();
        // Announced as 3 MB with Expect: 100-continue, as curl does: the refusal comes before the body is sent.
        String tooLarge = exchange("POST " + findings.getPath() + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Authorization: Bearer " + FindingResourceTest.REPORTER + "\r\nContent-Type: application/json\r\n"
                + "Idempotency-Key: " + UUID.randomUUID() + "\r\nContent-Length: " + 3 * 1024 * 1024 + "\r\n"
                + "Expect: 100-continue\r\n\r\n");
        assertTrue(tooLarge.startsWith("HTTP/1.1 413"), tooLarge);
        assertTrue(tooLarge.toLowerCase().contains("content-type: application/problem+json"), tooLarge);
        assertTrue(tooLarge.contains("\"status\":413"), tooLarge);
        int accepted = 0;
        for (String key : List.of("x".repeat(300), "", " ", "k%01ey", "a b", "a,b;c=\"d\"")) {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(findings.toURI())
                    .header("Authorization", "Bearer " + FindingResourceTest.REPORTER)
                    .header("Idempotency-Key", key)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(valid(new Random()).toString())).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertTrue(response.statusCode() == 201 || response.statusCode() / 100 == 4,
                    response.statusCode() + " for key '" + key + "': " + response.body());
            accepted += response.statusCode() == 201 ? 1 : 0;
        }
        // Raw requests a client library would refuse to send: control characters, a bare CR or LF, non-ASCII,
        // an oversize header. The server may refuse them or read them its way, but never fails on them.
        for (String header : List.of("Idempotency-Key: a\u0000b", "Idempotency-Key: a\rX-Injected: 1",
                "Idempotency-Key: ключ", "X-Long: " + "y".repeat(20_000),
                "Idempotency-Key: k\nX-Injected: 1")) {
            String status = raw(header);
            assertTrue(status.matches("HTTP/1.1 [24]\\d\\d.*") || status.isEmpty(),
                    header.substring(0, 20) + " -> " + status);
            accepted += status.startsWith("HTTP/1.1 201") ? 1 : 0;
        }
        given().get(health).then().statusCode(200);
        assertEquals(before + accepted, storedFindings(), "only accepted requests are stored");
    }

    @Test
    void scriptAndSqlTextIsStoredAsTextAndReturnedEscaped() {
        String hostile = "<script>alert('x')</script> '; DROP TABLE finding; -- \" \\ \u2028 ${jndi:ldap://x}";
        ObjectNode body = valid(new Random());
        body.put("description", hostile);
        body.put("siteName", "<img src=x onerror=alert(1)>");
        String id = given().auth().oauth2(FindingResourceTest.REPORTER)
                .header("Idempotency-Key", UUID.randomUUID().toString()).contentType("application/json")
                .body(body.toString()).post("/api/v1/findings").then().statusCode(201).extract().path("id");
        io.restassured.response.Response read = given().auth().oauth2(FindingResourceTest.REPORTER)
                .get("/api/v1/findings/" + id);
        read.then().statusCode(200).contentType("application/json")
                .header("X-Content-Type-Options", "nosniff")
                .body("description", org.hamcrest.Matchers.equalTo(hostile))
                .body("siteName", org.hamcrest.Matchers.equalTo("<img src=x onerror=alert(1)>"));
        // In the JSON text, the quote and backslash are escaped; the markup is inert data of a JSON string.
        assertTrue(read.asString().contains("\\\"") && read.asString().contains("\\\\"), read.asString());
    }

    /** Sends raw bytes and reads the whole answer until the server closes. */
    private String exchange(String request) throws Exception {
        try (java.net.Socket socket = new java.net.Socket(findings.getHost(), findings.getPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            socket.getOutputStream().flush();
            return new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    /** Sends a request by hand with one raw header line; returns the status line (empty if the server hung up). */
    private String raw(String headerLine) throws Exception {
        String body = valid(new Random()).toString();
        try (java.net.Socket socket = new java.net.Socket(findings.getHost(), findings.getPort())) {
            socket.setSoTimeout(10_000);
            String request = "POST " + findings.getPath() + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Authorization: Bearer " + FindingResourceTest.REPORTER + "\r\n"
                    + "Content-Type: application/json\r\n" + headerLine + "\r\n"
                    + "Content-Length: " + body.getBytes(java.nio.charset.StandardCharsets.UTF_8).length + "\r\n"
                    + "Connection: close\r\n\r\n" + body;
            socket.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            socket.getOutputStream().flush();
            java.io.BufferedReader in = new java.io.BufferedReader(new java.io.InputStreamReader(
                    socket.getInputStream(), java.nio.charset.StandardCharsets.UTF_8));
            String line = in.readLine();
            return line == null ? "" : line;
        } catch (java.net.SocketException e) {
            return "";
        }
    }
}
