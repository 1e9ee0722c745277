package org.civcity.shared.messaging;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A wake cuts the pause short, coalesces with others, and never makes two rounds overlap; a round can shorten the
 * pause after it, never lengthen it.
 */
class PollerTest {

    private static final Duration LONG_PAUSE = Duration.ofHours(1);

    private final Vertx vertx = Vertx.vertx();
    private final List<Poller> pollers = new ArrayList<>();

    @AfterEach
    void close() {
        pollers.forEach(Poller::stop);
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    private Poller start(Duration pause, Supplier<Uni<?>> job) {
        Poller poller = Poller.start(vertx, "Test poller", pause, Duration.ZERO, self -> job.get());
        pollers.add(poller);
        return poller;
    }

    @Test
    void pollsAtItsPauseWithoutWakes() {
        AtomicInteger rounds = new AtomicInteger();
        start(Duration.ofMillis(50), () -> Uni.createFrom().item(rounds.incrementAndGet()));
        await().atMost(Duration.ofSeconds(10)).until(() -> rounds.get() >= 3);
    }

    @Test
    void wakeStartsARoundDuringALongPause() {
        AtomicInteger rounds = new AtomicInteger();
        Poller poller = start(LONG_PAUSE, () -> Uni.createFrom().item(rounds.incrementAndGet()));
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> rounds.get() == 0);
        poller.wake();
        await().atMost(Duration.ofSeconds(5)).until(() -> rounds.get() == 1);
        poller.wake();
        await().atMost(Duration.ofSeconds(5)).until(() -> rounds.get() == 2);
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> rounds.get() == 2);
    }

    @Test
    void aRoundShortensThePauseAfterItOnly() {
        AtomicInteger rounds = new AtomicInteger();
        Poller[] self = new Poller[1];
        self[0] = start(LONG_PAUSE, () -> {
            // The first two rounds know their next work is due in 100 ms; the third knows of none.
            if (rounds.incrementAndGet() < 3) {
                self[0].nextRoundIn(Duration.ofMillis(100));
            }
            return Uni.createFrom().voidItem();
        });
        self[0].wake();
        await().atMost(Duration.ofSeconds(5)).until(() -> rounds.get() == 3);
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> rounds.get() == 3);
    }

    @Test
    void aRoundNeverLengthensThePause() {
        AtomicInteger rounds = new AtomicInteger();
        Poller[] self = new Poller[1];
        self[0] = start(Duration.ofMillis(50), () -> {
            rounds.incrementAndGet();
            self[0].nextRoundIn(LONG_PAUSE);
            return Uni.createFrom().voidItem();
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> rounds.get() >= 3);
    }

    @Test
    void aRoundWhoseNextWorkIsDueAtOnceStillWaitsTheSpacing() {
        List<Long> starts = new CopyOnWriteArrayList<>();
        Poller poller = Poller.start(vertx, "Test poller", LONG_PAUSE, Duration.ofMillis(200), self -> {
            starts.add(System.nanoTime());
            self.nextRoundIn(Duration.ZERO);
            return Uni.createFrom().voidItem();
        });
        pollers.add(poller);
        poller.wake();
        await().atMost(Duration.ofSeconds(10)).until(() -> starts.size() >= 5);
        for (int i = 1; i < 5; i++) {
            long apart = (starts.get(i) - starts.get(i - 1)) / 1_000_000;
            assertTrue(apart >= 190, "rounds " + (i - 1) + " and " + i + " started " + apart + " ms apart");
        }
    }

    @Test
    void wakesDuringARoundBuyOneMoreRound() {
        AtomicInteger rounds = new AtomicInteger();
        List<CompletableFuture<Integer>> held = new CopyOnWriteArrayList<>();
        Poller poller = start(LONG_PAUSE, () -> {
            rounds.incrementAndGet();
            CompletableFuture<Integer> round = new CompletableFuture<>();
            held.add(round);
            return Uni.createFrom().completionStage(round);
        });
        poller.wake();
        await().atMost(Duration.ofSeconds(5)).until(() -> held.size() == 1);
        for (int i = 0; i < 10; i++) {
            poller.wake();
        }
        held.get(0).complete(1);
        await().atMost(Duration.ofSeconds(5)).until(() -> held.size() == 2);
        held.get(1).complete(2);
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> rounds.get() == 2);
    }

    @Test
    void afterAFailedRoundAWakeWaitsForThePauseAndIsNotLost() {
        AtomicInteger rounds = new AtomicInteger();
        Duration pause = Duration.ofMillis(800);
        Poller poller = start(pause, () -> rounds.incrementAndGet() == 1
                ? Uni.createFrom().failure(new IllegalStateException("database away")) : Uni.createFrom().item(1));
        await().atMost(Duration.ofSeconds(5)).until(() -> rounds.get() == 1);
        poller.wake();
        // Backing off: the wake does not cut the pause short, but the round that ends it comes.
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(1)).until(() -> rounds.get() == 1);
        await().atMost(Duration.ofSeconds(5)).until(() -> rounds.get() >= 2);
    }

    @Test
    void wokenRoundsStartASpacingApart() {
        List<Long> starts = new CopyOnWriteArrayList<>();
        Poller poller = Poller.start(vertx, "Spaced poller", LONG_PAUSE, Duration.ofMillis(400), self -> {
            starts.add(System.nanoTime());
            return Uni.createFrom().item(1);
        });
        pollers.add(poller);
        // The first wake after a quiet spell starts at once.
        long woken = System.nanoTime();
        poller.wake();
        await().atMost(Duration.ofSeconds(2)).until(() -> starts.size() == 1);
        assertTrue(starts.get(0) - woken < Duration.ofMillis(200).toNanos(), "first round waited");
        // A second wake right after waits for the spacing, then runs: the two gather into one round.
        poller.wake();
        poller.wake();
        await().atMost(Duration.ofSeconds(3)).until(() -> starts.size() == 2);
        assertTrue(starts.get(1) - starts.get(0) >= Duration.ofMillis(390).toNanos(),
                "spaced " + (starts.get(1) - starts.get(0)) / 1_000_000 + " ms");
        await().during(Duration.ofMillis(600)).atMost(Duration.ofSeconds(2)).until(() -> starts.size() == 2);
    }

    @Test
    void concurrentWakesNeverOverlapRounds() throws InterruptedException {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger mostAtOnce = new AtomicInteger();
        AtomicInteger rounds = new AtomicInteger();
        Poller poller = start(LONG_PAUSE, () -> {
            mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
            rounds.incrementAndGet();
            return Uni.createFrom().item(1).onItem().delayIt().by(Duration.ofMillis(2))
                    .invoke(() -> running.decrementAndGet());
        });
        ExecutorService threads = Executors.newFixedThreadPool(4);
        CountDownLatch go = new CountDownLatch(1);
        for (int t = 0; t < 4; t++) {
            threads.submit(() -> {
                go.await();
                for (int i = 0; i < 500; i++) {
                    poller.wake();
                }
                return null;
            });
        }
        go.countDown();
        threads.shutdown();
        await().atMost(Duration.ofSeconds(30)).until(threads::isTerminated);
        await().atMost(Duration.ofSeconds(5)).until(() -> running.get() == 0);
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> running.get() == 0);
        assertEquals(1, mostAtOnce.get(), "rounds overlapped");
        // 2,000 wakes against 2 ms rounds: they coalesce, yet more than one round ran.
        assertTrue(rounds.get() > 1 && rounds.get() < 2000, "rounds " + rounds.get());
    }
}
