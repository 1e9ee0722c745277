package org.civcity.notification.service;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.ext.web.client.WebClient;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.civcity.notification.config.NotificationConfig;
import org.civcity.notification.domain.Delivery;
import org.civcity.notification.domain.DeliveryStatus;
import org.civcity.notification.repository.DeliveryRepository;
import org.civcity.shared.messaging.Poller;

/**
 * Sends due deliveries. A claim leases each row (its next attempt moves past the request timeout) and commits before
 * any request is made, so a crash mid-send retries instead of losing; results are written in a second transaction.
 */
@ApplicationScoped
public class DeliveryWorker {

    private final DeliveryRepository deliveries;
    private final NotificationConfig.Delivery config;
    private final String signingSecret;
    private final WebClient client;
    private final MeterRegistry registry;
    private final Vertx vertx;
    private Poller poller;

    public DeliveryWorker(DeliveryRepository deliveries, NotificationConfig config, Vertx vertx,
            MeterRegistry registry) {
        this.deliveries = deliveries;
        this.config = config.delivery();
        this.signingSecret = config.webhook().signingSecret();
        this.registry = registry;
        this.vertx = vertx;
        this.client = WebClient.create(vertx, new WebClientOptions()
                .setConnectTimeout((int) this.config.timeout().toMillis())
                .setUserAgent("civcity-notification-service"));
    }

    @PreDestroy
    void close() {
        client.close();
    }

    void start(@Observes StartupEvent event) {
        poller = Poller.start(vertx.getDelegate(), "Delivery round", config.pollInterval(), this::deliverDue);
    }

    void stop(@Observes ShutdownEvent event) {
        if (poller != null) {
            poller.stop();
        }
    }

    /** Attempts every due delivery once; returns how many were attempted. */
    public Uni<Integer> deliverDue() {
        Instant now = Instant.now();
        Duration lease = config.timeout().multipliedBy(3);
        return Panache.withTransaction(() -> deliveries.claimDue(now, config.batchSize())
                        .invoke(claimed -> claimed.forEach(d -> {
                            d.attempts++;
                            d.nextAttemptAt = now.plus(lease);
                        })))
                .chain(claimed -> claimed.isEmpty()
                        ? Uni.createFrom().item(0)
                        : Uni.join().all(claimed.stream().map(this::attempt).toList()).andFailFast()
                                .chain(this::record)
                                .replaceWith(claimed.size()));
    }

    private Uni<Outcome> attempt(Delivery d) {
        String timestamp = Long.toString(Instant.now().getEpochSecond());
        return client.requestAbs(HttpMethod.POST, d.endpoint)
                .putHeader("Content-Type", "application/json")
                .putHeader("X-Civcity-Delivery-Id", d.dedupId)
                .putHeader("X-Civcity-Event-Type", d.eventType)
                .putHeader("X-Civcity-Timestamp", timestamp)
                .putHeader("X-Civcity-Signature", "v1=" + WebhookSignature.sign(signingSecret, timestamp, d.payload))
                .timeout(config.timeout().toMillis())
                .sendBuffer(Buffer.buffer(d.payload))
                .map(response -> response.statusCode() / 100 == 2
                        ? new Outcome(d.id, d.attempts, null)
                        : new Outcome(d.id, d.attempts, "HTTP " + response.statusCode()))
                .onFailure().recoverWithItem(e -> new Outcome(d.id, d.attempts, e.toString()));
    }

    private Uni<Void> record(List<Outcome> outcomes) {
        Instant now = Instant.now();
        return Panache.withTransaction(() -> Multi.createFrom().iterable(outcomes)
                .onItem().transformToUniAndConcatenate(outcome -> deliveries.findById(outcome.id())
                        .invoke(d -> apply(d, outcome, now)))
                .collect().last()
                .replaceWithVoid());
    }

    private void apply(Delivery d, Outcome outcome, Instant now) {
        if (outcome.error() == null) {
            d.status = DeliveryStatus.DELIVERED;
            d.deliveredAt = now;
            d.lastError = null;
        } else if (outcome.attempts() >= config.maxAttempts()) {
            d.status = DeliveryStatus.DEAD;
            d.lastError = truncate(outcome.error());
            Log.errorf("Delivery %s to %s is dead after %d attempts: %s", d.dedupId, d.endpoint, d.attempts,
                    outcome.error());
        } else {
            d.status = DeliveryStatus.PENDING;
            d.lastError = truncate(outcome.error());
            d.nextAttemptAt = now.plus(backoff(outcome.attempts()));
            Log.warnf("Delivery %s attempt %d failed (%s); next at %s", d.dedupId, outcome.attempts(),
                    outcome.error(), d.nextAttemptAt);
        }
        registry.counter("civcity.deliveries", "channel", d.channel, "status", d.status.name()).increment();
    }

    /** Exponential back-off with jitter in [half, full], so failing recipients are not hit in lockstep. */
    Duration backoff(int attempts) {
        long initial = config.initialBackoff().toMillis();
        long max = config.maxBackoff().toMillis();
        long full = attempts >= 31 ? max : Math.min(max, initial << Math.max(0, attempts - 1));
        return Duration.ofMillis(full / 2 + ThreadLocalRandom.current().nextLong(full / 2 + 1));
    }

    private static String truncate(String error) {
        return error.length() <= 1000 ? error : error.substring(0, 1000);
    }

    private record Outcome(UUID id, int attempts, String error) {
    }
}
