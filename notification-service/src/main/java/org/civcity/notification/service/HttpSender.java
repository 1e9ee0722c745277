package org.civcity.notification.service;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.quarkus.runtime.Startup;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.net.TrustOptions;
import io.vertx.core.tracing.TracingPolicy;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.core.http.HttpClient;
import io.vertx.mutiny.core.http.HttpClientResponse;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.civcity.notification.config.NotificationConfig;
import org.civcity.notification.domain.Delivery;
import org.civcity.shared.trace.TraceContext;

/**
 * The HTTP channels: signed webhooks (alerts and status callbacks), the group robots and the carrier's SMS gateway.
 * Every request passes the {@link OutboundPolicy} and goes to the address it checked; redirects are not followed,
 * connecting and waiting have time-outs, and at most a bounded part of a response body is read.
 */
@Startup // a trust file that cannot be read stops the start, not every delivery round
@ApplicationScoped
public class HttpSender {

    private final HttpClient client;
    private final NotificationConfig config;
    private final OutboundPolicy policy;
    private final Tracer tracer;
    private final Duration timeout;
    private final long maxResponseBytes;

    public HttpSender(Vertx vertx, NotificationConfig config, OutboundPolicy policy, Tracer tracer) {
        this.config = config;
        this.policy = policy;
        this.tracer = tracer;
        this.timeout = config.delivery().timeout();
        this.maxResponseBytes = config.outbound().maxResponseBytes();
        // Each request is traced by hand below: the client's own tracing would take the round's context instead of
        // the delivery's stored trace.
        HttpClientOptions options = new HttpClientOptions()
                .setConnectTimeout((int) config.outbound().connectTimeout().toMillis())
                .setIdleTimeout((int) Math.max(1, timeout.toSeconds()))
                // The request is sent to the address the policy checked: the certificate must still name the URL's
                // host (Vert.x takes SNI and the name it verifies from the request's host, not from that address).
                .setVerifyHost(true)
                .setTracingPolicy(TracingPolicy.IGNORE);
        config.outbound().trustCertificates().filter(files -> !files.isEmpty())
                .ifPresent(files -> options.setTrustOptions(TrustOptions.wrap(trust(files))));
        this.client = vertx.createHttpClient(options);
    }

