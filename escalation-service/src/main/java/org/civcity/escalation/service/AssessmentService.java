package org.civcity.escalation.service;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.civcity.escalation.config.EscalationConfig;
import org.civcity.escalation.domain.AccountabilityRecord;
import org.civcity.escalation.domain.CaseTracking;
import org.civcity.escalation.repository.AccountabilityRepository;
import org.civcity.escalation.repository.CaseTrackingRepository;

/**
 * Assessment of units for a period with the standard indicators: on-time closure rate = closed on time / due, rework
 * rate = reworks / rectification reports, escalations by level, repeats, penalty points, a composite score and rank.
 */
@ApplicationScoped
public class AssessmentService {

    /** One unit's indicators. */
    public record UnitAssessment(int rank, String unit, long findings, long due, long closedOnTime, Double onTimeRate,
            long reports, long reworks, Double reworkRate, Map<Integer, Long> escalationsByLevel, long repeats,
            double penaltyPoints, double score) {
    }

    /** The assessment of a period: every unit ranked, the honour roll and the blacklist. */
    public record Assessment(String period, Instant from, Instant to, List<UnitAssessment> units,
            List<String> honourRoll, List<String> blacklist) {
    }

    private final EscalationConfig.Assessment config;
    private final CaseTrackingRepository cases;
    private final AccountabilityRepository records;

    public AssessmentService(EscalationConfig config, CaseTrackingRepository cases, AccountabilityRepository records) {
        this.config = config.assessment();
        this.cases = cases;
        this.records = records;
    }

    /** The assessment of the month so far, in the district's time zone. */
    public Uni<Assessment> assessMonth(YearMonth month, ZoneId zone) {
        return assess(month.toString(), month.atDay(1).atStartOfDay(zone).toInstant(),
                month.plusMonths(1).atDay(1).atStartOfDay(zone).toInstant());
    }

    public Uni<Assessment> assess(String period, Instant from, Instant to) {
        return Panache.withSession(() -> cases.inPeriod(from, to)
                .chain(tracked -> records.recordedBetween(from, to)
                        .map(recorded -> build(period, from, to, tracked, recorded))));
    }

    private Assessment build(String period, Instant from, Instant to, List<CaseTracking> cases,
            List<AccountabilityRecord> records) {
        Map<String, long[]> counts = new TreeMap<>();
        Map<String, Map<Integer, Long>> levels = new TreeMap<>();
        // counts: findings, due, closed on time, reports, reworks, repeats
        for (CaseTracking c : cases) {
            long[] n = counts.computeIfAbsent(c.unit, u -> new long[6]);
            boolean dispatched = !c.dispatchedAt.isBefore(from) && c.dispatchedAt.isBefore(to);
            boolean due = c.rectifyBy != null && !c.rectifyBy.isBefore(from) && c.rectifyBy.isBefore(to);
            if (dispatched) {
                n[0]++;
                if (c.repeatCount > 0) {
                    n[5]++;
                }
            }
            if (due) {
                n[1]++;
                if ("FIXED".equals(c.outcome) && c.closedAt != null && !c.closedAt.isAfter(c.rectifyBy)) {
                    n[2]++;
                }
                n[3] += c.reportCount;
            }
        }
        for (AccountabilityRecord r : records) {
            long[] n = counts.computeIfAbsent(r.unit, u -> new long[6]);
            if ("REWORK".equals(r.reason)) {
                n[4]++;
            } else {
                levels.computeIfAbsent(r.unit, u -> new TreeMap<>()).merge(r.level, 1L, Long::sum);
            }
        }
        List<UnitAssessment> units = new ArrayList<>();
        counts.forEach((unit, n) -> {
            Double onTime = n[1] == 0 ? null : (double) n[2] / n[1];
            Double rework = n[3] == 0 ? null : (double) n[4] / n[3];
            double penalty = config.pointsPerFinding() * n[0] + config.pointsPerOverdue() * (n[1] - n[2])
                    + config.pointsPerRepeat() * n[5];
            double score = 100 * (onTime == null ? 1.0 : onTime) - 20 * (rework == null ? 0.0 : rework) - penalty;
            units.add(new UnitAssessment(0, unit, n[0], n[1], n[2], onTime, n[3], n[4], rework,
                    levels.getOrDefault(unit, Map.of()), n[5], round(penalty), round(score)));
        });
        units.sort(Comparator.comparingDouble(UnitAssessment::score).reversed()
                .thenComparing(UnitAssessment::unit));
        List<UnitAssessment> ranked = new ArrayList<>();
        for (int i = 0; i < units.size(); i++) {
            UnitAssessment u = units.get(i);
            ranked.add(new UnitAssessment(i + 1, u.unit(), u.findings(), u.due(), u.closedOnTime(), u.onTimeRate(),
                    u.reports(), u.reworks(), u.reworkRate(), u.escalationsByLevel(), u.repeats(), u.penaltyPoints(),
                    u.score()));
        }
        int roll = Math.min(config.rollSize(), ranked.size() / 2);
        List<String> honour = ranked.subList(0, roll).stream().map(UnitAssessment::unit).toList();
        List<String> black = ranked.subList(ranked.size() - roll, ranked.size()).stream()
                .sorted(Comparator.comparingInt(u -> -u.rank())).map(UnitAssessment::unit).toList();
        return new Assessment(period, from, to, ranked, honour, black);
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }
}
