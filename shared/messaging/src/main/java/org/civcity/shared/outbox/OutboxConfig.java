package org.civcity.shared.outbox;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Settings of the outbox relay. */
@ConfigMapping(prefix = "civcity.outbox")
public interface OutboxConfig {

    /** CloudEvents source attribute of this service's events, e.g. urn:civcity:findings-service. */
    String source();

    /**
     * Pause between relay rounds when no commit notifies the relay. Notifications start a round at once; this only
     * bounds the delay while the listening connection is down (or behind a pooler in transaction mode, where LISTEN
     * does not work: set it back to PT0.1S there).
     */
    @WithDefault("PT1S")
    Duration pollInterval();

    /**
     * Least time between the starts of two relay rounds that commits woke. Idle, a commit's events leave at once;
     * under load each round gathers this long's events into one claim and transaction instead of one per commit (a
     * round per commit doubled the transactions per finding and added a quarter to the CPU per finding).
     */
    @WithDefault("PT0.1S")
    Duration wakeSpacing();

    /** Rows published per transaction. */
    @WithDefault("200")
    int batchSize();

    /** How often the backlog gauges are measured. */
    @WithDefault("PT5S")
    Duration backlogProbeInterval();

    /** Readiness turns DOWN when no relay round has finished for this long (database or broker unreachable). */
    @WithDefault("PT30S")
    Duration readyWithin();

    /**
     * Whether a stalled relay takes readiness down. The intake says no: the outbox exists so that findings are
     * accepted while the broker is away; the backlog shows in civcity_outbox_* and the OutboxBacklogStale alert.
     */
    @WithDefault("true")
    boolean inReadiness();
}
