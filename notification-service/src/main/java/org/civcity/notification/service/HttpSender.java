package org.civcity.notification.service;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.tracing.TracingPolicy;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.ext.web.client.HttpRequest;
import io.vertx.mutiny.ext.web.client.HttpResponse;
import io.vertx.mutiny.ext.web.client.WebClient;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import org.civcity.notification.config.NotificationConfig;
import org.civcity.notification.domain.Delivery;
import org.civcity.shared.trace.TraceContext;

/** The HTTP channels: signed webhooks (alerts and status callbacks) and the carrier's SMS gateway. */
@ApplicationScoped
public class HttpSender {

    private final WebClient client;
    private final NotificationConfig config;
    private final Tracer tracer;

    public HttpSender(Vertx vertx, NotificationConfig config, Tracer tracer) {
        this.config = config;
        this.tracer = tracer;
        // Each request is traced by hand below: the client's own tracing would take the round's context instead of
        // the delivery's stored trace.
        this.client = WebClient.create(vertx, new WebClientOptions()
                .setConnectTimeout((int) config.delivery().timeout().toMillis())
                .setUserAgent("civcity-notification-service")
                .setTracingPolicy(TracingPolicy.IGNORE));
    }

    @PreDestroy
    void close() {
        client.close();
    }

    /** POSTs the JSON payload signed with {@code secret}; the item is null when accepted, else why not. */
    public Uni<String> webhook(Delivery d, String secret) {
        String timestamp = Long.toString(Instant.now().getEpochSecond());
        // The recipient sees the request as a span of the finding's trace.
        Span span = tracer.spanBuilder("POST").setSpanKind(SpanKind.CLIENT)
                .setParent(TraceContext.parent(d.traceparent)).startSpan();
        return send(client.requestAbs(HttpMethod.POST, d.endpoint)
                .putHeader(TraceContext.HEADER, TraceContext.of(span.getSpanContext()))
                .putHeader("Content-Type", "application/json")
                .putHeader("X-Civcity-Delivery-Id", d.dedupId)
                .putHeader("X-Civcity-Event-Type", d.eventType)
                .putHeader("X-Civcity-Timestamp", timestamp)
                .putHeader("X-Civcity-Signature", "v1=" + WebhookSignature.sign(secret, timestamp, d.payload)),
                d.payload)
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
        HttpRequest<Buffer> request = client.requestAbs(HttpMethod.POST, url)
                .putHeader("Content-Type", "application/json")
                .putHeader("X-Civcity-Delivery-Id", d.dedupId);
        config.sms().headers().forEach(request::putHeader);
        return send(request, body);
    }

    private Uni<String> send(HttpRequest<Buffer> request, String body) {
        return request.timeout(config.delivery().timeout().toMillis())
                .sendBuffer(Buffer.buffer(body))
                .map(HttpSender::error)
                .onFailure().recoverWithItem(Throwable::toString);
    }

    private static String error(HttpResponse<Buffer> response) {
        return response.statusCode() / 100 == 2 ? null : "HTTP " + response.statusCode();
    }

    private static String jsonEscape(String value) {
        return new String(JsonStringEncoder.getInstance().quoteAsString(value));
    }
}
