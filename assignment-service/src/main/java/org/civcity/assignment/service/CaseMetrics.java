package org.civcity.assignment.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.Instant;
import org.civcity.assignment.domain.RectificationCase;
import org.civcity.assignment.repository.CaseRepository;
import org.civcity.shared.messaging.Pollers;
import org.civcity.shared.metrics.GaugeTable;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Business metrics of the case lifecycle: open cases by unit and state (from the database, so every replica reports
 * the district's figure), the time units take to acknowledge and to get a fix verified, and verification results.
 */
@ApplicationScoped
public class CaseMetrics {

    /** From minutes to a month: the deadlines are working hours to working days. */
    private static final Duration[] BUCKETS = {Duration.ofMinutes(1), Duration.ofMinutes(10), Duration.ofHours(1),
        Duration.ofHours(4), Duration.ofDays(1), Duration.ofDays(3), Duration.ofDays(7), Duration.ofDays(14),
        Duration.ofDays(30)};

    private final MeterRegistry registry;
    private final Pollers pollers;
    private final CaseRepository cases;
    private final Duration refreshInterval;
    private final GaugeTable open;

    public CaseMetrics(MeterRegistry registry, Pollers pollers, CaseRepository cases,
            @ConfigProperty(name = "civcity.metrics.refresh-interval", defaultValue = "PT15S") Duration refresh) {
        this.registry = registry;
        this.pollers = pollers;
        this.cases = cases;
        this.refreshInterval = refresh;
        this.open = GaugeTable.counts(registry, "civcity.cases.open", "Cases not closed, by lead unit and state",
                "unit", "state");
        for (String result : new String[] {"passed", "failed"}) {
            Counter.builder("civcity.verifications").tag("result", result)
                    .description("Verifications of reported fixes").register(registry);
        }
    }

    void start(@Observes StartupEvent event) {
        open.refresh(pollers, cases::openCounts, refreshInterval);
    }

    /** Called after the acknowledgement committed. */
    public void acknowledged(RectificationCase c) {
        timer("civcity.case.acknowledgement", "From dispatch to the lead unit's acknowledgement", c)
                .record(Duration.between(c.dispatchedAt, c.acknowledgedAt == null ? Instant.now() : c.acknowledgedAt));
    }

    /** Called after the verification committed. */
    public void verified(RectificationCase c, boolean passed) {
        registry.counter("civcity.verifications", "result", passed ? "passed" : "failed").increment();
        if (passed) {
            timer("civcity.case.rectification", "From dispatch of the closing generation to a verified fix", c)
                    .record(Duration.between(c.dispatchedAt, c.closedAt == null ? Instant.now() : c.closedAt));
        }
    }

    private Timer timer(String name, String description, RectificationCase c) {
        return Timer.builder(name).description(description).tag("category", c.category.name())
                .serviceLevelObjectives(BUCKETS).register(registry);
    }
}
