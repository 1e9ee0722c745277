package org.civcity.notification.messaging;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import io.smallrye.reactive.messaging.ce.IncomingCloudEventMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import org.civcity.contracts.Districts;
import org.civcity.contracts.EventTypes;
import org.civcity.notification.config.NotificationConfig;
import org.civcity.shared.district.ServedDistricts;
import org.civcity.shared.problem.ProblemException;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * The live feed of escalations and deadline warnings for dashboards. Each instance reads the escalations topic in a
 * consumer group of its own, so every replica's feed shows every event; it is a view, not a delivery: nothing is
 * stored and a client sees only what happens while it is connected. Open feeds are capped per user and per instance,
 * and each ends when the token that opened it expires.
 */
@ApplicationScoped
public class AlertFeed {

    /** One feed entry: the CloudEvents type and its JSON data. */
    public record Entry(String type, String data) {
    }

    /** An entry as broadcast to every open feed, each taking its own district's. */
    private record Broadcast(String district, Entry entry) {
    }

    private final BroadcastProcessor<Broadcast> feed = BroadcastProcessor.create();
    private final NotificationConfig.Feed limits;
    private final Map<String, Integer> openByUser = new HashMap<>();
    private int open;

    public AlertFeed(NotificationConfig config, MeterRegistry registry) {
        this.limits = config.feed();
        Gauge.builder("civcity.feed.connections", this, AlertFeed::openFeeds)
                .description("Live feeds (server-sent events) open on this instance").register(registry);
    }

    @Incoming("alert-feed")
    public CompletionStage<Void> publish(Message<String> message) {
        message.getMetadata(IncomingCloudEventMetadata.class)
                .map(metadata -> (IncomingCloudEventMetadata<?>) metadata)
                .filter(ce -> EventTypes.ESCALATION_RAISED.equals(ce.getType())
                        || EventTypes.DEADLINE_APPROACHING.equals(ce.getType()))
                .ifPresent(ce -> {
                    try {
                        String district = ServedDistricts.resolve(ce.<Object>getExtension(Districts.EXTENSION)
                                .map(String::valueOf).orElse(null));
                        feed.onNext(new Broadcast(district, new Entry(ce.getType(), message.getPayload())));
                    } catch (ServedDistricts.UnknownDistrictException e) {
                        // Nobody here may see a district not served; the alerts consumer dead-letters the event.
                        Log.debugf("Live feed skips an event: %s", e.getMessage());
                    }
                });
        return message.ack();
    }

    /**
     * A feed of {@code district}'s entries for {@code user} until {@code expiresAt} (their token's expiry: a client
     * renews by reconnecting with a fresh token); a 429 when the user has their share open, a 503 when the instance
     * has.
     */
    public Multi<Entry> open(String user, String district, Instant expiresAt) {
        reserve(user);
        Duration left = Duration.between(Instant.now(), expiresAt);
        // A dashboard that reads too slowly misses entries instead of failing the broadcast.
        return feed.onOverflow().drop().select().where(b -> district.equals(b.district())).map(Broadcast::entry)
                .select().first(left.isNegative() ? Duration.ZERO : left)
                .onTermination().invoke(() -> release(user));
    }

    private synchronized void reserve(String user) {
        if (open >= limits.maxConnections()) {
            Log.warnf("Live feed refused to %s: %d feeds open on this instance", user, open);
            throw new ProblemException(503, "Service Unavailable", "Too many live feeds are open on this instance;"
                    + " try again shortly", null, null, Map.of("Retry-After", "30"));
        }
        int mine = openByUser.getOrDefault(user, 0);
        if (mine >= limits.maxPerUser()) {
            throw new ProblemException(429, "Too Many Requests", "You have " + mine + " live feeds open, the most"
                    + " allowed; close one first", null, null, Map.of("Retry-After", "30"));
        }
        openByUser.put(user, mine + 1);
        open++;
    }

    private synchronized void release(String user) {
        openByUser.computeIfPresent(user, (k, n) -> n <= 1 ? null : n - 1);
        open--;
    }

    private synchronized int openFeeds() {
        return open;
    }
}
