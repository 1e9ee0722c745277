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
        return startWaking(name, pause, poller -> job.get());
    }

    /** Like {@link #start}, for a job that wakes its own poller (a round that left work behind goes again at once). */
    public Poller startWaking(String name, Duration pause, Function<Poller, Uni<?>> job) {
        Poller poller = Poller.start(vertx, name, pause, job);
        started.add(poller);
        return poller;
    }

    void stopAll(@Observes ShutdownEvent event) {
        started.forEach(Poller::stop);
    }
}
