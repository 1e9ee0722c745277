package org.civcity.shared.messaging;

import io.quarkus.logging.Log;
import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * Runs a non-blocking job again and again with a fixed pause between runs, never overlapping, each run on its own
 * safe Vert.x duplicated context (as Hibernate Reactive requires). Unlike the scheduler it supports sub-second
 * pauses; correctness across replicas still comes from the job's own database claims. {@link #wake()} cuts the
 * pause short, so work announced by the database starts at once and the pause is only a safety net; woken rounds start
 * at least a spacing apart, so under load each round gathers a batch instead of one round per commit. A job that knows
 * when its next work falls due shortens the pause after its round with {@link #nextRoundIn(Duration)}.
 */
public final class Poller {

    private final Vertx vertx;
    private final String name;
    private final long pauseMillis;
    private final long spacingNanos;
    private final Function<Poller, Uni<?>> job;
    /** Set by {@link #wake()}, cleared when a round starts: a wake during a round buys exactly one more round. */
    private final AtomicBoolean woken = new AtomicBoolean();
    /** After a failed round the full pause holds: a wake then only marks the round that ends the pause. */
    private volatile boolean backingOff;
    private volatile boolean stopped;
    /** Arming a timer and publishing its id, and cancelling it, happen together: a wake never cancels a stale id. */
    private final Object timerLock = new Object();
    private volatile long timerId = -1;
    private volatile long lastStart;
    /** The pause after the running round as its job set it, in milliseconds; -1: the full pause. */
    private volatile long nextPauseMillis = -1;

    private Poller(Vertx vertx, String name, Duration pause, Duration spacing, Function<Poller, Uni<?>> job) {
        this.vertx = vertx;
        this.name = name;
        this.pauseMillis = Math.max(1, pause.toMillis());
        this.spacingNanos = spacing.toNanos();
        this.job = job;
        this.lastStart = System.nanoTime() - spacingNanos;
    }

    /** Starts polling; {@link Pollers} calls it and stops the poller at shutdown. */
    static Poller start(Vertx vertx, String name, Duration pause, Duration spacing, Function<Poller, Uni<?>> job) {
        Poller poller = new Poller(vertx, name, pause, spacing, job);
        poller.schedule();
        return poller;
    }

    /**
     * Starts a round now if the poller is pausing, or right after the running one. Safe from any thread; wakes that
     * arrive together coalesce into one round.
     */
    public void wake() {
        if (stopped) {
            return;
        }
        woken.set(true);
        // Only the caller that removes the pending timer starts the round, so rounds never overlap. If the timer has
        // fired already, the round in progress sees the flag when it finishes and goes again (spaced).
        synchronized (timerLock) {
            if (!backingOff && vertx.cancelTimer(timerId)) {
                startSpaced();
            }
        }
    }

    /**
     * Starts the round after the running one within {@code pause} instead of the full pause (never later; spaced as a
     * woken round is); call from the job during its round, e.g. with the time until its earliest work falls due.
     */
    public void nextRoundIn(Duration pause) {
        // Rounded up: a round started a fraction of a millisecond early would find nothing due and wait a spacing.
        long millis = pause.isNegative() ? 0 : (pause.toNanos() + 999_999) / 1_000_000;
        nextPauseMillis = Math.min(millis, pauseMillis);
    }

    void stop() {
        stopped = true;
        synchronized (timerLock) {
            vertx.cancelTimer(timerId);
        }
    }

    private void schedule() {
        synchronized (timerLock) {
            if (!stopped) {
                long pause = backingOff || nextPauseMillis < 0 ? pauseMillis : Math.max(nextPauseMillis, untilSpaced());
                nextPauseMillis = -1;
                timerId = vertx.setTimer(woken.get() && !backingOff ? untilSpaced() : pause, id -> run());
            }
        }
    }

    /** Runs now if the last round started a spacing ago, else arms the timer for then (holding the timer lock). */
    private void startSpaced() {
        if (System.nanoTime() - lastStart >= spacingNanos) {
            run();
        } else {
            timerId = vertx.setTimer(untilSpaced(), id -> run());
        }
    }

    /** Milliseconds until the spacing since the last start is over, rounded up, at least 1 (Vert.x's minimum). */
    private long untilSpaced() {
        return Math.max(1, (spacingNanos - (System.nanoTime() - lastStart) + 999_999) / 1_000_000);
    }

    private void run() {
        lastStart = System.nanoTime();
        nextPauseMillis = -1;
        woken.set(false);
        backingOff = false;
        Context context = VertxContext.createNewDuplicatedContext(vertx.getOrCreateContext());
        VertxContextSafetyToggle.setContextSafe(context, true);
        context.runOnContext(ignored -> {
            if (stopped) {
                return;
            }
            Uni<?> round;
            try {
                round = job.apply(this);
            } catch (RuntimeException e) {
                round = Uni.createFrom().failure(e);
            }
            round.subscribe().with(
                    result -> schedule(),
                    failure -> {
                        if (!stopped) {
                            Log.warnf("%s round failed, will retry: %s", name, failure.toString());
                        }
                        // The database or broker is away: wait the full pause, and keep any wake for the round after.
                        backingOff = true;
                        schedule();
                    });
        });
    }
}
