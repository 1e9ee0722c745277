package org.civcity.notification;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.net.ssl.SSLContext;

/**
 * Stands in for the two vendors' robot webhooks, which cannot be reached from here, over https: WeChat Work's
 * {@code /cgi-bin/webhook/send?key=} and DingTalk's {@code /robot/send?access_token=}. It checks each message against
 * the vendor's documented shape and limits, recomputes DingTalk's signature from its documented algorithm
 * (HMAC-SHA256 keyed by the secret over "timestamp\nsecret", base64, URL-encoded; the timestamp within an hour) and
 * answers as the vendors do: HTTP 200 with {"errcode":0,"errmsg":"ok"}, or a non-zero errcode.
 */
public final class RobotStandIn {

    /** One message a robot accepted. */
    public record Posted(String vendor, String robot, JsonNode body) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpsServer server;
    private final String base;
    private final List<Posted> posted = new CopyOnWriteArrayList<>();
    private final List<String> refused = new CopyOnWriteArrayList<>();
    private final Map<String, String> dingtalkSecrets = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> throttled = new ConcurrentHashMap<>();

    private RobotStandIn(HttpsServer server, String host) {
        this.server = server;
        this.base = "https://" + host + ":" + server.getAddress().getPort();
    }

    public static RobotStandIn start(SSLContext tls, String host) {
        try {
            HttpsServer server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.setHttpsConfigurator(new HttpsConfigurator(tls));
            RobotStandIn robots = new RobotStandIn(server, host);
            server.createContext("/", robots::handle);
            server.setExecutor(Executors.newFixedThreadPool(2));
            server.start();
            return robots;
        } catch (IOException e) {
            throw new IllegalStateException("Cannot start the robot stand-in", e);
        }
    }

    /** A WeChat Work robot's URL; every key is a robot (93000 for the key "removed"). */
    public String wecomUrl(String key) {
        return base + "/cgi-bin/webhook/send?key=" + key;
    }

    /** A DingTalk robot's URL; with a secret, requests must be signed with it. */
    public String dingtalkUrl(String token, String secret) {
        if (secret != null) {
            dingtalkSecrets.put(token, secret);
        }
        return base + "/robot/send?access_token=" + token;
    }

    /** The robot's next {@code n} messages are refused as too frequent (45009 / 130101). */
    public void throttle(String robot, int n) {
        throttled.computeIfAbsent(robot, k -> new AtomicInteger()).set(n);
    }

    public List<Posted> posted(String robot) {
        return posted.stream().filter(p -> p.robot().equals(robot)).toList();
    }

