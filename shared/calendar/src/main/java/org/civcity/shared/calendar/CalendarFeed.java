package org.civcity.shared.calendar;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.civcity.contracts.CalendarPublished;
import org.civcity.contracts.EventTypes;
import org.civcity.contracts.Topics;

/**
 * Every instance of every service reads the whole compacted topic civcity.calendars (no consumer group: each needs
 * every year) and puts each published year in force, so all services count working time on the same calendar. What it
 * receives it keeps in its database, for a start while the broker is away.
 */
@ApplicationScoped
public class CalendarFeed {

    private static final Duration RETRY = Duration.ofSeconds(5);

    private final WorkingCalendar calendar;
    private final CalendarConfig config;
    private final ObjectMapper mapper;
    private final PublishedCalendars kept;
    private final MeterRegistry registry;
    private final Map<String, Object> kafka;
    private final CountDownLatch caughtUp = new CountDownLatch(1);
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean running = true;
    private volatile KafkaConsumer<String, String> consumer;
    private Thread thread;

    public CalendarFeed(WorkingCalendar calendar, CalendarConfig config, ObjectMapper mapper,
            PublishedCalendars kept, MeterRegistry registry,
            @Identifier("default-kafka-broker") Map<String, Object> kafka) {
        this.calendar = calendar;
        this.config = config;
        this.mapper = mapper;
        this.kept = kept;
        this.registry = registry;
        this.kafka = kafka;
    }

    /** After the topics are provisioned, before the consumers and timers start: they need the calendar. */
    void onStart(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE + 10) StartupEvent event)
            throws InterruptedException {
        registry.counter("civcity.calendar.rejected");
        try {
            kept.all().await().atMost(Duration.ofSeconds(10)).forEach(calendar::publish);
        } catch (RuntimeException e) {
            Log.warnf("Cannot read the kept calendars: %s", e.toString());
        }
        calendar.years().forEach(y -> track(y.year()));
        if (!config.feed().enabled()) {
            return;
        }
        thread = new Thread(this::run, "calendar-feed");
        thread.setDaemon(true);
        thread.start();
        if (!caughtUp.await(config.feed().catchUp().toMillis(), TimeUnit.MILLISECONDS)) {
            Log.warnf("Calendar feed %s not read within %s: starting with the calendars in force, %s", Topics.CALENDARS,
                    config.feed().catchUp(), calendar.years().stream()
                            .map(y -> y.year() + " v" + y.version()).toList());
        }
    }

    void onStop(@Observes ShutdownEvent event) throws InterruptedException {
        running = false;
        stopped.countDown();
        KafkaConsumer<String, String> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        if (thread != null) {
            thread.join(5_000);
        }
    }

    /** Whether the whole feed has been read once since the start. */
    public boolean caughtUp() {
        return caughtUp.getCount() == 0;
    }

    private void run() {
        Map<String, Object> props = new HashMap<>(kafka);
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "10000");
        // Calendars change a few times a year: an idle fetch every 5 s instead of every 0.5 s (a record still comes
        // back as soon as it is written).
        props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "5000");
        while (running) {
            KafkaConsumer<String, String> c = new KafkaConsumer<>(props);
            try {
                consumer = c;
                read(c);
            } catch (WakeupException e) {
                return;
            } catch (RuntimeException e) {
                if (!running) {
                    return;
                }
                Log.warnf("Calendar feed interrupted, reconnecting in %s: %s", RETRY, e.toString());
                sleep();
            } finally {
                // Without waiting: a close waits for the fetch in flight (up to 5 s), and this consumer has no group
                // and commits nothing, so there is nothing to wait for.
                c.close(CloseOptions.timeout(Duration.ZERO));
            }
        }
    }

    private void read(KafkaConsumer<String, String> c) {
        List<TopicPartition> partitions = List.of();
        while (running && partitions.isEmpty()) {
            partitions = c.partitionsFor(Topics.CALENDARS).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            if (partitions.isEmpty()) {
                Log.warnf("Topic %s does not exist yet; waiting for it", Topics.CALENDARS);
                sleep();
            }
        }
        c.assign(partitions);
        c.seekToBeginning(partitions);
        Map<TopicPartition, Long> end = c.endOffsets(partitions);
        while (running) {
            // Checked before each poll: an empty feed counts as read at once, not after the first poll's second.
            if (caughtUp.getCount() > 0
                    && end.entrySet().stream().allMatch(e -> c.position(e.getKey()) >= e.getValue())) {
                caughtUp.countDown();
                Log.infof("Calendars in force: %s", calendar.years().stream()
                        .map(y -> y.year() + " v" + y.version()).toList());
            }
            for (ConsumerRecord<String, String> r : c.poll(Duration.ofSeconds(1))) {
                apply(r);
            }
        }
    }

    private void apply(ConsumerRecord<String, String> r) {
        if (r.value() == null) {
            return;
        }
        Header type = r.headers().lastHeader("ce_type");
        String typeName = type == null ? null : new String(type.value(), StandardCharsets.UTF_8);
        Header source = r.headers().lastHeader("ce_source");
        String sourceName = source == null ? null : new String(source.value(), StandardCharsets.UTF_8);
        String owner = Topics.source(Topics.producer(Topics.CALENDARS).orElseThrow());
        CalendarPublished published;
        try {
            if (!EventTypes.CALENDAR_PUBLISHED.equals(typeName)) {
                throw new IllegalArgumentException("type " + typeName);
            }
            if (!owner.equals(sourceName)) {
                throw new IllegalArgumentException("source " + sourceName + " may not publish calendars (only "
                        + owner + ")");
            }
            published = mapper.readValue(r.value(), CalendarPublished.class);
            List<String> problems = WorkingCalendar.problems(published.year(), published.holidays(),
                    published.swappedWorkingDays());
            if (!problems.isEmpty()) {
                throw new IllegalArgumentException(String.join("; ", problems));
            }
        } catch (Exception e) {
            // The owner validates before it publishes; anything else on the topic is refused, loudly, not applied.
            registry.counter("civcity.calendar.rejected").increment();
            Log.errorf("Refused record %d of %s: %s", r.offset(), Topics.CALENDARS, e.getMessage());
            return;
        }
        WorkingCalendar.Year year = new WorkingCalendar.Year(published.year(), published.version(),
                published.source(), Set.copyOf(published.holidays()),
                Set.copyOf(published.swappedWorkingDays()));
        track(year.year());
        if (calendar.publish(year) || calendar.year(year.year()).map(WorkingCalendar.Year::version)
                .filter(v -> v == year.version()).isPresent()) {
            Log.infof("Calendar %d version %d in force (%s, published by %s at %s)", year.year(), year.version(),
                    year.source(), published.publishedBy(), published.publishedAt());
            try {
                kept.keep(published).await().atMost(Duration.ofSeconds(10));
            } catch (RuntimeException e) {
                Log.warnf("Calendar %d version %d is in force but not kept: %s", year.year(), year.version(),
                        e.toString());
            }
        }
    }

    /** The version of each year in force, so that an operator sees every instance agree (or not). */
    private void track(int year) {
        Gauge.builder("civcity.calendar.version", calendar,
                c -> c.year(year).map(WorkingCalendar.Year::version).orElse(-1))
                .tag("year", Integer.toString(year))
                .description("Version of the year's working calendar in force (0: the bundled file)")
                .register(registry);
    }

    /** Waits before a retry, but no longer than until the service stops. */
    private void sleep() {
        try {
            stopped.await(RETRY.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
