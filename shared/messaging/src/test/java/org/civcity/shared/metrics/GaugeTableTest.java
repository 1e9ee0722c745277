package org.civcity.shared.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Counts that disappear read 0; figures that disappear have no series; values are replaced, never summed up. */
class GaugeTableTest {

    private final MeterRegistry registry = new SimpleMeterRegistry();

    private Double value(String name, String unit, String township) {
        Gauge gauge = registry.find(name).tag("unit", unit).tag("township", township).gauge();
        return gauge == null ? null : gauge.value();
    }

    @Test
    void countsOnceSeenStayAtZero() {
        GaugeTable open = GaugeTable.counts(registry, "open", "open cases", "unit", "township");
        open.update(Map.of(List.of("UM", "XINHUA"), 3.0, List.of("TP", "RENMIN"), 1.0));
        assertEquals(3.0, value("open", "UM", "XINHUA"));
        open.update(Map.of(List.of("UM", "XINHUA"), 2.0));
        assertEquals(2.0, value("open", "UM", "XINHUA"));
        assertEquals(0.0, value("open", "TP", "RENMIN"));
    }

    @Test
    void figuresThatDisappearHaveNoSeries() {
        GaugeTable rate = GaugeTable.figures(registry, "rate", "on-time rate", "unit", "township");
        rate.update(Map.of(List.of("UM", "XINHUA"), 0.5, List.of("TP", "RENMIN"), 1.0));
        rate.update(Map.of(List.of("UM", "XINHUA"), 0.75));
        assertEquals(0.75, value("rate", "UM", "XINHUA"));
        assertNull(value("rate", "TP", "RENMIN"));
    }
}