    /** The JVM's certificate authorities plus those in {@code files}; a file that cannot be read stops the start. */
    static TrustManagerFactory trust(List<Path> files) {
        try {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            TrustManagerFactory jvm = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            jvm.init((KeyStore) null);
            int n = 0;
            for (TrustManager manager : jvm.getTrustManagers()) {
                if (manager instanceof X509TrustManager x509) {
                    for (X509Certificate ca : x509.getAcceptedIssuers()) {
                        store.setCertificateEntry("jvm-" + n++, ca);
                    }
                }
            }
            CertificateFactory certificates = CertificateFactory.getInstance("X.509");
            for (Path file : files) {
                try (InputStream in = Files.newInputStream(file)) {
                    var found = certificates.generateCertificates(in);
                    if (found.isEmpty()) {
                        throw new CertificateException("no certificate in it");
                    }
                    for (Certificate ca : found) {
                        store.setCertificateEntry("configured-" + n++, ca);
                    }
                } catch (IOException | CertificateException e) {
                    throw new IllegalStateException("notification.outbound.trust-certificates: cannot read " + file
                            + ": " + e.getMessage(), e);
                }
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            return factory;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("Cannot build the outbound trust store: " + e.getMessage(), e);
        }
    }

    @PreDestroy
    void close() {
        client.closeAndAwait();
    }

    /** POSTs the JSON payload signed with {@code secret}; the item is null when accepted, else why not. */
    public Uni<String> webhook(Delivery d, String secret) {
        String timestamp = Long.toString(Instant.now().getEpochSecond());
        // The recipient sees the request as a span of the finding's trace.
        Span span = tracer.spanBuilder("POST").setSpanKind(SpanKind.CLIENT)
                .setParent(TraceContext.parent(d.traceparent)).startSpan();
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(TraceContext.HEADER, TraceContext.of(span.getSpanContext()));
        headers.put("Content-Type", "application/json");
        headers.put("X-Civcity-Delivery-Id", d.dedupId);
        headers.put("X-Civcity-Event-Type", d.eventType);
        headers.put("X-Civcity-Timestamp", timestamp);
        headers.put("X-Civcity-Signature", "v1=" + WebhookSignature.sign(secret, timestamp, d.payload));
        return post(d.endpoint, headers, d.payload)
                .invoke(error -> {
                    if (error != null) {
                        span.setStatus(StatusCode.ERROR, error);
                    }
                    span.end();
                });
    }

    /** Hands the text to the SMS gateway in the configured body shape; the item is null when accepted. */
    public Uni<String> sms(Delivery d) {
        String url = config.sms().gatewayUrl().orElse(null);
        if (url == null) {
            return Uni.createFrom().item("no SMS gateway configured");
        }
        String body = config.sms().bodyTemplate()
                .replace("{mobile}", jsonEscape(d.endpoint))
                .replace("{text}", jsonEscape(d.payload));
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put("X-Civcity-Delivery-Id", d.dedupId);
        headers.putAll(config.sms().headers());
        return post(url, headers, body);
    }

    /**
     * Posts a robot message (WeChat Work or DingTalk, as the delivery's channel says), a DingTalk one signed with
     * {@code dingtalkSecret} when the robot has one; the item is null only when the vendor answered errcode 0.
     */
    public Uni<String> robot(Delivery d, String dingtalkSecret) {
        boolean dingtalk = Delivery.DINGTALK.equals(d.channel);
        String url = dingtalk && dingtalkSecret != null
                ? Robots.signedDingtalkUrl(d.endpoint, dingtalkSecret, System.currentTimeMillis()) : d.endpoint;
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json; charset=utf-8");
        return post(url, headers, d.payload, answer -> Robots.answer(dingtalk, answer));
    }

    private Uni<String> post(String url, Map<String, String> headers, String body) {
        return post(url, headers, body, null);
    }

    /** POSTs; a 2xx is read by {@code answer} when given (null: accepted), else accepted as it is. */
    private Uni<String> post(String url, Map<String, String> headers, String body,
            java.util.function.Function<String, String> answer) {
        return policy.resolve(url)
                .chain(target -> client.request(new RequestOptions()
                        .setMethod(HttpMethod.POST)
                        .setAbsoluteURI(target.uri().toString())
                        .setServer(SocketAddress.inetSocketAddress(target.port(),
                                target.address().getHostAddress()))
                        .setFollowRedirects(false)
                        .setConnectTimeout(config.outbound().connectTimeout().toMillis())
                        .setIdleTimeout(timeout.toMillis())))
                .chain(request -> {
                    request.putHeader("User-Agent", "civcity-notification-service");
                    headers.forEach(request::putHeader);
                    return request.send(Buffer.buffer(body));
                })
                .chain(response -> outcome(response, answer))
                .ifNoItem().after(timeout).fail()
                .onFailure(OutboundPolicy.Refused.class)
                .recoverWithItem(e -> OutboundPolicy.REFUSED + e.getMessage())
                .onFailure().recoverWithItem(HttpSender::describe);
    }

    /** The failure and, where another lies beneath it (the certificate problem of a failed handshake), its root. */
    static String describe(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == failure ? failure.toString() : failure + " (" + root + ")";
    }

    /** Reads the body up to the limit (a longer one is cut off by resetting the stream); null for a 2xx. */
    private Uni<String> outcome(HttpClientResponse response, java.util.function.Function<String, String> answer) {
        AtomicLong read = new AtomicLong();
        int status = response.statusCode();
        Buffer kept = Buffer.buffer();
        return response.toMulti()
                .select().first(chunk -> read.addAndGet(chunk.length()) <= maxResponseBytes)
                .invoke(kept::appendBuffer)
                .collect().last()
                .onTermination().invoke(() -> {
                    if (read.get() > maxResponseBytes) {
                        response.request().reset();
                    }
                })
                .onItemOrFailure().transform((ignored, failure) -> status / 100 == 2
                        ? answer == null ? null : answer.apply(kept.toString(java.nio.charset.StandardCharsets.UTF_8))
                        : status / 100 == 3 ? "HTTP " + status + " (redirects are not followed)" : "HTTP " + status);
    }

    private static String jsonEscape(String value) {
        return new String(JsonStringEncoder.getInstance().quoteAsString(value));
    }
}
