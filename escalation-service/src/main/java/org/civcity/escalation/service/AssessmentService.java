package org.civcity.escalation.service;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.civcity.escalation.config.EscalationConfig;
import org.civcity.escalation.domain.AccountabilityRecord;
import org.civcity.escalation.domain.CaseTracking;
import org.civcity.escalation.repository.AccountabilityRepository;
import org.civcity.escalation.repository.CaseTrackingRepository;
import org.civcity.shared.persistence.UnitNameRepository;

/**
 * Assessment for a period with the standard indicators: on-time closure rate = closed on time / due, rework rate =
 * reworks / rectification reports, escalations by level, repeats and repeat rate, dispositions, the evaluators'
 * deduction points (扣分), penalty points, a composite score and rank; of the lead departments, or of the townships
 * where the cases lie (属地管理).
 */
@ApplicationScoped
public class AssessmentService {

    /** Whom an assessment ranks: the lead departments, or the townships the cases lie in. */
    public enum Party {
        UNIT, TOWNSHIP
    }

    /**
     * One party's indicators ({@code unit}: the department's code, or the township's; {@code name}: the name people
     * use, the code until a dispatch has carried one). A disposition is what
     * followed an escalation (a talk, a circulated criticism); it is counted apart, not as a further escalation.
     * {@code deductionPoints} are the evaluators' (扣分) on the findings dispatched in the period; they weigh in the
     * penalty points.
     */
    public record UnitAssessment(int rank, String unit, String name, long findings, long due, long closedOnTime,
            Double onTimeRate, long reports, long reworks, Double reworkRate, Map<Integer, Long> escalationsByLevel,
            long repeats, Double repeatRate, long dispositions, BigDecimal deductionPoints, double penaltyPoints,
            double score) {
    }

    /**
     * The assessment of a period: every party ranked, the honour roll and the blacklist, and the accountability
     * ledger's head when it was made (verify the ledger against it: the records it counts cannot change unnoticed).
     */
    public record Assessment(String period, Instant from, Instant to, List<UnitAssessment> units,
            List<String> honourRoll, List<String> blacklist, LedgerService.Anchor ledgerHead) {
    }

    private final EscalationConfig.Assessment config;
    private final CaseTrackingRepository cases;
    private final AccountabilityRepository records;
    private final UnitNameRepository unitNames;

    public AssessmentService(EscalationConfig config, CaseTrackingRepository cases, AccountabilityRepository records,
            UnitNameRepository unitNames) {
        this.config = config.assessment();
        this.cases = cases;
        this.records = records;
        this.unitNames = unitNames;
    }

    /** A district's assessment of the month so far, in the district's time zone. */
    public Uni<Assessment> assessMonth(String district, YearMonth month, ZoneId zone) {
        return assess(district, month.toString(), month.atDay(1).atStartOfDay(zone).toInstant(),
                month.plusMonths(1).atDay(1).atStartOfDay(zone).toInstant());
    }

    public Uni<Assessment> assess(String district, String period, Instant from, Instant to) {
        return assess(district, period, from, to, Party.UNIT);
    }

    /**
     * A district's assessment: its cases and its ledger's records only, anchored on its chain's head (unit codes are
     * each district's own, so one district's records never count against another's units).
     */
    public Uni<Assessment> assess(String district, String period, Instant from, Instant to, Party party) {
        return Panache.withSession(() -> records.chainEnd(district).chain(head -> unitNames.all(district)
                .chain(names -> cases.inPeriod(district, from, to)
                .chain(tracked -> records.recordedBetween(district, from, to)
                        .chain(recorded -> party == Party.UNIT
                                ? Uni.createFrom().item(build(period, from, to, tracked, recorded, c -> c.unit,
                                        r -> r.unit, names))
                                : townships(tracked, recorded).map(township -> build(period, from, to, tracked,
                                        recorded, c -> c.township, r -> township.get(r.findingId), names))))
                .map(a -> new Assessment(a.period(), a.from(), a.to(), a.units(), a.honourRoll(), a.blacklist(),
                        new LedgerService.Anchor(head.sequence(), head.hash()))))));
    }

    /** The township of every case the records name: those in the period, and earlier ones their records name. */
    private Uni<Map<UUID, String>> townships(List<CaseTracking> tracked, List<AccountabilityRecord> recorded) {
        Map<UUID, String> township = new HashMap<>();
        tracked.stream().filter(c -> c.township != null).forEach(c -> township.put(c.findingId, c.township));
        Set<UUID> missing = recorded.stream().map(r -> r.findingId).filter(id -> !township.containsKey(id))
                .collect(Collectors.toSet());
        return missing.isEmpty() ? Uni.createFrom().item(township) : cases.byFindings(missing).map(more -> {
            more.stream().filter(c -> c.township != null).forEach(c -> township.put(c.findingId, c.township));
            return township;
        });
    }

