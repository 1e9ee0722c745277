package org.civcity.notification.service;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpMethod;
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

    public HttpSender(Vertx vertx, NotificationConfig config) {
        this.config = config;
        this.client = WebClient.create(vertx, new WebClientOptions()
                .setConnectTimeout((int) config.delivery().timeout().toMillis())
                .setUserAgent("civcity-notification-service"));
    }

    @PreDestroy
    void close() {
        client.close();
    }

    /** POSTs the JSON payload signed with {@code secret}; the item is null when accepted, else why not. */
    public Uni<String> webhook(Delivery d, String secret) {
        String timestamp = Long.toString(Instant.now().getEpochSecond());
        return send(client.requestAbs(HttpMethod.POST, d.endpoint)
                .putHeader(TraceContext.HEADER, TraceContext.childOf(d.traceparent))
                .putHeader("Content-Type", "application/json")
                .putHeader("X-Civcity-Delivery-Id", d.dedupId)
                .putHeader("X-Civcity-Event-Type", d.eventType)
                .putHeader("X-Civcity-Timestamp", timestamp)
                .putHeader("X-Civcity-Signature", "v1=" + WebhookSignature.sign(secret, timestamp, d.payload)),
                d.payload);
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
