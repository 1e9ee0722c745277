package org.civcity.notification.service;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.civcity.notification.AlertReceiverResource;
import org.civcity.notification.CaseEvents;
import org.civcity.notification.RobotStandIn;
import org.civcity.shared.security.Roles;
import org.civcity.testsupport.InfrastructureResource;
import org.civcity.testsupport.OidcTestServer;
import org.civcity.testsupport.Tokens;
import org.junit.jupiter.api.Test;

/**
 * Issue #22: WeChat Work and DingTalk group robots, against a stand-in of each vendor's webhook (none can be reached
 * from here) that checks the documented message shapes and limits, recomputes DingTalk's signature and answers with
 * the vendors' error codes.
 */
@QuarkusTest
@QuarkusTestResource(value = InfrastructureResource.class,
        initArgs = @ResourceArg(name = "database", value = "notification"))
@QuarkusTestResource(OidcTestServer.class)
@QuarkusTestResource(AlertReceiverResource.class)
class RobotChannelsTest {

    private static final String ADMIN = Tokens.user(Roles.ADMIN);
    private static final String OPS = Tokens.user(Roles.OPS);

    @Inject
    ObjectMapper mapper;

    private static RobotStandIn robots() {
        return AlertReceiverResource.robots;
    }

    private static String unit(String prefix) {
        return prefix + "_" + Long.toHexString(System.nanoTime()).toUpperCase();
    }

    private static String secret() {
        return "SEC" + UUID.randomUUID().toString().replace("-", "") + "a1b2";
    }

    private static String addRobots(String unit, String wecom, String dingtalk, String secret, String mobile) {
        return given().auth().oauth2(ADMIN).contentType(ContentType.JSON).body(Map.of("role", "UNIT_HEAD",
                        "unit", unit, "name", "李明", "wecomWebhookUrl", wecom, "dingtalkWebhookUrl", dingtalk,
                        "dingtalkSecret", secret, "mobile", mobile))
                .post("/api/v1/recipients").then().statusCode(201).extract().path("id");
    }

    private static List<Map<String, Object>> deliveries(UUID findingId) {
        return given().auth().oauth2(OPS).queryParam("findingId", findingId.toString()).get("/api/v1/deliveries")
                .then().statusCode(200).extract().jsonPath().getList("$");
    }

    private static Map<String, Object> delivery(UUID findingId, String channel) {
        return deliveries(findingId).stream().filter(d -> channel.equals(d.get("channel"))).findFirst().orElse(null);
    }

