package org.civcity.findings.service;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;
import org.civcity.findings.api.RoundComparison;
import org.civcity.findings.api.RoundSummary;
import org.civcity.findings.domain.Finding;
import org.civcity.findings.repository.FindingRepository;
import org.civcity.shared.persistence.UnitNameRepository;
import org.civcity.shared.problem.ProblemException;
import org.civcity.shared.security.Caller;

/** Summaries of evaluation rounds and their comparison, from the findings each round brought. */
@ApplicationScoped
public class RoundReport {

    private final FindingRepository findings;
    private final UnitNameRepository names;

    public RoundReport(FindingRepository findings, UnitNameRepository names) {
        this.findings = findings;
        this.names = names;
    }

    public Uni<RoundSummary> summary(String round, Caller caller) {
        return Panache.withSession(() -> of(round, caller).chain(list -> names.all(caller.district()).map(named ->
                new RoundSummary(round, list.size(), points(list), groups(list, RoundReport::siteType),
                        groups(list, RoundReport::category), groups(list, township(named))))));
    }

    public Uni<RoundComparison> compare(String round, String previousRound, Caller caller) {
        if (previousRound == null || previousRound.isBlank()) {
            throw new ProblemException(400, "Invalid request", "Name the earlier round to compare with",
                    List.of(new org.civcity.shared.problem.Problem.FieldError("with", "is required")));
        }
        return Panache.withSession(() -> of(previousRound, caller).chain(before -> of(round, caller)
                .chain(now -> names.all(caller.district())
                        .map(named -> compare(round, previousRound, before, now, named)))));
    }

    private static RoundComparison compare(String round, String previousRound, List<Finding> before,
            List<Finding> now, Map<String, String> named) {
        RoundComparison.Totals previous = new RoundComparison.Totals(before.size(), points(before));
        RoundComparison.Totals current = new RoundComparison.Totals(now.size(), points(now));
        int byCount = Long.compare(current.findings(), previous.findings());
        int byPoints = current.deductionPoints().compareTo(previous.deductionPoints());
        int sign = byCount != 0 ? byCount : byPoints;
        RoundComparison.Trend trend = sign > 0 ? RoundComparison.Trend.WORSE
                : sign < 0 ? RoundComparison.Trend.BETTER : RoundComparison.Trend.SAME;
        Map<String, long[]> sites = new LinkedHashMap<>();
        Map<String, Finding> examples = new LinkedHashMap<>();
        for (Finding f : before) {
            sites.computeIfAbsent(point(f), k -> new long[2])[0]++;
            examples.putIfAbsent(point(f), f);
        }
        for (Finding f : now) {
            sites.computeIfAbsent(point(f), k -> new long[2])[1]++;
            examples.putIfAbsent(point(f), f);
        }
        List<RoundComparison.Point> recurring = new ArrayList<>();
        List<RoundComparison.Point> added = new ArrayList<>();
        List<RoundComparison.Point> cleared = new ArrayList<>();
        sites.forEach((key, counts) -> {
            Finding f = examples.get(key);
            RoundComparison.Point p = new RoundComparison.Point(f.siteType.name(), f.siteCode, f.siteName,
                    counts[0], counts[1]);
            (counts[0] > 0 && counts[1] > 0 ? recurring : counts[1] > 0 ? added : cleared).add(p);
        });
        Comparator<RoundComparison.Point> order = Comparator.comparing(RoundComparison.Point::siteType)
                .thenComparing(RoundComparison.Point::siteName);
        recurring.sort(order);
        added.sort(order);
        cleared.sort(order);
        return new RoundComparison(round, previousRound, previous, current, trend,
                changes(before, now, RoundReport::siteType), changes(before, now, RoundReport::category),
                changes(before, now, township(named)), recurring, added, cleared);
    }

    /**
     * The round's findings the caller may see (its district's; a reporting system: its own); none at all is a 404.
     */
    private Uni<List<Finding>> of(String round, Caller caller) {
        Uni<List<Finding>> list = caller.isMachineReporter()
                ? findings.list("district = ?1 and inspectionRound = ?2 and reportedBy = ?3", caller.district(), round,
                        caller.clientId())
                : findings.list("district = ?1 and inspectionRound = ?2", caller.district(), round);
        return list.invoke(found -> {
            if (found.isEmpty()) {
                throw ProblemException.notFound("Round '" + round + "'");
            }
        });
    }

    /** A group's key and label. */
    private record Key(String key, String label) {
    }

    private static Key siteType(Finding f) {
        return new Key(f.siteType.name(), f.siteType.label());
    }

    private static Key category(Finding f) {
        return new Key(f.category.name(), f.category.label());
    }

    /** The township a finding was routed to, by the name people use when a dispatch carried it. */
    private static Function<Finding, Key> township(Map<String, String> named) {
        return f -> new Key(f.township, f.township == null ? "未分派" : named.getOrDefault(f.township, f.township));
    }

    private static String point(Finding f) {
        return f.siteCode != null ? "code:" + f.siteCode : f.siteType.name() + "|" + f.siteName.strip();
    }

    private static BigDecimal points(List<Finding> list) {
        return list.stream().map(f -> f.deductionPoints == null ? BigDecimal.ZERO : f.deductionPoints)
                .reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    private static List<RoundSummary.Group> groups(List<Finding> list, Function<Finding, Key> by) {
        Map<Key, List<Finding>> grouped = new LinkedHashMap<>();
        list.forEach(f -> grouped.computeIfAbsent(by.apply(f), k -> new ArrayList<>()).add(f));
        return grouped.entrySet().stream()
                .map(e -> new RoundSummary.Group(e.getKey().key(), e.getKey().label(), e.getValue().size(),
                        points(e.getValue())))
                .sorted(Comparator.comparingLong(RoundSummary.Group::findings).reversed()
                        .thenComparing(g -> String.valueOf(g.key())))
                .toList();
    }

    private static List<RoundComparison.Change> changes(List<Finding> before, List<Finding> now,
            Function<Finding, Key> by) {
        Map<Key, List<Finding>> previous = new LinkedHashMap<>();
        Map<Key, List<Finding>> current = new LinkedHashMap<>();
        before.forEach(f -> previous.computeIfAbsent(by.apply(f), k -> new ArrayList<>()).add(f));
        now.forEach(f -> current.computeIfAbsent(by.apply(f), k -> new ArrayList<>()).add(f));
        TreeSet<Key> keys = new TreeSet<>(Comparator.comparing(k -> String.valueOf(k.key())));
        keys.addAll(previous.keySet());
        keys.addAll(current.keySet());
        List<RoundComparison.Change> changes = new ArrayList<>();
        for (Key key : keys) {
            List<Finding> p = previous.getOrDefault(key, List.of());
            List<Finding> c = current.getOrDefault(key, List.of());
            changes.add(new RoundComparison.Change(key.key(), key.label(), p.size(), c.size(), c.size() - p.size(),
                    points(p), points(c)));
        }
        changes.sort(Comparator.comparingLong(RoundComparison.Change::difference).reversed()
                .thenComparing(c -> String.valueOf(c.key())));
        return changes;
    }
}
