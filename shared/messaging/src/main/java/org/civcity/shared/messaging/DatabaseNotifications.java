package org.civcity.shared.messaging;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.pgclient.PgConnection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Holds one connection of the service's pool in PostgreSQL LISTEN and runs the listeners of each channel a NOTIFY
 * names, so a poller starts as soon as the transaction that gave it work commits. When the connection drops it
 * reconnects and runs every listener once, since notifications sent meanwhile are lost; pollers keep a slow pause
 * as the safety net for the time in between.
 */
@ApplicationScoped
public class DatabaseNotifications {

    private static final Pattern CHANNEL = Pattern.compile("[a-z][a-z0-9_]{0,62}");
    private static final Duration FIRST_RECONNECT = Duration.ofSeconds(1);
    private static final Duration LAST_RECONNECT = Duration.ofSeconds(30);
    /** An idle connection behind a NAT or a failed-over address can die silently; a ping finds out. */
    private static final Duration PING = Duration.ofSeconds(30);

    private final Pool pool;
    private final Vertx vertx;
    private final Map<String, List<Runnable>> listeners = new ConcurrentHashMap<>();
    private final AtomicBoolean connecting = new AtomicBoolean();
    private volatile SqlConnection connection;
    private volatile Duration reconnectPause = FIRST_RECONNECT;
    private volatile boolean listening;
    private volatile boolean stopped;
    private volatile long pingTimer = -1;

    public DatabaseNotifications(Pool pool, Vertx vertx, MeterRegistry registry) {
        this.pool = pool;
        this.vertx = vertx;
        Gauge.builder("civcity.database.listening", this, n -> n.listening ? 1 : 0)
                .description("1 while the service listens for its database's notifications, 0 while it only polls")
                .register(registry);
    }

    /** Runs {@code listener} (on an event loop; it must not block) whenever a committed transaction notifies. */
    public void listen(String channel, Runnable listener) {
        if (!CHANNEL.matcher(channel).matches()) {
            throw new IllegalArgumentException("Not a plain channel name: " + channel);
        }
        listeners.computeIfAbsent(channel, c -> new CopyOnWriteArrayList<>()).add(listener);
        // Registered before reading the connection: either this LISTEN or the connect's own covers the channel.
        SqlConnection current = connection;
        if (current == null) {
            connect();
        } else {
            current.query("LISTEN " + channel).execute().subscribe().with(
                    rows -> listener.run(), failure -> drop(current, failure));
        }
    }

    /** Whether notifications arrive right now; false while (re)connecting. */
    public boolean listening() {
        return listening;
    }

    private void connect() {
        if (stopped || connection != null || !connecting.compareAndSet(false, true)) {
            return;
        }
        if (connection != null) {
            // Another connect finished between the check and the claim.
            connecting.set(false);
            return;
        }
        pool.getConnection().subscribe().with(conn -> {
            if (stopped) {
                conn.closeAndForget();
                connecting.set(false);
                return;
            }
            PgConnection pg = PgConnection.cast(conn.getDelegate());
            pg.notificationHandler(notification -> run(notification.getChannel()));
            pg.closeHandler(ignored -> lost(conn));
            connection = conn;
            connecting.set(false);
            Set<String> channels = listeners.keySet();
            String listen = channels.stream().map(c -> "LISTEN " + c).collect(Collectors.joining("; "));
            conn.query(listen).execute().subscribe().with(rows -> {
                listening = true;
                reconnectPause = FIRST_RECONNECT;
                pingTimer = vertx.setPeriodic(PING.toMillis(), id -> ping(conn));
                Log.debugf("Listening for database notifications on %s", channels);
                // Whatever was notified while nobody listened is picked up now.
                channels.forEach(this::run);
            }, failure -> drop(conn, failure));
        }, failure -> {
            connecting.set(false);
            retry("No connection to listen for database notifications, polling only: " + failure);
        });
    }

    private void ping(SqlConnection conn) {
        conn.query("SELECT 1").execute().subscribe().with(rows -> { }, failure -> drop(conn, failure));
    }

    /** Gives a connection that failed back (not listening any more, in case it still works) and reconnects. */
    private void drop(SqlConnection conn, Throwable failure) {
        if (connection != conn) {
            return;
        }
        lost(conn);
        conn.query("UNLISTEN *").execute().onTermination().invoke(conn::closeAndForget)
                .subscribe().with(rows -> { }, ignored -> { });
        Log.debugf("Listening connection failed: %s", failure);
    }

    private void lost(SqlConnection conn) {
        if (connection != conn) {
            return;
        }
        listening = false;
        connection = null;
        vertx.cancelTimer(pingTimer);
        retry("Lost the connection listening for database notifications; polling only until it is back");
    }

    private void retry(String why) {
        if (stopped) {
            return;
        }
        Duration pause = reconnectPause;
        // The first failure says so; repeats while the database stays away stay quiet.
        if (pause.equals(FIRST_RECONNECT)) {
            Log.warn(why);
        } else {
            Log.debug(why);
        }
        reconnectPause = pause.multipliedBy(2).compareTo(LAST_RECONNECT) > 0 ? LAST_RECONNECT : pause.multipliedBy(2);
        vertx.setTimer(pause.toMillis(), id -> connect());
    }

    private void run(String channel) {
        for (Runnable listener : listeners.getOrDefault(channel, List.of())) {
            try {
                listener.run();
            } catch (RuntimeException e) {
                Log.warnf("Listener of %s failed: %s", channel, e.toString());
            }
        }
    }

    void stop(@Observes ShutdownEvent event) {
        stopped = true;
        listening = false;
        vertx.cancelTimer(pingTimer);
        SqlConnection current = connection;
        connection = null;
        if (current != null) {
            current.closeAndForget();
        }
    }
}