    @Test
    void eachVendorGetsItsOwnShapeSignedAndWithTheMention() {
        String unit = unit("ROBOTS");
        String key = UUID.randomUUID().toString();
        String token = "tok" + UUID.randomUUID().toString().replace("-", "");
        String secret = secret();
        String id = addRobots(unit, robots().wecomUrl(key), robots().dingtalkUrl(token, secret), secret,
                "+86 139 0000 1234");
        // The robots' URLs carry their key and token: never read back whole, and the secret not at all.
        String listed = given().auth().oauth2(OPS).get("/api/v1/recipients").then().statusCode(200).extract()
                .asString();
        assertFalse(listed.contains(key), listed);
        assertFalse(listed.contains(token), listed);
        assertFalse(listed.contains(secret), listed);
        assertTrue(listed.contains("key=***") && listed.contains("access_token=***"), listed);
        assertTrue(JsonPath.from(listed).getList("findAll { it.id == '" + id + "' }.dingtalkSigned")
                .contains(true));

        CaseEvents events = CaseEvents.of(mapper);
        events.reported("mock-eval", "幸福里小区");
        events.escalated("UNIT_HEAD", unit, 1, 3725, Instant.now());
        await().atMost(Duration.ofSeconds(20)).until(() -> !robots().posted(key).isEmpty()
                && !robots().posted(token).isEmpty());

        JsonNode wecom = robots().posted(key).get(0).body();
        assertEquals("markdown", wecom.get("msgtype").asText());
        String content = wecom.get("markdown").get("content").asText();
        assertTrue(content.startsWith("### 【"), content);
        assertTrue(content.contains("已超时1小时2分钟"), content);
        assertTrue(content.endsWith("[查看详情](http://127.0.0.1:8083/board/?finding=" + events.findingId() + ")"),
                content);

        JsonNode dingtalk = robots().posted(token).get(0).body();
        assertEquals("markdown", dingtalk.get("msgtype").asText());
        String title = dingtalk.get("markdown").get("title").asText();
        assertTrue(title.startsWith("【") && !title.contains("\n"), title);
        assertTrue(dingtalk.get("markdown").get("text").asText().endsWith("@13900001234"), dingtalk.toString());
        assertEquals("13900001234", dingtalk.get("at").get("atMobiles").get(0).asText());
        assertFalse(dingtalk.get("at").get("isAtAll").asBoolean());

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertEquals("DELIVERED", delivery(events.findingId(), "WECOM").get("status"));
            assertEquals("DELIVERED", delivery(events.findingId(), "DINGTALK").get("status"));
        });
    }

    @Test
    void anAlertThatMustBeAcknowledgedMentionsTheLeaderAndCarriesTheLink() {
        String unit = unit("ROBOT_ACK");
        String key = UUID.randomUUID().toString();
        String token = "tok" + UUID.randomUUID().toString().replace("-", "");
        String secret = secret();
        addRobots(unit, robots().wecomUrl(key), robots().dingtalkUrl(token, secret), secret, "13900002468");
        CaseEvents events = CaseEvents.of(mapper);
        events.escalated("UNIT_HEAD", unit, 2, 7200, Instant.now());
        await().atMost(Duration.ofSeconds(20)).until(() -> !robots().posted(key).isEmpty()
                && !robots().posted(token).isEmpty());
        // WeChat Work: markdown cannot @mention by mobile, so the alert goes as text with the mention.
        JsonNode wecom = robots().posted(key).get(0).body();
        assertEquals("text", wecom.get("msgtype").asText());
        assertEquals("13900002468", wecom.get("text").get("mentioned_mobile_list").get(0).asText());
        String text = wecom.get("text").get("content").asText();
        assertTrue(text.contains("\n确认收到：http://127.0.0.1:8081/ack/"), text);
        // DingTalk: markdown with the link to acknowledge and the mention, in the text and in at.atMobiles.
        JsonNode dingtalk = robots().posted(token).get(0).body();
        String markdown = dingtalk.get("markdown").get("text").asText();
        assertTrue(markdown.contains("[确认收到](http://127.0.0.1:8081/ack/"), markdown);
        assertTrue(markdown.endsWith("@13900002468"), markdown);
        // Operators see the deliveries, but not the robots' keys.
        List<Map<String, Object>> sent = deliveries(events.findingId());
        assertTrue(sent.stream().anyMatch(d -> "WECOM".equals(d.get("channel"))));
        sent.forEach(d -> assertFalse(String.valueOf(d.get("endpoint")).contains(key)
                || String.valueOf(d.get("endpoint")).contains(token), d.toString()));
    }

    @Test
    void aWrongSignatureOrARemovedRobotIsDeadAtOnceAndThrottlingIsRetried() {
        String unit = unit("ROBOT_ERRORS");
        String token = "tok" + UUID.randomUUID().toString().replace("-", "");
        // The robot expects one secret, the directory holds another: DingTalk answers 310000, which no retry mends.
        robots().dingtalkUrl(token, secret());
        addRobots(unit, robots().wecomUrl("removed"), robots().dingtalkUrl(token, null), secret(), "13900005678");
        CaseEvents events = CaseEvents.of(mapper);
        events.escalated("UNIT_HEAD", unit, 1, 60, Instant.now());
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            Map<String, Object> dingtalk = delivery(events.findingId(), "DINGTALK");
            assertEquals("DEAD", dingtalk.get("status"));
            assertEquals(1, dingtalk.get("attempts"));
            assertTrue(dingtalk.get("lastError").toString().contains("errcode 310000"), dingtalk.toString());
            Map<String, Object> wecom = delivery(events.findingId(), "WECOM");
            assertEquals("DEAD", wecom.get("status"));
            assertEquals(1, wecom.get("attempts"));
            assertTrue(wecom.get("lastError").toString().contains("errcode 93000"), wecom.toString());
        });
        assertTrue(robots().refused().contains(token + " 310000"), robots().refused().toString());

        // "Too many messages" (45009, 130101) is worth waiting for: retried with back-off until delivered.
        String throttledUnit = unit("ROBOT_BUSY");
        String key = UUID.randomUUID().toString();
        String busy = "tok" + UUID.randomUUID().toString().replace("-", "");
        String secret = secret();
        robots().throttle(key, 2);
        robots().throttle(busy, 2);
        addRobots(throttledUnit, robots().wecomUrl(key), robots().dingtalkUrl(busy, secret), secret, "13900005678");
        CaseEvents later = CaseEvents.of(mapper);
        later.escalated("UNIT_HEAD", throttledUnit, 1, 60, Instant.now());
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            for (String channel : List.of("WECOM", "DINGTALK")) {
                Map<String, Object> d = delivery(later.findingId(), channel);
                assertEquals("DELIVERED", d.get("status"), d.toString());
                assertEquals(3, d.get("attempts"), d.toString());
            }
        });
        assertEquals(1, robots().posted(key).size());
        assertEquals(1, robots().posted(busy).size());
    }

    @Test
    void robotUrlsMustBeHttpsWithTheirKeyAndNothingIsStored() {
        String unit = unit("ROBOT_BAD");
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON).body(Map.of("role", "UNIT_HEAD", "unit", unit,
                        "name", "王芳", "wecomWebhookUrl", "http://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k",
                        "dingtalkWebhookUrl", "https://oapi.dingtalk.com/robot/send",
                        "dingtalkSecret", "not-a-secret"))
                .post("/api/v1/recipients").then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", containsInAnyOrder("wecomWebhookUrl", "dingtalkWebhookUrl", "dingtalkSecret"));
        // A robot on an internal address is refused like any other destination.
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON).body(Map.of("role", "UNIT_HEAD", "unit", unit,
                        "name", "王芳", "wecomWebhookUrl", "https://169.254.169.254/cgi-bin/webhook/send?key=k"))
                .post("/api/v1/recipients").then().statusCode(400)
                .body("errors[0].field", equalTo("wecomWebhookUrl"));
        given().auth().oauth2(OPS).get("/api/v1/recipients").then().statusCode(200)
                .body("unit", not(hasItem(unit)));
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON).body(Map.of("role", "UNIT_HEAD", "unit", unit,
                        "name", "王芳", "dingtalkSecret", secret()))
                .post("/api/v1/recipients").then().statusCode(400)
                .body("detail", containsString("DingTalk"));
    }
}
