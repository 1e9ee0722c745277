package org.civcity.notification.service;

import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.context.Scope;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import org.civcity.notification.config.NotificationConfig;
import org.civcity.notification.domain.Delivery;
import org.civcity.notification.domain.DeliveryStatus;
import org.civcity.notification.repository.CallbackRepository;
import org.civcity.notification.repository.DeliveryRepository;
import org.civcity.notification.repository.RecipientRepository;
import org.civcity.shared.messaging.DatabaseNotifications;
import org.civcity.shared.messaging.Poller;
import org.civcity.shared.messaging.Pollers;
import org.civcity.shared.trace.TraceContext;

/**
 * Sends due deliveries. A claim leases each row (its next attempt moves past the request timeout) and commits before
 * any request is made, so a crash mid-send retries instead of losing; results are written in a second transaction.
 * Each channel's rate limit is a token bucket in PostgreSQL, so replicas share it.
 */
@ApplicationScoped
public class DeliveryWorker {

    /** What the delivery trigger notifies when a transaction that queued deliveries commits. */
    public static final String NOTIFY_CHANNEL = "civcity_delivery";

    private final DeliveryRepository deliveries;
    private final CallbackRepository callbacks;
    private final RecipientRepository recipients;
    private final CallbackSecrets callbackSecrets;
    private final NotificationConfig.Delivery config;
    private final Map<String, NotificationConfig.RateLimit> limits;
    private final String signingSecret;
    private final HttpSender http;
    private final MailSender mail;
    private final MeterRegistry registry;
    private final Pollers pollers;
    private final DatabaseNotifications notifications;

    public DeliveryWorker(DeliveryRepository deliveries, CallbackRepository callbacks, RecipientRepository recipients,
            CallbackSecrets callbackSecrets, NotificationConfig config, HttpSender http, MailSender mail,
            Pollers pollers, DatabaseNotifications notifications, MeterRegistry registry) {
        this.deliveries = deliveries;
        this.callbacks = callbacks;
        this.recipients = recipients;
        this.callbackSecrets = callbackSecrets;
        this.config = config.delivery();
        this.limits = config.channels();
        this.signingSecret = config.webhook().signingSecret();
        this.http = http;
        this.mail = mail;
        this.registry = registry;
        this.pollers = pollers;
        this.notifications = notifications;
    }

    void start(@Observes StartupEvent event) {
        // A round that claimed a batch's worth may have left more due (a channel's claim stops at the batch size):
        // the next one starts after the spacing, not the pause; one that has nothing left costs a single read.
        Poller worker = pollers.start("Delivery round", config.pollInterval(), config.wakeSpacing(),
                self -> deliverDue().invoke(attempted -> {
                    if (attempted >= config.batchSize()) {
                        self.wake();
                    }
                }));
        notifications.listen(NOTIFY_CHANNEL, worker::wake);
    }

    /** Attempts every due delivery once; returns how many were attempted. */
    public Uni<Integer> deliverDue() {
        Instant now = Instant.now();
        Duration lease = config.timeout().multipliedBy(3);
        // One cheap read when nothing is due (most rounds) instead of a transaction with three statements a channel.
        return Panache.withSession(() -> deliveries.channelsDue(now)).chain(due -> due.isEmpty()
                ? Uni.createFrom().item(0) : deliver(due, now, lease));
    }

    private Uni<Integer> deliver(List<String> due, Instant now, Duration lease) {
        List<String> channels = Delivery.CHANNELS.stream().filter(due::contains).toList();
        return Panache.withTransaction(() -> Multi.createFrom().iterable(channels)
                        .onItem().transformToUniAndConcatenate(channel -> claim(channel, now))
                        .collect().in(ArrayList<Delivery>::new, List::addAll)
                        .invoke(claimed -> claimed.forEach(d -> {
                            d.attempts++;
                            d.nextAttemptAt = now.plus(lease);
                        }))
                        .chain(claimed -> secrets(claimed).map(secrets -> new Round(claimed, secrets))))
                .chain(round -> round.claimed().isEmpty()
                        ? Uni.createFrom().item(0)
                        : Uni.join().all(round.claimed().stream().map(d -> attempt(d, round.secrets())).toList())
                                .andFailFast()
                                .chain(this::record)
                                .replaceWith(round.claimed().size()));
    }

