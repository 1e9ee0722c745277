package org.civcity.escalation.service;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.YearMonth;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.civcity.escalation.repository.AccountabilityRepository;
import org.civcity.escalation.repository.CaseTrackingRepository;
import org.civcity.shared.calendar.WorkingCalendar;
import org.civcity.shared.district.ServedDistricts;
import org.civcity.shared.messaging.Pollers;
import org.civcity.shared.metrics.GaugeTable;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Supervision gauges read from the database every few seconds: open and overdue cases by unit and township, and
 * the current month's assessment per unit (score, rank, on-time rate), the figures the board and Grafana show.
 */
@ApplicationScoped
public class SupervisionMetrics {

    private final Pollers pollers;
    private final CaseTrackingRepository cases;
    private final AssessmentService assessment;
    private final WorkingCalendar calendar;
    private final Duration refreshInterval;
    private final GaugeTable open;
    private final GaugeTable overdue;
    private final GaugeTable score;
    private final GaugeTable rank;
    private final GaugeTable onTimeRate;
    private final GaugeTable awaiting;
    private final AccountabilityRepository records;

    public SupervisionMetrics(MeterRegistry registry, Pollers pollers, CaseTrackingRepository cases,
            AccountabilityRepository records, AssessmentService assessment, WorkingCalendar calendar,
            @ConfigProperty(name = "civcity.metrics.refresh-interval", defaultValue = "PT15S") Duration refresh) {
        this.pollers = pollers;
        this.cases = cases;
        this.records = records;
        this.assessment = assessment;
        this.calendar = calendar;
        this.refreshInterval = refresh;
        // Every gauge names its district (#24): unit codes are each district's own, and ranks count within one.
        this.open = GaugeTable.counts(registry, "civcity.cases.tracked", "Open cases under deadline tracking",
                "unit", "township", "district");
        this.overdue = GaugeTable.counts(registry, "civcity.cases.overdue",
                "Open cases past their rectification deadline", "unit", "township", "district");
        this.score = GaugeTable.figures(registry, "civcity.unit.score", "This month's assessment score", "unit",
                "district");
        this.rank = GaugeTable.figures(registry, "civcity.unit.rank", "This month's rank in its district (1 is best)",
                "unit", "district");
        this.awaiting = GaugeTable.counts(registry, "civcity.escalations.awaiting.disposition",
                "Accountability proposals that no disposition has settled yet", "unit", "district");
        this.onTimeRate = GaugeTable.figures(registry, "civcity.unit.on.time.rate",
                "This month's share of due cases closed fixed on time", "unit", "district");
    }

    void start(@Observes StartupEvent event) {
        open.refresh(pollers, cases::openCounts, refreshInterval);
        overdue.refresh(pollers, cases::overdueCounts, refreshInterval);
        pollers.start("Assessment gauges", refreshInterval.multipliedBy(4), this::refreshRanking);
        pollers.start("Awaiting disposition gauge", refreshInterval, () -> Panache.withSession(
                records::awaitingDisposition).invoke(list -> awaiting.update(list.stream().collect(
                        Collectors.groupingBy(r -> List.of(r.unit, r.district),
                                Collectors.summingDouble(r -> 1.0))))));
    }

    /** Each served district's ranking of the month, one district after the other. */
    private Uni<Void> refreshRanking() {
        YearMonth month = YearMonth.now(calendar.zone());
        Map<List<String>, Double> scores = new HashMap<>();
        Map<List<String>, Double> ranks = new HashMap<>();
        Map<List<String>, Double> rates = new HashMap<>();
        return Multi.createFrom().iterable(ServedDistricts.served())
                .onItem().transformToUniAndConcatenate(district -> assessment.assessMonth(district, month,
                        calendar.zone()).invoke(a -> {
                            for (AssessmentService.UnitAssessment u : a.units()) {
                                List<String> key = List.of(u.unit(), district);
                                scores.put(key, u.score());
                                ranks.put(key, (double) u.rank());
                                if (u.onTimeRate() != null) {
                                    rates.put(key, u.onTimeRate());
                                }
                            }
                        }).replaceWithVoid()
                        // One district's failure leaves its figures out of this round, not every district's.
                        .onFailure().recoverWithUni(e -> {
                            Log.warnf(e, "Assessment gauges of district %s not refreshed", district);
                            return Uni.createFrom().voidItem();
                        }))
                .collect().last().invoke(() -> {
                    score.update(scores);
                    rank.update(ranks);
                    onTimeRate.update(rates);
                }).replaceWithVoid();
    }
}
