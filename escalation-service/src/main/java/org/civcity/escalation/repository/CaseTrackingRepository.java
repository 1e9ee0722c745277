package org.civcity.escalation.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
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

    /** Cases dispatched or due in [from, to): the ones a period's assessment counts. */
    public Uni<List<CaseTracking>> inPeriod(Instant from, Instant to) {
        return list("unit is not null and ((rectifyBy >= ?1 and rectifyBy < ?2) or (dispatchedAt >= ?1"
                + " and dispatchedAt < ?2))", from, to);
    }

    /** The tracked cases of these findings. */
    public Uni<List<CaseTracking>> byFindings(Collection<UUID> findingIds) {
        return list("findingId in ?1", findingIds);
    }

    /** Open cases of one unit in one township (NONE when unknown), and how many of them are overdue. */
    public record OpenCount(String unit, String township, long open, long overdue) {
    }

    /** Open cases by unit and township, most overdue first. */
    public Uni<List<OpenCount>> openAndOverdue() {
        return pool.query("SELECT unit, COALESCE(township, 'NONE'), count(*),"
                + " count(*) FILTER (WHERE rectify_by < now())" + OPEN
                + " GROUP BY 1, 2 ORDER BY 4 DESC, 3 DESC, 1, 2").execute().map(rows -> {
                    List<OpenCount> counts = new ArrayList<>();
                    for (Row row : rows) {
                        counts.add(new OpenCount(row.getString(0), row.getString(1), row.getLong(2),
                                row.getLong(3)));
                    }
                    return counts;
                });
    }

    /** Rows (unit, township or NONE, count) of open cases. */
    public Uni<RowSet<Row>> openCounts() {
        return pool.query("SELECT unit, COALESCE(township, 'NONE'), count(*)" + OPEN + " GROUP BY 1, 2").execute();
    }

    /** Rows (unit, township or NONE, count) of open cases past their deadline. */
    public Uni<RowSet<Row>> overdueCounts() {
        return pool.query("SELECT unit, COALESCE(township, 'NONE'), count(*)" + OPEN
                + " AND rectify_by < now() GROUP BY 1, 2").execute();
    }
}