    /** The errors answered so far, as "robot errcode". */
    public List<String> refused() {
        return List.copyOf(refused);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
            String path = exchange.getRequestURI().getPath();
            if (!exchange.getRequestMethod().equals("POST")) {
                answer(exchange, 405, "{\"errcode\":-1,\"errmsg\":\"method\"}");
            } else if (path.equals("/cgi-bin/webhook/send")) {
                wecom(exchange, query.getOrDefault("key", ""), body);
            } else if (path.equals("/robot/send")) {
                dingtalk(exchange, query, body);
            } else {
                answer(exchange, 404, "not found");
            }
        } finally {
            exchange.close();
        }
    }

    private void wecom(HttpExchange exchange, String key, String body) throws IOException {
        JsonNode json = parse(body);
        String error;
        if (key.equals("removed")) {
            error = "93000 invalid webhook url";
        } else if (json == null) {
            error = "40001 invalid json";
        } else if (takeThrottle(key)) {
            error = "45009 api freq out of limit";
        } else {
            error = switch (json.path("msgtype").asText()) {
                case "text" -> limit(json.path("text").path("content"), 2048)
                        + mobiles(json.path("text").path("mentioned_mobile_list"));
                case "markdown" -> limit(json.path("markdown").path("content"), 4096)
                        + (json.path("markdown").has("mentioned_mobile_list") ? "40058 markdown has no mentions" : "");
                default -> "40008 invalid message type";
            };
        }
        finish(exchange, "wecom", key, json, error);
    }

    private void dingtalk(HttpExchange exchange, Map<String, String> query, String body) throws IOException {
        String token = query.getOrDefault("access_token", "");
        JsonNode json = parse(body);
        String secret = dingtalkSecrets.get(token);
        String error = "";
        if (secret != null) {
            error = signature(secret, query.get("timestamp"), query.get("sign"));
        }
        if (!error.isEmpty()) {
            finish(exchange, "dingtalk", token, json, error);
            return;
        }
        if (json == null) {
            error = "40035 invalid json";
        } else if (takeThrottle(token)) {
            error = "130101 send too fast, exceed 20 times per minute";
        } else {
            error = switch (json.path("msgtype").asText()) {
                case "text" -> limit(json.path("text").path("content"), 20000) + mobiles(json.path("at")
                        .path("atMobiles"));
                case "markdown" -> required(json.path("markdown"), "title") + limit(json.path("markdown")
                        .path("text"), 20000) + mobiles(json.path("at").path("atMobiles"))
                        + mentioned(json.path("markdown").path("text").asText(), json.path("at").path("atMobiles"));
                case "actionCard" -> required(json.path("actionCard"), "title") + limit(json.path("actionCard")
                        .path("text"), 20000) + (json.path("actionCard").has("singleURL")
                        ? required(json.path("actionCard"), "singleTitle") : required(json.path("actionCard"),
                        "btns"));
                default -> "40035 invalid msgtype";
            };
        }
        finish(exchange, "dingtalk", token, json, error);
    }

    /** DingTalk's check: a timestamp within an hour and the signature recomputed from the secret. */
    private static String signature(String secret, String timestamp, String sign) {
        if (timestamp == null || sign == null) {
            return "310000 sign not match";
        }
        long at;
        try {
            at = Long.parseLong(timestamp);
        } catch (NumberFormatException e) {
            return "310000 invalid timestamp";
        }
        if (Math.abs(System.currentTimeMillis() - at) > 3_600_000) {
            return "310000 invalid timestamp";
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] expected = mac.doFinal((timestamp + "\n" + secret).getBytes(StandardCharsets.UTF_8));
            byte[] given = Base64.getDecoder().decode(URLDecoder.decode(sign, StandardCharsets.UTF_8));
            return MessageDigest.isEqual(expected, given) ? "" : "310000 sign not match";
        } catch (Exception e) {
            return "310000 sign not match";
        }
    }

    private static String limit(JsonNode content, int maxBytes) {
        if (!content.isTextual() || content.asText().isBlank()) {
            return "44004 empty content";
        }
        return content.asText().getBytes(StandardCharsets.UTF_8).length > maxBytes ? "45002 content size exceed limit"
                : "";
    }

    private static String required(JsonNode node, String field) {
        return node.hasNonNull(field) ? "" : "40035 missing " + field;
    }

    private static String mobiles(JsonNode list) {
        if (list.isMissingNode()) {
            return "";
        }
        if (!list.isArray()) {
            return "40035 mentions must be a list";
        }
        for (JsonNode m : list) {
            if (!m.isTextual() || !m.asText().matches("1[0-9]{10}")) {
                return "40035 invalid mobile " + m;
            }
        }
        return "";
    }

    /** DingTalk @mentions a mobile only when the text says "@" and the number too. */
    private static String mentioned(String text, JsonNode mobiles) {
        for (JsonNode m : mobiles) {
            if (!text.contains("@" + m.asText())) {
                return "40035 @" + m.asText() + " not in text";
            }
        }
        return "";
    }

    private boolean takeThrottle(String robot) {
        AtomicInteger left = throttled.get(robot);
        return left != null && left.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
    }

    private void finish(HttpExchange exchange, String vendor, String robot, JsonNode json, String error)
            throws IOException {
        if (error.isEmpty()) {
            posted.add(new Posted(vendor, robot, json));
            answer(exchange, 200, "{\"errcode\":0,\"errmsg\":\"ok\"}");
        } else {
            int space = error.indexOf(' ');
            refused.add(robot + " " + error.substring(0, space));
            answer(exchange, 200, "{\"errcode\":" + error.substring(0, space) + ",\"errmsg\":\""
                    + error.substring(space + 1) + "\"}");
        }
    }

    private static JsonNode parse(String body) {
        try {
            JsonNode json = JSON.readTree(body);
            return json != null && json.isObject() ? json : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> query = new LinkedHashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    // Raw values: the signature is compared as sent (URL-encoded), then decoded once.
                    query.put(pair.substring(0, eq), pair.substring(eq + 1));
                }
            }
        }
        return query;
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
