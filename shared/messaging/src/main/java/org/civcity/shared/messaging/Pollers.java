package org.civcity.shared.messaging;

import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.function.Supplier;

/** Starts the service's pollers and stops every one of them at shutdown, so no round outlives the application. */
@ApplicationScoped
public class Pollers {

    private final Vertx vertx;
    private final List<Poller> started = new CopyOnWriteArrayList<>();

    public Pollers(Vertx vertx) {
        this.vertx = vertx;
    }

    /**
     * Runs {@code job} again and again, {@code pause} apart; call once the application has started.
     *
     * @return the poller, to {@link Poller#wake() wake} when new work is announced
     */
    public Poller start(String name, Duration pause, Supplier<Uni<?>> job) {
        return start(name, pause, Duration.ZERO, poller -> job.get());
    }

    /**
     * Like {@link #start(String, Duration, Supplier)}, for a poller that is woken: woken rounds start at least
     * {@code spacing} apart, and the job gets its poller (a round that left work behind may wake it again).
     */
    public Poller start(String name, Duration pause, Duration spacing, Function<Poller, Uni<?>> job) {
        Poller poller = Poller.start(vertx, name, pause, spacing, job);
        started.add(poller);
        return poller;
    }

    void stopAll(@Observes ShutdownEvent event) {
        started.forEach(Poller::stop);
    }
}
