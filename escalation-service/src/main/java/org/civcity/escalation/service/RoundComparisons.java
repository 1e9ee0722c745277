package org.civcity.escalation.service;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import org.civcity.contracts.SiteType;
import org.civcity.escalation.domain.CaseTracking;
import org.civcity.escalation.repository.CaseTrackingRepository;

/**
 * The bulletin's comparison of the latest evaluation round (测评轮次) with the one before it: better or worse, by site
 * type and township, and the inspection points new, found again (屡改屡犯) or cleared. Rounds are ordered by their
 * first dispatch; a round is the cases its findings opened, as the dispatches carried them.
 */
@ApplicationScoped
public class RoundComparisons {

    /** One site type or township in both rounds. */
    public record Change(String label, long previous, long current, long difference) {
    }

    /**
     * The latest round against the previous one ({@code previousRound} null when it is the first); {@code trend} is
     * 变差 (more findings, or as many with more deduction points), 好转 (fewer) or 持平.
     */
    public record Comparison(String round, String previousRound, long findings, long previousFindings,
            BigDecimal deductionPoints, BigDecimal previousDeductionPoints, String trend, List<Change> bySiteType,
            List<Change> byTownship, long newPoints, long recurringPoints, long clearedPoints,
            List<String> recurringSites) {
    }

    private final CaseTrackingRepository cases;

    public RoundComparisons(CaseTrackingRepository cases) {
        this.cases = cases;
    }

    /**
     * The comparison of the district's last two rounds begun before {@code before}; null when no round has begun.
     */
    public Uni<Comparison> latestBefore(String district, Instant before, Map<String, String> names) {
        return cases.latestRounds(district, before, 2).chain(rounds -> rounds.isEmpty() ? Uni.createFrom().nullItem()
                : Panache.withSession(() -> cases.ofRounds(district, rounds)).map(all -> compare(rounds, all, names)));
    }

    static Comparison compare(List<String> rounds, List<CaseTracking> all, Map<String, String> names) {
        String round = rounds.get(0);
        String previousRound = rounds.size() > 1 ? rounds.get(1) : null;
        List<CaseTracking> now = all.stream().filter(c -> round.equals(c.inspectionRound)).toList();
        List<CaseTracking> before = all.stream().filter(c -> c.inspectionRound.equals(previousRound)).toList();
        BigDecimal points = points(now);
        BigDecimal previousPoints = points(before);
        int sign = now.size() != before.size() ? Integer.compare(now.size(), before.size())
                : points.compareTo(previousPoints);
        String trend = previousRound == null ? "首轮" : sign > 0 ? "变差" : sign < 0 ? "好转" : "持平";
        Map<String, String> sitesNow = sites(now);
        Map<String, String> sitesBefore = sites(before);
        Set<String> recurring = new HashSet<>(sitesNow.keySet());
        recurring.retainAll(sitesBefore.keySet());
        List<String> recurringSites = sitesNow.entrySet().stream().filter(e -> recurring.contains(e.getKey()))
                .map(Map.Entry::getValue).sorted().toList();
        return new Comparison(round, previousRound, now.size(), before.size(), points, previousPoints, trend,
                changes(before, now, c -> c.siteType == null ? "（未知）" : SiteType.valueOf(c.siteType).label()),
                changes(before, now, c -> c.township == null ? "（属地未定）"
                        : names.getOrDefault(c.township, c.township)),
                sitesNow.size() - recurring.size(), recurring.size(), sitesBefore.size() - recurring.size(),
                recurringSites);
    }

    /** Each inspection point (its code, else its type and name) and the name it is shown by. */
    private static Map<String, String> sites(List<CaseTracking> list) {
        Map<String, String> sites = new LinkedHashMap<>();
        for (CaseTracking c : list) {
            String key = c.siteCode != null ? "code:" + c.siteCode : c.siteType + "|" + String.valueOf(c.siteName)
                    .strip();
            sites.putIfAbsent(key, c.siteName == null ? key : c.siteName);
        }
        return sites;
    }

    private static List<Change> changes(List<CaseTracking> before, List<CaseTracking> now,
            Function<CaseTracking, String> by) {
        Map<String, long[]> counts = new TreeMap<>();
        before.forEach(c -> counts.computeIfAbsent(by.apply(c), k -> new long[2])[0]++);
        now.forEach(c -> counts.computeIfAbsent(by.apply(c), k -> new long[2])[1]++);
        List<Change> changes = new ArrayList<>();
        counts.forEach((label, n) -> changes.add(new Change(label, n[0], n[1], n[1] - n[0])));
        return changes;
    }

    private static BigDecimal points(List<CaseTracking> list) {
        return list.stream().map(c -> c.deductionPoints == null ? BigDecimal.ZERO : c.deductionPoints)
                .reduce(BigDecimal.ZERO, BigDecimal::add);
    }
}
