package org.civcity.notification.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The robots' message limits and answers, without a server: the parts a test through the service cannot reach. */
class RobotsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String LINK = "https://civcity.example.gov.cn/board/?finding=1";
    private static final String ACK = "https://civcity.example.gov.cn/ack/token";

    @Test
    void aLongTextIsCutWithinTheByteLimitAndKeepsItsLinks() throws Exception {
        String text = "【督办】" + "幸福里小区垃圾堆放😀".repeat(400);
        JsonNode markdown = JSON.readTree(Robots.wecom(new Robots.Message("【督办】", text, LINK, null, null)));
        String content = markdown.get("markdown").get("content").asText();
        assertTrue(Robots.utf8(content) <= Robots.WECOM_MARKDOWN_BYTES, "" + Robots.utf8(content));
        assertTrue(content.endsWith("……（全文见链接）\n[查看详情](" + LINK + ")"), content);
        // Never cut inside a character: every surrogate pair stays whole.
        assertEquals(content, new String(content.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8));

        JsonNode mention = JSON.readTree(Robots.wecom(
                new Robots.Message("【督办】", text, LINK, ACK, "+86 139-0000-1234")));
        assertEquals("text", mention.get("msgtype").asText());
        String body = mention.get("text").get("content").asText();
        assertTrue(Robots.utf8(body) <= Robots.WECOM_TEXT_BYTES);
        assertTrue(body.endsWith("\n确认收到：" + ACK + "\n查看：" + LINK), body);
        assertEquals("13900001234", mention.get("text").get("mentioned_mobile_list").get(0).asText());

        // A text without links is marked as unfinished, not pointed at a link it does not have.
        String digest = Robots.fit("日报".repeat(3000), Robots.WECOM_MARKDOWN_BYTES, "");
        assertTrue(digest.endsWith("……（未完）") && Robots.utf8(digest) <= Robots.WECOM_MARKDOWN_BYTES);
        // Links longer than half the limit (a misconfigured base URL) are cut with the text, never over the limit.
        String overlong = Robots.fit("正文", 100, "\n[查看详情](https://x.example/" + "a".repeat(200) + ")");
        assertTrue(Robots.utf8(overlong) <= 100, overlong);
        assertEquals("短消息\n[查看详情](https://x)", Robots.fit("短消息", 100, "\n[查看详情](https://x)"));

        JsonNode card = JSON.readTree(Robots.dingtalk(new Robots.Message("【通报】", "【通报】\n正文", LINK, null, null)));
        assertEquals("actionCard", card.get("msgtype").asText());
        assertEquals(LINK, card.get("actionCard").get("singleURL").asText());
    }

    @Test
    void dingtalkSignsAsDocumentedAndAnswersAreClassified() throws Exception {
        // HMAC-SHA256 keyed by the secret over "timestamp\nsecret", base64, URL-encoded: the value computed apart
        // (Python's hmac, base64 and urllib.parse.quote_plus) from DingTalk's own example timestamp and secret.
        String sign = Robots.dingtalkSign(1577262236757L, "SECxxx");
        assertEquals("TajHYUQC5a6smO3qjKNgFiJalsQ51g5gqH0iiy2oY%2Bo%3D", sign);
        assertEquals("TajHYUQC5a6smO3qjKNgFiJalsQ51g5gqH0iiy2oY+o=", URLDecoder.decode(sign, StandardCharsets.UTF_8));
        assertTrue(Robots.signedDingtalkUrl("https://oapi.dingtalk.com/robot/send?access_token=t", "SECxxx",
                1577262236757L).endsWith("&timestamp=1577262236757&sign=" + sign));

        assertEquals(null, Robots.answer(true, "{\"errcode\":0,\"errmsg\":\"ok\"}"));
        assertTrue(Robots.answer(true, "{\"errcode\":130101,\"errmsg\":\"send too fast\"}").startsWith("robot busy"));
        assertTrue(Robots.answer(false, "{\"errcode\":45009,\"errmsg\":\"freq\"}").startsWith("robot busy"));
        assertTrue(Robots.answer(true, "{\"errcode\":310000,\"errmsg\":\"sign not match\"}")
                .startsWith(Robots.PERMANENT));
        assertTrue(Robots.answer(false, "{\"errcode\":93000,\"errmsg\":\"invalid webhook url\"}")
                .startsWith(Robots.PERMANENT));
        assertTrue(Robots.answer(false, "<html>gateway</html>").startsWith("robot answered no JSON"));
    }
}
