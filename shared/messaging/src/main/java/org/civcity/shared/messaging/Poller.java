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
 * pause short, so work announced by the database starts at once and the pause is only a safety net.
 */
public final class Poller {

    private final Vertx vertx;
    private final String name;
    private final long pauseMillis;
    private final Function<Poller, Uni<?>> job;
    /** Set by {@link #wake()}, cleared when a round starts: a wake during a round buys exactly one more round. */
    private final AtomicBoolean woken = new AtomicBoolean();
    /** After a failed round the full pause holds: a wake then only marks the round that ends the pause. */
    private volatile boolean backingOff;
    private volatile boolean stopped;
    private volatile long timerId = -1;

    private Poller(Vertx vertx, String name, Duration pause, Function<Poller, Uni<?>> job) {
        this.vertx = vertx;
        this.name = name;
        this.pauseMillis = Math.max(1, pause.toMillis());
        this.job = job;
    }

    /** Starts polling; {@link Pollers} calls it and stops the poller at shutdown. */
    static Poller start(Vertx vertx, String name, Duration pause, Function<Poller, Uni<?>> job) {
        Poller poller = new Poller(vertx, name, pause, job);
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
        // fired already, the round in progress sees the flag when it finishes and goes again at once.
        if (!backingOff && vertx.cancelTimer(timerId)) {
            run();
        }
    }

    void stop() {
        stopped = true;
        vertx.cancelTimer(timerId);
    }

    private void schedule() {
        if (stopped) {
            return;
        }
        timerId = vertx.setTimer(woken.get() && !backingOff ? 1 : pauseMillis, id -> run());
        // A wake between reading the flag and publishing the timer's id could not cancel it: start the round here.
        if (woken.get() && !backingOff && vertx.cancelTimer(timerId)) {
            run();
        }
    }

    private void run() {
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
