package org.civcity.assignment.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
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

    /** A page of cases, newest dispatch first, after the keyset cursor (dispatchedAt, findingId). */
    public Uni<List<RectificationCase>> search(Filter f, Instant now, Instant afterTime, UUID afterId, int limit) {
        Where where = new Where().eq("leadUnit", f.unit()).eq("state", f.state())
                .addIf(Boolean.TRUE.equals(f.overdue()), "state <> :closed and rectifyBy < :now",
                        "closed", CaseState.CLOSED, "now", now)
                .addIf(Boolean.FALSE.equals(f.overdue()), "(state = :closed or rectifyBy is null or rectifyBy >= :now)",
                        "closed", CaseState.CLOSED, "now", now)
                .eq("township", f.township()).eq("category", f.category())
                .addIf(f.from() != null, "dispatchedAt >= :from", "from", f.from())
                .addIf(f.to() != null, "dispatchedAt < :to", "to", f.to())
                .before("dispatchedAt", "findingId", afterTime, afterId);
        Sort sort = Sort.by("dispatchedAt", Sort.Direction.Descending).and("findingId", Sort.Direction.Descending);
        return (where.isEmpty() ? findAll(sort) : find(where.query(), sort, where.params()))
                .page(Page.ofSize(limit)).list();
    }

    /** Open cases of a unit by state, and how many of them are overdue. */
    public Uni<List<Object[]>> workload(String unit, Instant now) {
        return getSession().chain(s -> s.createQuery("select c.state, count(c), sum(case when c.rectifyBy < :now"
                        + " then 1 else 0 end) from RectificationCase c where c.leadUnit = :unit and c.state <> :closed"
                        + " group by c.state", Object[].class)
                .setParameter("now", now).setParameter("unit", unit).setParameter("closed", CaseState.CLOSED)
                .getResultList());
    }
}
