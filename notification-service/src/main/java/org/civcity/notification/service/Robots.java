package org.civcity.notification.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.civcity.notification.domain.Delivery;
import org.civcity.notification.domain.Recipient;

/**
 * The group robots leaders read: WeChat Work (企业微信群机器人) and DingTalk (钉钉自定义机器人). Builds each vendor's
 * message JSON within its length limits, signs DingTalk requests as DingTalk documents, and reads each vendor's
 * answer: a 200 with a non-zero errcode is not a delivery.
 */
public final class Robots {

    /** WeChat Work: text content at most 2048 bytes, markdown content at most 4096 bytes (UTF-8). */
    static final int WECOM_TEXT_BYTES = 2048;
    static final int WECOM_MARKDOWN_BYTES = 4096;
    /** DingTalk: a message's text at most 20000 bytes. */
    static final int DINGTALK_BYTES = 20000;
    /** Answers worth another attempt: system busy, and each vendor's "too many messages" (20 a minute per robot). */
    static final Set<Integer> WECOM_RETRY = Set.of(-1, 45009, 45033);
    static final Set<Integer> DINGTALK_RETRY = Set.of(-1, 130101, 130102);
    /** Prefix of an answer that no retry can change (a wrong signature, a removed robot): the delivery is dead. */
    public static final String PERMANENT = "robot refused: ";

    private static final ObjectMapper JSON = new ObjectMapper();

    private Robots() {
    }

    /** What the robot posts: the subject, the text, a link to the case and, for alerts that must be, to acknowledge. */
    public record Message(String subject, String text, String link, String acknowledgeLink, String mobile) {
    }

    /**
     * WeChat Work: an alert that must be acknowledged goes as {@code text} with the recipient's mobile @mentioned
     * (markdown cannot @mention by mobile); everything else as {@code markdown}.
     */
    public static String wecom(Message m) {
        ObjectNode body = JSON.createObjectNode();
        if (m.acknowledgeLink() != null) {
            body.put("msgtype", "text");
            ObjectNode text = body.putObject("text");
            String tail = "\n确认收到：" + m.acknowledgeLink() + (m.link() == null ? "" : "\n查看：" + m.link());
            text.put("content", fit(m.text(), WECOM_TEXT_BYTES, tail));
            if (m.mobile() != null) {
                text.putArray("mentioned_mobile_list").add(digits(m.mobile()));
            }
        } else {
            body.put("msgtype", "markdown");
            String tail = m.link() == null ? "" : "\n[查看详情](" + m.link() + ")";
            body.putObject("markdown").put("content", fit(markdown(m), WECOM_MARKDOWN_BYTES, tail));
        }
        return body.toString();
    }

    /**
     * DingTalk: {@code markdown} with the recipient's mobile @mentioned (the mention must appear in the text too); a
     * message with a link and nothing to acknowledge and no one to mention (a bulletin notice) as an
     * {@code actionCard} whose button opens the link.
     */
    public static String dingtalk(Message m) {
        ObjectNode body = JSON.createObjectNode();
        if (m.acknowledgeLink() == null && m.mobile() == null && m.link() != null) {
            body.put("msgtype", "actionCard");
            body.putObject("actionCard").put("title", m.subject())
                    .put("text", fit(markdown(m), DINGTALK_BYTES, ""))
                    .put("btnOrientation", "0")
                    .put("singleTitle", "查看详情")
                    .put("singleURL", m.link());
            return body.toString();
        }
        body.put("msgtype", "markdown");
        StringBuilder tail = new StringBuilder();
        if (m.acknowledgeLink() != null) {
            tail.append("\n\n[确认收到](").append(m.acknowledgeLink()).append(')');
        }
        if (m.link() != null) {
            tail.append("\n\n[查看详情](").append(m.link()).append(')');
        }
        if (m.mobile() != null) {
            tail.append("\n\n@").append(digits(m.mobile()));
        }
        body.putObject("markdown").put("title", m.subject())
                .put("text", fit(markdown(m), DINGTALK_BYTES, tail.toString()));
        ObjectNode at = body.putObject("at");
        ArrayNode mobiles = at.putArray("atMobiles");
        if (m.mobile() != null) {
            mobiles.add(digits(m.mobile()));
        }
        at.put("isAtAll", false);
        return body.toString();
    }

