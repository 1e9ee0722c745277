package org.civcity.assignment.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.civcity.assignment.domain.CaseState;
import org.civcity.assignment.domain.RectificationCase;
import org.civcity.contracts.Category;
import org.civcity.shared.persistence.Where;

/** Access to cases, keyed by finding id. */
@ApplicationScoped
public class CaseRepository implements PanacheRepositoryBase<RectificationCase, UUID> {

    private final Pool pool;

    public CaseRepository(Pool pool) {
        this.pool = pool;
    }

    /** Cases not closed by lead unit (TRIAGE before routing) and state, with their count: one row per pair. */
    public Uni<RowSet<Row>> openCounts() {
        return pool.query("SELECT COALESCE(lead_unit, 'TRIAGE'), state, count(*) FROM rectification_case"
                + " WHERE state <> 'CLOSED' GROUP BY 1, 2").execute();
    }

    /** Filters of the case list; null means any. */
    public record Filter(String unit, CaseState state, Boolean overdue, String township, Category category,
            Instant from, Instant to) {
    }

    /** A page of a district's cases, newest dispatch first, after the keyset cursor (dispatchedAt, findingId). */
    public Uni<List<RectificationCase>> search(String district, Filter f, Instant now, Instant afterTime,
            UUID afterId, int limit) {
        // Where drops a null value's condition: a missing district must fail, never widen the list to all.
        Objects.requireNonNull(district, "district");
        Where where = new Where().eq("district", district).eq("leadUnit", f.unit()).eq("state", f.state())
                .addIf(Boolean.TRUE.equals(f.overdue()), "state <> :closed and rectifyBy < :now",
                        "closed", CaseState.CLOSED, "now", now)
                .addIf(Boolean.FALSE.equals(f.overdue()), "(state = :closed or rectifyBy is null or rectifyBy >= :now)",
                        "closed", CaseState.CLOSED, "now", now)
                .eq("township", f.township()).eq("category", f.category())
                .addIf(f.from() != null, "dispatchedAt >= :from", "from", f.from())
                .addIf(f.to() != null, "dispatchedAt < :to", "to", f.to())
                .before("dispatchedAt", "findingId", afterTime, afterId);
        Sort sort = Sort.by("dispatchedAt", Sort.Direction.Descending).and("findingId", Sort.Direction.Descending);
        return find(where.query(), sort, where.params()).page(Page.ofSize(limit)).list();
    }

    /** Open cases of a district's unit by state, and how many of them are overdue. */
    public Uni<List<Object[]>> workload(String district, String unit, Instant now) {
        return getSession().chain(s -> s.createQuery("select c.state, count(c), sum(case when c.rectifyBy < :now"
                        + " then 1 else 0 end) from RectificationCase c where c.district = :district"
                        + " and c.leadUnit = :unit and c.state <> :closed group by c.state", Object[].class)
                .setParameter("now", now).setParameter("district", district).setParameter("unit", unit)
                .setParameter("closed", CaseState.CLOSED)
                .getResultList());
    }

    /** Dispatched cases not closed whose rectification deadline is at or after {@code from}. */
    public Uni<List<RectificationCase>> openDueFrom(Instant from) {
        return list("state not in ?1 and rectifyBy >= ?2 order by rectifyBy",
                List.of(CaseState.CLOSED, CaseState.TRIAGE), from);
    }

    /** Where an open case lies and how it is routed: what a routing dry run checks, read without loading cases. */
    public record Placement(UUID findingId, String state, String leadUnit, String township, String category,
            String subcategory, String siteType, String siteCode, Double latitude, Double longitude,
            String townshipName) {
    }

    /** Every case of {@code district} not closed, triage included, oldest dispatch first. */
    public Uni<List<Placement>> openPlacements(String district) {
        return pool.preparedQuery("SELECT finding_id, state, lead_unit, township, category, subcategory, site_type,"
                + " site_code, latitude, longitude, township_name FROM rectification_case WHERE state <> 'CLOSED'"
                + " AND district = $1 ORDER BY dispatched_at")
                .execute(Tuple.of(district)).map(rows -> {
                    List<Placement> list = new ArrayList<>(rows.rowCount());
                    for (Row r : rows) {
                        list.add(new Placement(r.getUUID(0), r.getString(1), r.getString(2), r.getString(3),
                                r.getString(4), r.getString(5), r.getString(6), r.getString(7), r.getDouble(8),
                                r.getDouble(9), r.getString(10)));
                    }
                    return list;
                });
    }
}