    private Assessment build(String period, Instant from, Instant to, List<CaseTracking> cases,
            List<AccountabilityRecord> records, Function<CaseTracking, String> partyOfCase,
            Function<AccountabilityRecord, String> partyOfRecord, Map<String, String> names) {
        Map<String, long[]> counts = new TreeMap<>();
        Map<String, Map<Integer, Long>> levels = new TreeMap<>();
        Map<String, BigDecimal> deducted = new HashMap<>();
        // counts: findings, due, closed on time, reports, reworks, repeats, dispositions
        for (CaseTracking c : cases) {
            String party = partyOfCase.apply(c);
            if (party == null) {
                continue;
            }
            long[] n = counts.computeIfAbsent(party, u -> new long[7]);
            boolean dispatched = !c.dispatchedAt.isBefore(from) && c.dispatchedAt.isBefore(to);
            boolean due = c.rectifyBy != null && !c.rectifyBy.isBefore(from) && c.rectifyBy.isBefore(to);
            if (dispatched) {
                n[0]++;
                if (c.deductionPoints != null) {
                    deducted.merge(party, c.deductionPoints, BigDecimal::add);
                }
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
            String party = partyOfRecord.apply(r);
            // A leader's instruction and a site's listing or delisting are on the record, but they are no
            // escalation of the unit (an overdue listing is, when its ladder fires); nor is what became of an alert.
            if (party == null || InstructionService.REASON.equals(r.reason) || ListingService.LISTED.equals(r.reason)
                    || ListingService.DELISTED.equals(r.reason) || AlertRecords.REASONS.contains(r.reason)) {
                continue;
            }
            long[] n = counts.computeIfAbsent(party, u -> new long[7]);
            if ("REWORK".equals(r.reason)) {
                n[4]++;
            } else if (r.disposition != null) {
                n[6]++;
            } else {
                levels.computeIfAbsent(party, u -> new TreeMap<>()).merge(r.level, 1L, Long::sum);
            }
        }
        List<UnitAssessment> units = new ArrayList<>();
        counts.forEach((party, n) -> {
            Double onTime = n[1] == 0 ? null : (double) n[2] / n[1];
            Double rework = n[3] == 0 ? null : (double) n[4] / n[3];
            Double repeat = n[0] == 0 ? null : round((double) n[5] / n[0]);
            BigDecimal points = deducted.getOrDefault(party, BigDecimal.ZERO).stripTrailingZeros();
            double penalty = config.pointsPerFinding() * n[0] + config.pointsPerOverdue() * (n[1] - n[2])
                    + config.pointsPerRepeat() * n[5] + config.pointsPerDeductionPoint() * points.doubleValue();
            double score = 100 * (onTime == null ? 1.0 : onTime) - 20 * (rework == null ? 0.0 : rework) - penalty;
            units.add(new UnitAssessment(0, party, names.getOrDefault(party, party), n[0], n[1], n[2], onTime, n[3],
                    n[4], rework, levels.getOrDefault(party, Map.of()), n[5], repeat, n[6], points, round(penalty),
                    round(score)));
        });
        units.sort(Comparator.comparingDouble(UnitAssessment::score).reversed()
                .thenComparing(UnitAssessment::unit));
        List<UnitAssessment> ranked = new ArrayList<>();
        for (int i = 0; i < units.size(); i++) {
            UnitAssessment u = units.get(i);
            ranked.add(new UnitAssessment(i + 1, u.unit(), u.name(), u.findings(), u.due(), u.closedOnTime(),
                    u.onTimeRate(), u.reports(), u.reworks(), u.reworkRate(), u.escalationsByLevel(), u.repeats(),
                    u.repeatRate(), u.dispositions(), u.deductionPoints(), u.penaltyPoints(), u.score()));
        }
        int roll = Math.min(config.rollSize(), ranked.size() / 2);
        List<String> honour = ranked.subList(0, roll).stream().map(UnitAssessment::unit).toList();
        List<String> black = ranked.subList(ranked.size() - roll, ranked.size()).stream()
                .sorted(Comparator.comparingInt(u -> -u.rank())).map(UnitAssessment::unit).toList();
        return new Assessment(period, from, to, ranked, honour, black, null);
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }
}
