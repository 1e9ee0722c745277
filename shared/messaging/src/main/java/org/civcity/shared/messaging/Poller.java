package org.civcity.shared.messaging;

import io.quarkus.logging.Log;
import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Runs a non-blocking job again and again with a fixed pause between runs, never overlapping, each run on its own
 * safe Vert.x duplicated context (as Hibernate Reactive requires). Unlike the scheduler it supports sub-second
 * pauses; correctness across replicas still comes from the job's own database claims.
 */
public final class Poller {

    private final Vertx vertx;
    private final String name;
    private final long pauseMillis;
    private final Supplier<Uni<?>> job;
    private volatile boolean stopped;
    private volatile long timerId = -1;

    private Poller(Vertx vertx, String name, Duration pause, Supplier<Uni<?>> job) {
        this.vertx = vertx;
        this.name = name;
        this.pauseMillis = Math.max(1, pause.toMillis());
        this.job = job;
    }

    /** Starts polling; {@link Pollers} calls it and stops the poller at shutdown. */
    static Poller start(Vertx vertx, String name, Duration pause, Supplier<Uni<?>> job) {
        Poller poller = new Poller(vertx, name, pause, job);
        poller.schedule();
        return poller;
    }

    void stop() {
        stopped = true;
        if (timerId >= 0) {
            vertx.cancelTimer(timerId);
        }
    }

    private void schedule() {
        if (!stopped) {
            timerId = vertx.setTimer(pauseMillis, id -> run());
        }
    }

    private void run() {
        Context context = VertxContext.createNewDuplicatedContext(vertx.getOrCreateContext());
        VertxContextSafetyToggle.setContextSafe(context, true);
        context.runOnContext(ignored -> {
            Uni<?> round;
            try {
                round = job.get();
            } catch (RuntimeException e) {
                round = Uni.createFrom().failure(e);
            }
            round.subscribe().with(
                    result -> schedule(),
                    failure -> {
                        if (!stopped) {
                            Log.warnf("%s round failed, will retry: %s", name, failure.toString());
                        }
                        schedule();
                    });
        });
    }
}
