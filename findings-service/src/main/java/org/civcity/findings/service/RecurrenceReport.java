package org.civcity.findings.service;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.civcity.contracts.Category;
import org.civcity.contracts.SiteType;
import org.civcity.findings.api.RecurringSites;
import org.civcity.findings.config.FindingsConfig;
import org.civcity.findings.repository.FindingRepository;
import org.civcity.shared.persistence.UnitNameRepository;
import org.civcity.shared.problem.Problem;
import org.civcity.shared.problem.ProblemException;

/**
 * Ranks the sites where problems recur (屡改屡犯) in a sliding window, from the repeat links the intake makes: per
 * site and per site and category, optionally within one township. Counted in the database, grouped by site.
 */
@ApplicationScoped
public class RecurrenceReport {

    /** Longest window asked for: the repeat links themselves look back {@code findings.recurrence.window}. */
    private static final Duration LONGEST = Duration.ofDays(730);

    private final FindingRepository findings;
    private final UnitNameRepository names;
    private final FindingsConfig.Recurrence config;

    public RecurrenceReport(FindingRepository findings, UnitNameRepository names, FindingsConfig config) {
        this.findings = findings;
        this.names = names;
        this.config = config.recurrence();
    }

    /**
     * A district's sites with at least {@code minimum} recurrences in {@code within} up to now, at most
     * {@code limit}.
     */
    public Uni<RecurringSites> rank(String district, Duration within, String township, int minimum, int limit) {
        Duration window = within == null ? config.window() : within;
        if (window.isNegative() || window.isZero() || window.compareTo(LONGEST) > 0) {
            throw new ProblemException(400, "Invalid request", "within must be a duration of up to 730 days",
                    List.of(new Problem.FieldError("within", "must be a positive ISO-8601 duration of up to P730D")));
        }
        Instant to = Instant.now();
        Instant from = to.minus(window);
        return Panache.withSession(() -> findings.recurrences(district, from, township)
                .chain(rows -> names.all(district).map(named -> new RecurringSites(iso(window), from, to,
                        config.listingThreshold(), sites(rows, named, minimum, limit)))));
    }

    private List<RecurringSites.Site> sites(List<Object[]> rows, Map<String, String> named, int minimum, int limit) {
        Map<String, List<Object[]>> byPoint = new LinkedHashMap<>();
        rows.forEach(r -> byPoint.computeIfAbsent((String) r[0], k -> new ArrayList<>()).add(r));
        List<RecurringSites.Site> sites = new ArrayList<>();
        byPoint.forEach((point, perCategory) -> {
            long findings = 0;
            long recurrences = 0;
            Instant first = null;
            Instant last = null;
            String township = null;
            List<RecurringSites.PerCategory> categories = new ArrayList<>();
            for (Object[] r : perCategory) {
                Category category = Category.valueOf((String) r[5]);
                long n = ((Number) r[6]).longValue();
                long repeats = ((Number) r[7]).longValue();
                findings += n;
                recurrences += repeats;
                first = earliest(first, instant(r[8]));
                last = latest(last, instant(r[9]));
                township = (String) r[4];
                categories.add(new RecurringSites.PerCategory(category, category.label(), n, repeats));
            }
            if (recurrences < minimum) {
                return;
            }
            categories.sort(Comparator.comparingLong(RecurringSites.PerCategory::recurrences).reversed()
                    .thenComparing(Comparator.comparingLong(RecurringSites.PerCategory::findings).reversed())
                    .thenComparing(RecurringSites.PerCategory::category));
            Object[] any = perCategory.get(0);
            sites.add(new RecurringSites.Site(0, SiteType.valueOf((String) any[1]), (String) any[2],
                    (String) any[3], township, township == null ? null : named.getOrDefault(township, township),
                    findings, recurrences, recurrences >= config.listingThreshold(), first, last, categories));
        });
        sites.sort(Comparator.comparingLong(RecurringSites.Site::recurrences).reversed()
                .thenComparing(Comparator.comparingLong(RecurringSites.Site::findings).reversed())
                .thenComparing(RecurringSites.Site::lastObservedAt, Comparator.reverseOrder())
                .thenComparing(RecurringSites.Site::siteName));
        List<RecurringSites.Site> ranked = new ArrayList<>();
        for (int i = 0; i < Math.min(limit, sites.size()); i++) {
            RecurringSites.Site s = sites.get(i);
            ranked.add(new RecurringSites.Site(i + 1, s.siteType(), s.siteCode(), s.siteName(), s.township(),
                    s.townshipLabel(), s.findings(), s.recurrences(), s.dueForListing(), s.firstObservedAt(),
                    s.lastObservedAt(), s.byCategory()));
        }
        return ranked;
    }

    /** Whole days as days (P180D), which is how people write a window; anything else as Java writes it. */
    static String iso(Duration window) {
        return window.toSeconds() % 86_400 == 0 && window.toNanosPart() == 0 ? "P" + window.toDays() + "D"
                : window.toString();
    }

    private static Instant instant(Object value) {
        return value instanceof OffsetDateTime t ? t.toInstant() : value instanceof Instant i ? i
                : ((java.sql.Timestamp) value).toInstant();
    }

    private static Instant earliest(Instant a, Instant b) {
        return a == null || b.isBefore(a) ? b : a;
    }

    private static Instant latest(Instant a, Instant b) {
        return a == null || b.isAfter(a) ? b : a;
    }
}
