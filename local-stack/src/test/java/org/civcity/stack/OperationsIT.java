package org.civcity.stack;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.restassured.http.ContentType;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.civcity.contracts.EventTypes;
import org.civcity.contracts.Topics;
import org.civcity.standin.AlertReceiver;
import org.civcity.testsupport.CloudEventRecords;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Operations end to end on the packaged services: the supervision board in headless Chromium (Debian's package,
 * driven by Selenium) signs in at the real Keycloak, shows the test's case and updates when its escalation fires;
 * a real Prometheus (Debian's package) scrapes every service, every PromQL expression of the rules and dashboards
 * evaluates, those with something to show have data, and a dead letter the test induces fires its alert. Each half
 * is skipped where its Debian package is missing (.ci/run installs both).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OperationsIT {

    private static final Path ROOT = TestStack.root();
    private static final Path ARTIFACTS = ROOT.resolve("local-stack/target/e2e-artifacts");
    private static final String CHROMIUM = "/usr/bin/chromium";
    private static final String CHROMEDRIVER = "/usr/bin/chromedriver";

    private static TestStack env;
    private static AlertReceiver receiver;
    private static LocalStack stack;
    private static RealmTokens tokens;
    private static PrometheusServer prometheus;

    @BeforeAll
    static void startStack() throws Exception {
        Map<String, String> fastGauges = Map.of("civcity.metrics.refresh-interval", "PT1S");
        Map<String, String> assignment = new LinkedHashMap<>(fastGauges);
        assignment.put("assignment.acknowledge-within.HIGH", "PT300S");
        assignment.put("assignment.rectify-within.HIGH", "PT15S");
        // The board's case: its escalation must come after the browser has signed in and loaded the page, which
        // takes Chromium and Keycloak well over 15 s on a busy 2-core machine.
        assignment.put("assignment.acknowledge-within.MEDIUM", "PT300S");
        assignment.put("assignment.rectify-within.MEDIUM", "PT60S");
        env = TestStack.start("local-stack", "ops", 1, options -> options
                .withConfig("assignment-service", assignment).withConfig("escalation-service", fastGauges));
        receiver = env.receiver();
        stack = env.stack();
        tokens = env.tokens();
        if (PrometheusServer.installed()) {
            List<String> targets = new ArrayList<>();
            for (String service : LocalStack.SERVICES) {
                targets.add(stack.managementUrl(service, 0).substring("http://".length()));
            }
            prometheus = PrometheusServer.start(Files.createDirectories(env.dataDir().resolve("prometheus")),
                    Ports.free(), ROOT.resolve("deploy/prometheus/rules.yml"), targets);
        }
    }

    @AfterAll
    static void stopStack() throws Exception {
        if (prometheus != null) {
            prometheus.close();
        }
        if (env != null) {
            env.close();
        }
    }

    @Test
    @Order(1)
    void theSupervisionBoardShowsTheCaseAndUpdatesWhenItsEscalationFires() throws Exception {
        Tools.require(CHROMIUM, "chromium");
        Tools.require(CHROMEDRIVER, "chromium-driver");
        // A problem fixed and back at the same compound: a repeat, a point on the board's map.
        String fixedOnce = postFinding("OPS-MAP-1", 30.2612, "Xingfu Lane compound", "HIGH");
        closeFixed(fixedOnce);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().baseUri(stack.url("findings-service"))
                .auth().oauth2(tokens.user("supervisor")).get("/api/v1/findings/" + fixedOnce).then()
                .body("status", equalTo("CLOSED")));
        String repeat = postFinding("OPS-MAP-2", 30.2612, "Xingfu Lane compound", "HIGH");
        String id = postFinding("OPS-BOARD-1", 30.2741, "Hexie Garden, building 7", "MEDIUM");
        String leader = tokens.user("leader");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().baseUri(stack.url("escalation-service"))
                .auth().oauth2(leader).get("/api/v1/board/map").then().statusCode(200)
                .body("townships.code", org.hamcrest.Matchers.hasItem("XINHUA_SUBDISTRICT"))
                .body("points.find { it.findingId == '" + repeat + "' }.repeatCount", equalTo(1)));
        // Tracked by the escalation-service: the board has the case's unit and township before the browser opens.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().baseUri(stack.url("escalation-service"))
                .auth().oauth2(leader).get("/api/v1/board").then().statusCode(200)
                .body("cases.find { it.unit == 'URBAN_MANAGEMENT' }.open", org.hamcrest.Matchers.greaterThan(0)));

        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER)).usingAnyFreePort().build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        // As the machine notes require: no sandbox as root, and no background traffic to a network we do not have.
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1400,1000", "--lang=zh-CN");
        WebDriver browser = new ChromeDriver(service, options);
        try {
            WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
            browser.get(stack.url("escalation-service") + "/board/");
            // Not signed in: the page sends the browser to Keycloak's login form.
            wait.until(d -> !d.findElements(By.id("username")).isEmpty());
            assertTrue(browser.getCurrentUrl().contains("/realms/civcity/protocol/openid-connect/auth"),
                    browser.getCurrentUrl());
            browser.findElement(By.id("username")).sendKeys("leader");
            browser.findElement(By.id("password")).sendKeys("demo");
            browser.findElement(By.id("kc-login")).click();

            wait.until(d -> !d.findElements(By.cssSelector("#cases tr[data-unit='URBAN_MANAGEMENT']")).isEmpty());
            assertEquals("文明城市创建督办看板", browser.findElement(By.tagName("h1")).getText());
            assertTrue(browser.findElement(By.id("user")).getText().contains("Jun Chen"),
                    browser.findElement(By.id("user")).getText());
            assertTrue(browser.getPageSource().contains("升级动态"));
            assertTrue(Integer.parseInt(browser.findElement(By.id("total-open")).getText()) >= 1);
            String feedItem = "#feed li[data-finding='" + id + "']";
            assertTrue(browser.findElements(By.cssSelector(feedItem)).isEmpty(),
                    "the case escalated before the page had loaded: nothing left to see arrive");
            ((JavascriptExecutor) browser).executeScript("window.sameDocument = true;");
            screenshot(browser, "board-before-escalation.png");

            // The deadline passes: level 1 is raised and the page shows it without being reloaded.
            new WebDriverWait(browser, Duration.ofSeconds(90))
                    .until(d -> !d.findElements(By.cssSelector(feedItem)).isEmpty());
            assertEquals(Boolean.TRUE, ((JavascriptExecutor) browser).executeScript("return window.sameDocument;"),
                    "the feed updated in place");
            String text = browser.findElement(By.cssSelector(feedItem)).getText();
            assertEquals("fresh", browser.findElement(By.cssSelector(feedItem)).getAttribute("class"),
                    "a newly arrived escalation is highlighted");
            // Units by the names people use, as the routing data gives them, not by their codes.
            assertTrue(text.contains("第 1 级") && text.contains("城市管理局") && text.contains("整改逾期"), text);
            assertFalse(text.contains("URBAN_MANAGEMENT"), text);
            wait.until(d -> d.findElements(By.cssSelector("#cases tr.overdue[data-unit='URBAN_MANAGEMENT']")).size()
                    > 0);
            wait.until(d -> !d.findElements(By.cssSelector("#ranking tr[data-unit='URBAN_MANAGEMENT']")).isEmpty());
            // Accountability proposals awaiting a disposition have their list (none yet on the production ladder).
            wait.until(d -> !d.findElements(By.cssSelector("#awaiting li")).isEmpty());
            // The hot-spot map: townships from the routing data, shaded, the repeat placed, and its list fallback.
            wait.until(d -> !d.findElements(By.cssSelector("#map circle[data-finding='" + repeat + "']")).isEmpty());
            assertFalse(browser.findElements(By.cssSelector("#map path.area[data-township='XINHUA_SUBDISTRICT']"))
                    .isEmpty());
            String listed = browser.findElement(By.cssSelector("#map-points li[data-finding='" + repeat + "']"))
                    .getAttribute("textContent");
            assertTrue(listed.contains("复发问题：Xingfu Lane compound（新华街道，第 2 次发现"), listed);
            assertTrue(browser.findElement(By.id("map-areas")).getAttribute("textContent").contains("新华街道"));
            // The weekly trends: a chart per series, the district first, each with its table.
            assertFalse(browser.findElements(By.cssSelector("#trends figure[data-township='ALL'] polyline.overdue"))
                    .isEmpty());
            assertTrue(browser.findElement(By.cssSelector("#trends figure[data-township='ALL'] table"))
                    .getAttribute("textContent").contains("新派遣问题"));
            ((JavascriptExecutor) browser).executeScript("document.getElementById('map').scrollIntoView();");
            screenshot(browser, "board-map.png");
            ((JavascriptExecutor) browser).executeScript("window.scrollTo(0, 0);");
            screenshot(browser, "board.png");

            // The month's bulletin (通报) as a leader prints it: the page, its screenshot and its PDF are kept.
            String month = java.time.YearMonth.now(java.time.ZoneId.of("Asia/Shanghai")).toString();
            String bulletin = given().baseUri(stack.url("escalation-service")).auth().oauth2(leader)
                    .queryParam("format", "html").get("/api/v1/bulletins/" + month).then().statusCode(200)
                    .extract().asString();
            Files.writeString(ARTIFACTS.resolve("bulletin.html"), bulletin);
            browser.get("data:text/html;charset=utf-8;base64," + java.util.Base64.getEncoder()
                    .encodeToString(bulletin.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            wait.until(d -> d.findElement(By.tagName("h1")).getText().startsWith("全国文明城市创建工作通报"));
            assertTrue(browser.findElement(By.tagName("body")).getText().contains("城市管理局"),
                    "the department escalated above is in the bulletin");
            assertEquals(7, browser.findElements(By.tagName("h2")).size(), "seven sections");
            assertFalse(browser.findElements(By.cssSelector("figure[data-township='ALL'] svg polyline")).isEmpty(),
                    "the trends are drawn");
            screenshot(browser, "bulletin.png");
            byte[] pdf = java.util.Base64.getDecoder().decode(((org.openqa.selenium.PrintsPage) browser)
                    .print(new org.openqa.selenium.print.PrintOptions()).getContent());
            assertEquals("%PDF", new String(pdf, 0, 4, java.nio.charset.StandardCharsets.US_ASCII));
            Files.write(ARTIFACTS.resolve("bulletin.pdf"), pdf);
        } finally {
            browser.quit();
        }
    }

    @Test
    @Order(2)
    void prometheusScrapesEveryServiceAndEveryExpressionEvaluates() throws Exception {
        Tools.require("prometheus", "prometheus");
        // Something for every panel: a duplicate at one site, one case taken through to a verified fix.
        String site = "Minsheng Market, stall row 3";
        String first = postFinding("OPS-PROM-1", 30.2841, site, "HIGH");
        postFinding("OPS-PROM-2", 30.2841, site, "HIGH");
        closeFixed(first);

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            JsonNode up = prometheus.query("up{job=\"civcity\"} == 1").path("data").path("result");
            assertEquals(LocalStack.SERVICES.size(), up.size(), "targets up: " + prometheus.targets());
        });

        Map<String, String> mustHaveData = new LinkedHashMap<>();
        List<String> mayBeEmpty = new ArrayList<>();
        JsonNode rules = new YAMLMapper().readTree(ROOT.resolve("deploy/prometheus/rules.yml").toFile());
        for (JsonNode group : rules.path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                if (rule.has("record")) {
                    mustHaveData.put("rule " + rule.path("record").asText(), rule.path("expr").asText());
                    mustHaveData.put("recorded " + rule.path("record").asText(), rule.path("record").asText());
                } else {
                    mayBeEmpty.add(rule.path("expr").asText()); // an alert's condition is empty while all is well
                }
            }
        }
        ObjectMapper json = new ObjectMapper();
        try (var dashboards = Files.list(ROOT.resolve("deploy/grafana/dashboards"))) {
            for (Path file : dashboards.sorted().toList()) {
                for (JsonNode panel : json.readTree(file.toFile()).path("panels")) {
                    for (JsonNode target : panel.path("targets")) {
                        // As Grafana sends it with every district chosen (the variable's "All").
                        mustHaveData.put(file.getFileName() + ": " + panel.path("title").asText() + " "
                                + target.path("refId").asText(), target.path("expr").asText()
                                .replace("$district", ".*"));
                    }
                }
            }
        }
        assertTrue(mustHaveData.size() > 30, "expressions found: " + mustHaveData.size());
        for (String expr : mayBeEmpty) {
            JsonNode answer = prometheus.query(expr);
            assertEquals("success", answer.path("status").asText(), expr + ": " + answer);
        }
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
            List<String> empty = new ArrayList<>();
            for (Map.Entry<String, String> e : mustHaveData.entrySet()) {
                JsonNode answer = prometheus.query(e.getValue());
                assertEquals("success", answer.path("status").asText(), e.getKey() + ": " + answer);
                if (answer.path("data").path("result").isEmpty()) {
                    empty.add(e.getKey() + " = " + e.getValue());
                }
            }
            assertEquals(List.of(), empty, "expressions without data");
        });

        // Induce a dead letter: the escalation-service's consumer refuses an unreadable event, the alert fires.
        assertTrue(prometheus.alerts().findValues("alertname").stream()
                .noneMatch(n -> n.asText().equals("EventDeadLettered")), "nothing dead-lettered yet");
        Properties producer = new Properties();
        producer.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrap());
        try (KafkaProducer<String, String> kafka = new KafkaProducer<>(producer, new StringSerializer(),
                new StringSerializer())) {
            kafka.send(CloudEventRecords.cloudEvent(Topics.CASES, UUID.randomUUID(), EventTypes.CASE_CLOSED,
                    UUID.randomUUID().toString(), "{not json")).get();
        }
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            List<String> firing = new ArrayList<>();
            for (JsonNode alert : prometheus.alerts()) {
                if ("firing".equals(alert.path("state").asText())) {
                    firing.add(alert.path("labels").path("alertname").asText() + "/"
                            + alert.path("labels").path("consumer").asText());
                }
            }
            assertTrue(firing.contains("EventDeadLettered/escalation-service.deadlines"), "firing: " + firing);
            assertFalse(firing.stream().anyMatch(a -> a.startsWith("ServiceDown")), "firing: " + firing);
        });
    }

    /** The unit acknowledges and reports the fix, the office verifies it: the case is closed, fixed. */
    private static void closeFixed(String findingId) {
        String handler = tokens.user("handler-um");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assignment(handler)
                .post("/api/v1/cases/" + findingId + "/acknowledgement").then().statusCode(200));
        assignment(handler).body("{\"report\": \"Cleared\", \"evidenceUrls\": [\"https://evidence.example/1.jpg\"]}")
                .post("/api/v1/cases/" + findingId + "/rectification-report").then().statusCode(200);
        assignment(tokens.user("supervisor")).body("{\"passed\": true, \"note\": \"Checked on site\"}")
                .post("/api/v1/cases/" + findingId + "/verification").then().statusCode(200)
                .body("state", equalTo("CLOSED"));
    }

    private static io.restassured.specification.RequestSpecification assignment(String token) {
        return given().baseUri(stack.url("assignment-service")).auth().oauth2(token).contentType(ContentType.JSON);
    }

    private static String postFinding(String reference, double latitude, String siteName, String severity) {
        return given().baseUri(stack.url("findings-service")).auth().oauth2(tokens.client("leaders-app"))
                .header("Idempotency-Key", UUID.randomUUID().toString()).contentType(ContentType.JSON)
                .body("""
                        {"source": "UNANNOUNCED_INSPECTION", "sourceSystem": "leaders-app", "sourceReference": "%s",
                         "siteType": "RESIDENTIAL_COMPOUND", "siteName": "%s", "category": "SANITATION",
                         "severity": "%s", "description": "Construction waste piled at the entrance",
                         "observedAt": "2026-11-25T10:00:00+08:00", "latitude": %s, "longitude": 120.1551}"""
                        .formatted(reference, siteName, severity, latitude))
                .post("/api/v1/findings").then().statusCode(201).extract().path("id");
    }

    private static void screenshot(WebDriver browser, String name) throws Exception {
        Files.createDirectories(ARTIFACTS);
        Files.write(ARTIFACTS.resolve(name), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    }
}
