package org.civcity.shared.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.civcity.shared.messaging.Pollers;

/**
 * A family of gauges whose values come from one aggregate query, re-run every few seconds rather than per scrape:
 * each row's leading text columns are the tags and its last column the value. For counts, a tag combination once
 * seen stays at 0 when its rows disappear, so "no open cases" reads as 0, not as a vanished series; for figures that
 * have no value then (a rate, a rank) the series goes away. The tags must be bounded (units, states, townships).
 */
public final class GaugeTable {

    private final MultiGauge gauge;
    private final List<String> tagNames;
    private final boolean counts;
    private final Map<Tags, Double> values = new LinkedHashMap<>();

    private GaugeTable(MeterRegistry registry, String name, String description, boolean counts, String... tagNames) {
        this.gauge = MultiGauge.builder(name).description(description).register(registry);
        this.counts = counts;
        this.tagNames = List.of(tagNames);
    }

    /** Counts: an absent combination reads 0. */
    public static GaugeTable counts(MeterRegistry registry, String name, String description, String... tagNames) {
        return new GaugeTable(registry, name, description, true, tagNames);
    }

    /** Figures: an absent combination has no series. */
    public static GaugeTable figures(MeterRegistry registry, String name, String description, String... tagNames) {
        return new GaugeTable(registry, name, description, false, tagNames);
    }

    /** Re-reads the rows of {@code query} (a repository's aggregate) every {@code interval}. */
    public void refresh(Pollers pollers, Supplier<Uni<? extends Iterable<Row>>> query, Duration interval) {
        pollers.start("Gauges " + tagNames, interval, () -> query.get().invoke(this::update));
    }

    /** Replaces the values with {@code rows}; absent combinations seen before drop to 0. */
    public void update(Iterable<Row> rows) {
        Map<List<String>, Double> table = new LinkedHashMap<>();
        for (Row row : rows) {
            List<String> key = new ArrayList<>(tagNames.size());
            for (int i = 0; i < tagNames.size(); i++) {
                Object value = row.getValue(i);
                key.add(value == null ? "none" : value.toString());
            }
            table.merge(key, ((Number) row.getValue(tagNames.size())).doubleValue(), Double::sum);
        }
        update(table);
    }

    /** Replaces the values: each key lists the tag values in the order of the tag names. */
    public synchronized void update(Map<List<String>, Double> table) {
        if (counts) {
            values.replaceAll((tags, value) -> 0.0);
        } else {
            values.clear();
        }
        table.forEach((key, value) -> {
            List<String> tags = new ArrayList<>(tagNames.size() * 2);
            for (int i = 0; i < tagNames.size(); i++) {
                tags.add(tagNames.get(i));
                tags.add(key.get(i));
            }
            values.put(Tags.of(tags.toArray(String[]::new)), value);
        });
        List<MultiGauge.Row<?>> gaugeRows = new ArrayList<>();
        values.forEach((tags, value) -> gaugeRows.add(MultiGauge.Row.of(tags, value)));
        gauge.register(gaugeRows, true);
    }
}