    /**
     * The robot deliveries of one message to {@code r}: one per robot the entry has, each with its vendor's JSON; the
     * dedup id is {@code key} and the channel.
     */
    public static java.util.List<Delivery> deliveries(Recipient r, String key, java.util.UUID findingId,
            String eventType, String recipient, Message m, java.time.Instant notBefore, java.util.UUID pageId) {
        java.util.List<Delivery> queued = new java.util.ArrayList<>();
        if (r.wecomWebhookUrl != null) {
            queued.add(robot(Delivery.of(key + Delivery.WECOM, Delivery.WECOM, findingId, eventType, recipient,
                    r.wecomWebhookUrl, m.subject(), wecom(m), notBefore), r, pageId));
        }
        if (r.dingtalkWebhookUrl != null) {
            queued.add(robot(Delivery.of(key + Delivery.DINGTALK, Delivery.DINGTALK, findingId, eventType,
                    recipient, r.dingtalkWebhookUrl, m.subject(), dingtalk(m), notBefore), r, pageId));
        }
        return queued;
    }

    private static Delivery robot(Delivery d, Recipient r, java.util.UUID pageId) {
        d.recipientId = r.id;
        d.pageId = pageId;
        return d;
    }

    /** The subject as a heading, then the text's other lines (each a paragraph, as both vendors' markdown wants). */
    private static String markdown(Message m) {
        boolean headed = m.text().lines().findFirst().filter(m.subject()::equals).isPresent();
        String rest = m.text().lines().skip(headed ? 1 : 0)
                .filter(line -> !line.isBlank()).reduce((a, b) -> a + "\n\n" + b).orElse("");
        return "### " + m.subject() + (rest.isEmpty() ? "" : "\n\n" + rest);
    }

    /** A mobile number as the vendors take it: its digits, without a +86 country code. */
    static String digits(String mobile) {
        String d = mobile.replaceAll("[^0-9]", "");
        return d.length() == 13 && d.startsWith("86") ? d.substring(2) : d;
    }

    /**
     * {@code text} followed by {@code tail}, within {@code maxBytes} of UTF-8: a longer text is cut (never inside a
     * character) and marked, so the tail with its links always arrives.
     */
    static String fit(String text, int maxBytes, String tail) {
        if (utf8(text) + utf8(tail) <= maxBytes) {
            return text + tail;
        }
        if (utf8(tail) > maxBytes / 2) {
            // Links this long (a misconfigured base URL) must not crowd out the message: cut them instead.
            return cut(text + tail, maxBytes, "……");
        }
        return cut(text, maxBytes - utf8(tail), tail.isEmpty() ? "……（未完）" : "……（全文见链接）") + tail;
    }

    /** {@code text} cut to fit {@code maxBytes} with {@code mark} after it, never inside a character. */
    private static String cut(String text, int maxBytes, String mark) {
        int allowed = maxBytes - utf8(mark);
        StringBuilder cut = new StringBuilder();
        int used = 0;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            int bytes = utf8(new String(Character.toChars(cp)));
            if (used + bytes > allowed) {
                break;
            }
            cut.appendCodePoint(cp);
            used += bytes;
            i += Character.charCount(cp);
        }
        return cut + mark;
    }

    static int utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    /**
     * DingTalk's signature (加签): the base64 of HMAC-SHA256 keyed by the secret over "timestamp\nsecret", URL-encoded;
     * the timestamp in milliseconds, and DingTalk refuses one more than an hour off.
     */
    public static String dingtalkSign(long timestampMillis, String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] sign = mac.doFinal((timestampMillis + "\n" + secret).getBytes(StandardCharsets.UTF_8));
            return URLEncoder.encode(Base64.getEncoder().encodeToString(sign), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    /** The robot URL with DingTalk's timestamp and signature appended. */
    public static String signedDingtalkUrl(String url, String secret, long timestampMillis) {
        return url + (url.contains("?") ? "&" : "?") + "timestamp=" + timestampMillis + "&sign="
                + dingtalkSign(timestampMillis, secret);
    }

    /**
     * Why a 200 answer of a robot is not a delivery, or null when it is ({"errcode":0}). A busy or throttled robot is
     * retried; any other code (a wrong signature 310000, a removed robot 93000 or 300001, a malformed message) is
     * {@link #PERMANENT}: retrying cannot change it.
     */
    static String answer(boolean dingtalk, String body) {
        JsonNode json;
        try {
            json = JSON.readTree(body);
        } catch (Exception e) {
            return "robot answered no JSON: " + abbreviate(body);
        }
        if (json == null || !json.path("errcode").isInt()) {
            return "robot answered without errcode: " + abbreviate(body);
        }
        int code = json.get("errcode").asInt();
        if (code == 0) {
            return null;
        }
        String error = "errcode " + code + " " + json.path("errmsg").asText("");
        return (dingtalk ? DINGTALK_RETRY : WECOM_RETRY).contains(code) ? "robot busy: " + error : PERMANENT + error;
    }

    private static String abbreviate(String body) {
        return body == null ? "" : body.length() <= 200 ? body : body.substring(0, 200);
    }
}