    /** Due deliveries of one channel, no more than its rate limit allows now. */
    private Uni<List<Delivery>> claim(String channel, Instant now) {
        NotificationConfig.RateLimit limit = limits.get(channel);
        if (limit == null) {
            return deliveries.claimDue(channel, now, config.batchSize());
        }
        int burst = limit.burst().orElse((int) Math.max(1, Math.ceil(limit.perSecond())));
        return deliveries.budget(channel, now, limit.perSecond(), burst).chain(tokens -> {
            int permits = (int) Math.min(config.batchSize(), Math.floor(tokens));
            if (permits <= 0) {
                return Uni.createFrom().item(List.<Delivery>of());
            }
            // Nothing claimed, nothing to write: the refill is a function of the elapsed time, computed next round.
            return deliveries.claimDue(channel, now, permits)
                    .call(claimed -> claimed.isEmpty() ? Uni.createFrom().voidItem()
                            : deliveries.spend(channel, now, tokens - claimed.size()));
        });
    }

    /**
     * The signing secrets the claimed need, by subscription or recipient id: the status callbacks' (a removed
     * subscription has none) and the DingTalk robots' (a robot without 加签 has none).
     */
    private Uni<Map<UUID, String>> secrets(List<Delivery> claimed) {
        List<UUID> ids = claimed.stream().filter(d -> d.subscriptionId != null).map(d -> d.subscriptionId)
                .distinct().toList();
        List<UUID> robots = claimed.stream().filter(d -> Delivery.DINGTALK.equals(d.channel) && d.recipientId != null)
                .map(d -> d.recipientId).distinct().toList();
        Uni<Map<UUID, String>> subscriptions = ids.isEmpty() ? Uni.createFrom().item(Map.of())
                : callbacks.activeAmong(ids).map(list -> list.stream()
                        .collect(Collectors.toMap(s -> s.id, s -> callbackSecrets.open(s.id, s.secret))));
        return subscriptions.chain(found -> robots.isEmpty() ? Uni.createFrom().item(found)
                : recipients.among(robots).map(list -> {
                    Map<UUID, String> all = new java.util.HashMap<>(found);
                    list.stream().filter(r -> r.dingtalkSecret != null)
                            .forEach(r -> all.put(r.id, callbackSecrets.open(r.id, r.dingtalkSecret)));
                    return all;
                }));
    }

    private Uni<Outcome> attempt(Delivery d, Map<UUID, String> secrets) {
        Uni<String> sent = switch (d.channel) {
            case Delivery.WEBHOOK -> http.webhook(d, signingSecret);
            case Delivery.CALLBACK -> secrets.containsKey(d.subscriptionId)
                    ? http.webhook(d, secrets.get(d.subscriptionId))
                    : Uni.createFrom().item("callback subscription removed");
            case Delivery.EMAIL -> mail.send(d);
            case Delivery.SMS -> http.sms(d);
            case Delivery.WECOM, Delivery.DINGTALK -> http.robot(d, secrets.get(d.recipientId));
            default -> Uni.createFrom().item("unknown channel " + d.channel);
        };
        return sent.map(error -> new Outcome(d.id, d.attempts, error));
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
        // Outcomes are recorded one after another: each logs in its delivery's trace.
        try (Scope ignored = TraceContext.parent(d.traceparent).makeCurrent()) {
            settle(d, outcome, now);
        }
        registry.counter("civcity.deliveries", "channel", d.channel, "status", d.status.name()).increment();
    }

    private void settle(Delivery d, Outcome outcome, Instant now) {
        if (outcome.error() == null) {
            d.status = DeliveryStatus.DELIVERED;
            d.deliveredAt = now;
            d.lastError = null;
            Log.infof("Delivered %s (%s of finding %s) by %s to %s", d.dedupId, d.eventType, d.findingId, d.channel,
                    d.recipient);
        } else if (outcome.attempts() >= config.maxAttempts()
                // A destination the outbound policy refuses stays refused: no point in retrying it.
                || outcome.error().startsWith(OutboundPolicy.REFUSED)
                // So does what a robot refused for good (a wrong signature, a removed robot).
                || outcome.error().startsWith(Robots.PERMANENT)) {
            d.status = DeliveryStatus.DEAD;
            d.lastError = truncate(outcome.error());
            Log.errorf("Delivery %s to %s is dead after %d attempts: %s", d.dedupId,
                    org.civcity.notification.api.RecipientView.masked(d.endpoint), d.attempts,
                    outcome.error());
        } else {
            d.status = DeliveryStatus.PENDING;
            d.lastError = truncate(outcome.error());
            d.nextAttemptAt = now.plus(backoff(outcome.attempts()));
            Log.warnf("Delivery %s attempt %d failed (%s); next at %s", d.dedupId, outcome.attempts(),
                    outcome.error(), d.nextAttemptAt);
        }
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

    private record Round(List<Delivery> claimed, Map<UUID, String> secrets) {
    }
}
