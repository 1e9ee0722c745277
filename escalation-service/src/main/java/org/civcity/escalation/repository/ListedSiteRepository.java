package org.civcity.escalation.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.civcity.contracts.SiteType;
import org.civcity.escalation.domain.ListedSite;
import org.civcity.escalation.domain.TimerStatus;

/** Sites under listed supervision, as site.listed and site.delisted announced them. */
@ApplicationScoped
public class ListedSiteRepository implements PanacheRepositoryBase<ListedSite, UUID> {

    /** A listed site on the board: where, who answers, its order's deadline and the highest level it reached. */
    public record OnBoard(UUID listingId, UUID findingId, SiteType siteType, String siteName, String township,
            String leadUnit, int recurrences, String recurrenceWindow, Instant listedAt, Instant dueBy,
            Instant orderClosedAt, Integer level) {
    }

    /** A listing as the bulletin shows it: when it was listed, due and (if so) delisted. */
    public record InPeriod(ListedSite site, Instant dueBy) {
    }

    /** The district's listings that ran at some time in [from, to), in the order they were listed. */
    public Uni<List<InPeriod>> ranBetween(String district, Instant from, Instant to) {
        return getSession().chain(s -> s.createSelectionQuery("select new " + InPeriod.class.getName()
                        + "(l, o.dueBy) from ListedSite l join SupervisionOrder o on o.id = l.orderId"
                        + " where l.district = :district and l.listedAt < :to"
                        + " and (l.delistedAt is null or l.delistedAt >= :from) order by l.listedAt", InPeriod.class)
                .setParameter("district", district).setParameter("from", from).setParameter("to", to)
                .getResultList());
    }

    /** The district's sites listed now, the latest first. */
    public Uni<List<OnBoard>> listedNow(String district, int limit) {
        return getSession().chain(s -> s.createSelectionQuery("select new " + OnBoard.class.getName()
                        + "(l.listingId, l.findingId, l.siteType, l.siteName, l.township, l.leadUnit, l.recurrences,"
                        + " l.recurrenceWindow, l.listedAt, o.dueBy, o.closedAt, (select max(t.level) from"
                        + " DeadlineTimer t where t.orderId = l.orderId and t.status = :fired))"
                        + " from ListedSite l join SupervisionOrder o on o.id = l.orderId"
                        + " where l.district = :district and l.delistedAt is null order by l.listedAt desc",
                        OnBoard.class)
                .setParameter("fired", TimerStatus.FIRED).setParameter("district", district)
                .setMaxResults(limit).getResultList());
    }
}
