package org.civcity.shared.health;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import org.civcity.shared.outbox.OutboxConfig;
import org.civcity.shared.outbox.OutboxRelay;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only while the outbox relay keeps completing rounds: state changes are reaching the broker. */
@Readiness
@ApplicationScoped
public class OutboxRelayHealth implements HealthCheck {

    private final OutboxRelay relay;
    private final OutboxConfig config;

    public OutboxRelayHealth(OutboxRelay relay, OutboxConfig config) {
        this.relay = relay;
        this.config = config;
    }

    @Override
    public HealthCheckResponse call() {
        OutboxRelay.Status status = relay.status();
        Duration since = Duration.between(status.lastRound(), Instant.now());
        // No I/O here: the relay's own rounds and the backlog probe supply the facts, so a probe never piles up.
        return HealthCheckResponse.named("outbox-relay")
                .status(!config.inReadiness() || since.compareTo(config.readyWithin()) <= 0)
                .withData("inReadiness", config.inReadiness())
                .withData("lastRoundSecondsAgo", since.toSeconds())
                .withData("backlog", status.backlog())
                .withData("oldestAgeSeconds", Math.round(status.oldestAgeSeconds()))
                .build();
    }
}
