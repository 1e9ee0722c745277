package org.civcity.escalation.service;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.civcity.escalation.repository.CaseTrackingRepository;
import org.civcity.shared.calendar.WorkingCalendar;
import org.civcity.shared.persistence.UnitNameRepository;

/** Week by week, for the district and each township: findings dispatched, fixed on time, overdue and recurring. */
@ApplicationScoped
public class TrendService {

    /** The district as a whole, the first series of every trend. */
    public static final String DISTRICT = "ALL";

    /** One week of one series; {@code week} is the Monday it starts on (district time). */
    public record Week(LocalDate week, long reported, long closedOnTime, long overdue, long recurring) {
    }

    /** The weeks of the district ({@code township} ALL, 全区) or of one township (NONE when routing gave none). */
    public record Series(String township, String name, List<Week> weeks) {
    }

    /** Trends over the weeks that overlap [from, to); every series has every week, zeros included. */
    public record Trends(Instant from, Instant to, List<LocalDate> weeks, List<Series> series) {
    }

    /** Every open board polls every few seconds; a week's counts move slowly and cost a scan of the weeks. */
    private static final Duration BOARD_TTL = Duration.ofSeconds(30);

    private record Cached(Instant at, int weeks, Trends trends) {
    }

    /** The latest board trends of each district. */
    private final Map<String, Cached> latest = new java.util.concurrent.ConcurrentHashMap<>();

    private final CaseTrackingRepository cases;
    private final UnitNameRepository unitNames;
    private final WorkingCalendar calendar;

    public TrendService(CaseTrackingRepository cases, UnitNameRepository unitNames, WorkingCalendar calendar) {
        this.cases = cases;
        this.unitNames = unitNames;
        this.calendar = calendar;
    }

    /** The district's last {@code weeks} weeks up to and including the current one. */
    public Uni<Trends> recent(String district, int weeks) {
        ZoneId zone = calendar.zone();
        LocalDate monday = LocalDate.now(zone).with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
        Instant from = monday.minusWeeks(weeks - 1L).atStartOfDay(zone).toInstant();
        Instant to = monday.plusWeeks(1).atStartOfDay(zone).toInstant();
        return between(district, from, to);
    }

    /** As {@link #recent}, computed at most every half minute: the board asks on every poll. */
    public Uni<Trends> forBoard(String district, int weeks) {
        Cached cached = latest.get(district);
        if (cached != null && cached.weeks() == weeks && cached.at().plus(BOARD_TTL).isAfter(Instant.now())) {
            return Uni.createFrom().item(cached.trends());
        }
        return recent(district, weeks).invoke(t -> latest.put(district, new Cached(Instant.now(), weeks, t)));
    }

    /** The district's weeks that overlap [from, to) and have begun, counted in full. */
    public Uni<Trends> between(String district, Instant from, Instant to) {
        ZoneId zone = calendar.zone();
        LocalDate first = from.atZone(zone).toLocalDate().with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
        // A week still to come has nothing to show: a chart falling to zero there would only mislead.
        Instant until = to.isAfter(Instant.now()) ? Instant.now() : to;
        LocalDate last = (until.isAfter(from) ? until.minusNanos(1) : from).atZone(zone).toLocalDate()
                .with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
        List<LocalDate> weeks = new ArrayList<>();
        for (LocalDate w = first; !w.isAfter(last); w = w.plusWeeks(1)) {
            weeks.add(w);
        }
        Instant start = first.atStartOfDay(zone).toInstant();
        Instant end = last.plusWeeks(1).atStartOfDay(zone).toInstant();
        return cases.weekly(district, zone, start, end)
                .chain(counts -> Panache.withSession(() -> unitNames.all(district))
                        .map(names -> trends(start, end, weeks, counts, names)));
    }

    private static Trends trends(Instant from, Instant to, List<LocalDate> weeks,
            List<CaseTrackingRepository.WeekCount> counts, Map<String, String> names) {
        Map<String, Map<LocalDate, long[]>> byTownship = new LinkedHashMap<>();
        byTownship.put(DISTRICT, new HashMap<>());
        TreeSet<String> townships = new TreeSet<>();
        counts.forEach(c -> townships.add(c.township()));
        townships.forEach(t -> byTownship.put(t, new HashMap<>()));
        for (CaseTrackingRepository.WeekCount c : counts) {
            for (String key : List.of(DISTRICT, c.township())) {
                long[] n = byTownship.get(key).computeIfAbsent(c.week(), w -> new long[4]);
                n[0] += c.reported();
                n[1] += c.closedOnTime();
                n[2] += c.overdue();
                n[3] += c.recurring();
            }
        }
        List<Series> series = new ArrayList<>();
        byTownship.forEach((township, byWeek) -> series.add(new Series(township, name(township, names),
                weeks.stream().map(w -> {
                    long[] n = byWeek.getOrDefault(w, new long[4]);
                    return new Week(w, n[0], n[1], n[2], n[3]);
                }).toList())));
        return new Trends(from, to, weeks, series);
    }

    private static String name(String township, Map<String, String> names) {
        return switch (township) {
            case DISTRICT -> "全区";
            case "NONE" -> "（属地未定）";
            default -> names.getOrDefault(township, township);
        };
    }
}
