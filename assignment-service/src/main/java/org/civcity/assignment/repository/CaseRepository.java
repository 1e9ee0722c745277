package org.civcity.assignment.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.civcity.assignment.domain.CaseState;
import org.civcity.assignment.domain.RectificationCase;
import org.civcity.contracts.Category;

/** Access to cases, keyed by finding id. */
@ApplicationScoped
public class CaseRepository implements PanacheRepositoryBase<RectificationCase, UUID> {

    /** Filters of the case list; null means any. */
    public record Filter(String unit, CaseState state, Boolean overdue, String township, Category category,
            Instant from, Instant to) {
    }

    /** A page of cases, newest dispatch first, after the keyset cursor (dispatchedAt, findingId). */
    public Uni<List<RectificationCase>> search(Filter f, Instant now, Instant afterTime, UUID afterId, int limit) {
        List<String> where = new ArrayList<>();
        Parameters p = new Parameters();
        if (f.unit() != null) {
            where.add("leadUnit = :unit");
            p.and("unit", f.unit());
        }
        if (f.state() != null) {
            where.add("state = :state");
            p.and("state", f.state());
        }
        if (f.overdue() != null) {
            where.add(f.overdue() ? "state <> :closed and rectifyBy < :now"
                    : "(state = :closed or rectifyBy is null or rectifyBy >= :now)");
            p.and("closed", CaseState.CLOSED).and("now", now);
        }
        if (f.township() != null) {
            where.add("township = :township");
            p.and("township", f.township());
        }
        if (f.category() != null) {
            where.add("category = :category");
            p.and("category", f.category());
        }
        if (f.from() != null) {
            where.add("dispatchedAt >= :from");
            p.and("from", f.from());
        }
        if (f.to() != null) {
            where.add("dispatchedAt < :to");
            p.and("to", f.to());
        }
        if (afterTime != null) {
            where.add("(dispatchedAt < :afterTime or (dispatchedAt = :afterTime and findingId < :afterId))");
            p.and("afterTime", afterTime).and("afterId", afterId);
        }
        Sort sort = Sort.by("dispatchedAt", Sort.Direction.Descending).and("findingId", Sort.Direction.Descending);
        return (where.isEmpty() ? findAll(sort) : find(String.join(" and ", where), sort, p))
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
