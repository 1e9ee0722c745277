package org.civcity.standin;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;

/**
 * A small HTTP server on loopback standing in for alert endpoints, posting systems' callbacks and the carrier's SMS
 * gateway: it records every POST and can be told to fail. Paths ending in {@code /always-500} always fail; paths
 * ending in {@code /redirect} answer 302 to {@code /redirected}; paths ending in {@code /endless-body} are accepted
 * (200) with a body that does not end until the client stops reading (or a minute has passed). It speaks http, or
 * https with a given certificate under a given host name.
 */
public final class AlertReceiver implements AutoCloseable {

    /** One request as received. */
    public record Received(String path, String deliveryId, String eventType, String timestamp, String signature,
            String body, String authorization, Instant at, String traceparent) {
    }

    private final HttpServer server;
    private final String base;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger failNext = new AtomicInteger();
    private volatile Consumer<Received> listener = r -> { };

    private AlertReceiver(HttpServer server, String base) {
        this.server = server;
        this.base = base;
    }

    public static AlertReceiver start() {
        return start(0);
    }

    /** Starts on {@code port} of 127.0.0.1 (0: any free port). */
    public static AlertReceiver start(int port) {
        return start("127.0.0.1", port);
    }

    /** Starts on {@code port} of {@code address}: a container's stand-in listens on all of its own interfaces. */
    public static AlertReceiver start(String address, int port) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(address, port), 0);
            return serve(new AlertReceiver(server, "http://" + address + ":" + server.getAddress().getPort()));
        } catch (IOException e) {
            throw new IllegalStateException("Cannot start the alert receiver", e);
        }
    }

    /**
     * Starts an https stand-in on a free port of 127.0.0.1 presenting the certificate of {@code tls}; its URLs name
     * {@code host}, which the caller makes resolve to 127.0.0.1.
     */
    public static AlertReceiver startTls(SSLContext tls, String host) {
        try {
            HttpsServer server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.setHttpsConfigurator(new HttpsConfigurator(tls));
            return serve(new AlertReceiver(server, "https://" + host + ":" + server.getAddress().getPort()));
        } catch (IOException e) {
            throw new IllegalStateException("Cannot start the alert receiver", e);
        }
    }

    private static AlertReceiver serve(AlertReceiver receiver) {
        HttpServer server = receiver.server;
        server.createContext("/", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                String path = exchange.getRequestURI().getPath();
                if (exchange.getRequestMethod().equals("GET") && path.equals("/received")) {
                    listing(exchange, receiver.received);
                    return;
                }
                int status;
                if (path.endsWith("/redirect")) {
                    exchange.getResponseHeaders().add("Location", receiver.url("/redirected"));
                    exchange.sendResponseHeaders(302, -1);
                    return;
                }
                if (path.endsWith("/always-500") || receiver.failNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                    status = 500;
                } else {
                    Received alert = new Received(path,
                            exchange.getRequestHeaders().getFirst("X-Civcity-Delivery-Id"),
                            exchange.getRequestHeaders().getFirst("X-Civcity-Event-Type"),
                            exchange.getRequestHeaders().getFirst("X-Civcity-Timestamp"),
                            exchange.getRequestHeaders().getFirst("X-Civcity-Signature"), body,
                            exchange.getRequestHeaders().getFirst("Authorization"), Instant.now(),
                            exchange.getRequestHeaders().getFirst("traceparent"));
                    receiver.received.add(alert);
                    receiver.listener.accept(alert);
                    status = 204;
                }
                if (status == 204 && path.endsWith("/endless-body")) {
                    endless(exchange);
                    return;
                }
                exchange.sendResponseHeaders(status, -1);
            } finally {
                exchange.close();
            }
        });
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.start();
        return receiver;
    }

    /** What a test outside the JVM reads: the accepted requests as a JSON array. */
    private static void listing(HttpExchange exchange, List<Received> received) throws IOException {
        StringBuilder json = new StringBuilder("[");
        for (Received r : received) {
            json.append(json.length() > 1 ? "," : "").append("{\"path\":").append(quote(r.path()))
                    .append(",\"deliveryId\":").append(quote(r.deliveryId()))
                    .append(",\"eventType\":").append(quote(r.eventType()))
                    .append(",\"at\":").append(quote(r.at().toString()))
                    .append(",\"body\":").append(quote(r.body())).append('}');
        }
        byte[] bytes = json.append(']').toString().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    static String quote(String value) {
        if (value == null) {
            return "null";
        }
        StringBuilder quoted = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"' -> quoted.append("\\\"");
                case '\\' -> quoted.append("\\\\");
                case '\n' -> quoted.append("\\n");
                case '\r' -> quoted.append("\\r");
                case '\t' -> quoted.append("\\t");
                default -> {
                    if (c < 0x20) {
                        quoted.append(String.format("\\u%04x", (int) c));
                    } else {
                        quoted.append(c);
                    }
                }
            }
        }
        return quoted.append('"').toString();
    }

    private static void endless(HttpExchange exchange) throws IOException {
        exchange.sendResponseHeaders(200, 0);
        byte[] chunk = new byte[8192];
        Arrays.fill(chunk, (byte) 'x');
        long until = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        try (OutputStream out = exchange.getResponseBody()) {
            while (System.nanoTime() < until) {
                out.write(chunk);
                out.flush();
            }
        } catch (IOException clientStoppedReading) {
            // What a careful client does.
        }
    }

    public String url(String path) {
        return base + path;
    }

    /** Requests accepted (2xx) so far. */
    public List<Received> received() {
        return List.copyOf(received);
    }

    /** Called with each accepted request, e.g. to print it. */
    public void onReceive(Consumer<Received> listener) {
        this.listener = listener;
    }

    /** Answers the next {@code n} requests with 500. */
    public void failNext(int n) {
        failNext.set(n);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
