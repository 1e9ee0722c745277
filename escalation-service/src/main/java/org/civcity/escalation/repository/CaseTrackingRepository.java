package org.civcity.escalation.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import org.civcity.escalation.domain.CaseTracking;

/** What the assessment, the board and the gauges know of each case, keyed by finding id. */
@ApplicationScoped
public class CaseTrackingRepository implements PanacheRepositoryBase<CaseTracking, UUID> {

    private static final String OPEN = " FROM case_tracking WHERE closed_at IS NULL AND unit IS NOT NULL";

    private final Pool pool;

    public CaseTrackingRepository(Pool pool) {
        this.pool = pool;
    }

    /** A district's cases dispatched or due in [from, to): the ones a period's assessment counts. */
    public Uni<List<CaseTracking>> inPeriod(String district, Instant from, Instant to) {
        return list("district = ?3 and unit is not null and ((rectifyBy >= ?1 and rectifyBy < ?2)"
                + " or (dispatchedAt >= ?1 and dispatchedAt < ?2))", from, to, district);
    }

    /** The tracked cases of these findings. */
    public Uni<List<CaseTracking>> byFindings(Collection<UUID> findingIds) {
        return list("findingId in ?1", findingIds);
    }

    /** Open cases of one unit in one township (NONE when unknown), and how many of them are overdue. */
    public record OpenCount(String unit, String township, long open, long overdue) {
    }

    /** A district's open cases by unit and township, most overdue first. */
    public Uni<List<OpenCount>> openAndOverdue(String district) {
        return pool.preparedQuery("SELECT unit, COALESCE(township, 'NONE'), count(*),"
                + " count(*) FILTER (WHERE rectify_by < now())" + OPEN + " AND district = $1"
                + " GROUP BY 1, 2 ORDER BY 4 DESC, 3 DESC, 1, 2").execute(Tuple.of(district)).map(rows -> {
                    List<OpenCount> counts = new ArrayList<>();
                    for (Row row : rows) {
                        counts.add(new OpenCount(row.getString(0), row.getString(1), row.getLong(2),
                                row.getLong(3)));
                    }
                    return counts;
                });
    }

    /** Rows (unit, township or NONE, district, count) of open cases. */
    public Uni<RowSet<Row>> openCounts() {
        return pool.query("SELECT unit, COALESCE(township, 'NONE'), district, count(*)" + OPEN
                + " GROUP BY 1, 2, 3").execute();
    }

    /** Rows (unit, township or NONE, district, count) of open cases past their deadline. */
    public Uni<RowSet<Row>> overdueCounts() {
        return pool.query("SELECT unit, COALESCE(township, 'NONE'), district, count(*)" + OPEN
                + " AND rectify_by < now() GROUP BY 1, 2, 3").execute();
    }

    /**
     * The names of the last {@code count} evaluation rounds begun (by their first dispatch) before {@code before},
     * latest first.
     */
    public Uni<List<String>> latestRounds(String district, Instant before, int count) {
        return pool.preparedQuery("SELECT inspection_round FROM case_tracking WHERE inspection_round IS NOT NULL"
                + " AND unit IS NOT NULL AND district = $3 GROUP BY 1 HAVING min(dispatched_at) < $1"
                + " ORDER BY min(dispatched_at) DESC LIMIT $2")
                .execute(Tuple.of(before.atOffset(ZoneOffset.UTC), count, district)).map(rows -> {
                    List<String> names = new ArrayList<>();
                    rows.forEach(r -> names.add(r.getString(0)));
                    return names;
                });
    }

    /** The district's dispatched cases of these evaluation rounds. */
    public Uni<List<CaseTracking>> ofRounds(String district, Collection<String> rounds) {
        return list("district = ?1 and inspectionRound in ?2 and unit is not null", district, rounds);
    }

    /** One week's counts in one township (NONE when unknown); {@code week} is the Monday it starts on. */
    public record WeekCount(LocalDate week, String township, long reported, long closedOnTime, long overdue,
            long recurring) {
    }

    /**
     * Per week (Monday to Sunday in {@code zone}) and township, in [from, to): cases dispatched, dispatched cases that
     * repeat a closed one, cases fixed by their deadline (counted in the week they closed), and cases whose deadline
     * passed in the week without them closed by it (counted in the week it passed, only once it has).
     */
    public Uni<List<WeekCount>> weekly(String district, ZoneId zone, Instant from, Instant to) {
        String week = "date_trunc('week', %s AT TIME ZONE $1)::date";
        return pool.preparedQuery("SELECT week, township, sum(reported), sum(on_time), sum(overdue), sum(recurring)"
                + " FROM (SELECT " + week.formatted("dispatched_at") + " AS week, COALESCE(township, 'NONE')"
                + " AS township, 1 AS reported, 0 AS on_time, 0 AS overdue,"
                + " CASE WHEN repeat_count > 0 THEN 1 ELSE 0 END AS recurring FROM case_tracking"
                + " WHERE unit IS NOT NULL AND district = $4 AND dispatched_at >= $2 AND dispatched_at < $3"
                + " UNION ALL SELECT " + week.formatted("closed_at") + ", COALESCE(township, 'NONE'), 0, 1, 0, 0"
                + " FROM case_tracking WHERE unit IS NOT NULL AND district = $4 AND outcome = 'FIXED'"
                + " AND closed_at >= $2"
                + " AND closed_at < $3 AND closed_at <= rectify_by"
                + " UNION ALL SELECT " + week.formatted("rectify_by") + ", COALESCE(township, 'NONE'), 0, 0, 1, 0"
                + " FROM case_tracking WHERE unit IS NOT NULL AND district = $4 AND rectify_by >= $2"
                + " AND rectify_by < LEAST($3, now())"
                + " AND (closed_at IS NULL OR closed_at > rectify_by)) AS counted GROUP BY 1, 2 ORDER BY 1, 2")
                .execute(Tuple.of(zone.getId(), from.atOffset(ZoneOffset.UTC), to.atOffset(ZoneOffset.UTC),
                        district))
                .map(rows -> {
                    List<WeekCount> counts = new ArrayList<>();
                    for (Row row : rows) {
                        counts.add(new WeekCount(row.getLocalDate(0), row.getString(1), row.getLong(2),
                                row.getLong(3), row.getLong(4), row.getLong(5)));
                    }
                    return counts;
                });
    }
}
