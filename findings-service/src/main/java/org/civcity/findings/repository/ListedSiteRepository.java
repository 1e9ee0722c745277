package org.civcity.findings.repository;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.civcity.findings.domain.ListedSite;
import org.civcity.shared.persistence.Where;
import org.civcity.shared.sql.NativeSql;

/** Sites under listed supervision (挂牌督办), and those taken off it. */
@ApplicationScoped
public class ListedSiteRepository implements PanacheRepositoryBase<ListedSite, UUID> {

    /**
     * The listing of a site that runs, if any, locked for the caller's transaction: the dispatches and closures read
     * at the site and the delisting take turns, and each sees what the one before committed.
     */
    public Uni<ListedSite> active(String district, String siteKey) {
        return find("district = ?1 and siteKey = ?2 and delistedAt is null", district, siteKey)
                .withLock(LockModeType.PESSIMISTIC_WRITE)
                .firstResult();
    }

    /** When the site's latest listing ended; null when it never was listed, or still is. */
    public Uni<Instant> lastDelisted(String district, String siteKey) {
        return find("select max(delistedAt) from ListedSite where district = ?1 and siteKey = ?2", district, siteKey)
                .project(Instant.class)
                .firstResult();
    }

    /**
     * Stores the listing unless the site has one already (another recurrence there, read at the same moment, listed
     * it first); in the caller's transaction. Whether this one was stored.
     */
    public Uni<Boolean> listIfNone(ListedSite s) {
        return Panache.getSession().chain(session -> session.createNativeQuery("INSERT INTO listed_site (id, district,"
                        + " site_key, site_type, site_code, site_name, township, lead_unit, finding_id, recurrences,"
                        + " listed_at, clean_since, delist_due) VALUES (:id, :district, :key, :type, :code, :name,"
                        + " :township, :lead, :finding, :recurrences, :listedAt, :cleanSince, :delistDue)"
                        + " ON CONFLICT (district, site_key) WHERE delisted_at IS NULL DO NOTHING")
                .setParameter("id", s.id).setParameter("district", s.district).setParameter("key", s.siteKey)
                .setParameter("type", s.siteType.name())
                .setParameter("code", s.siteCode).setParameter("name", s.siteName)
                .setParameter("township", s.township).setParameter("lead", s.leadUnit)
                .setParameter("finding", s.findingId).setParameter("recurrences", s.recurrences)
                .setParameter("listedAt", s.listedAt).setParameter("cleanSince", s.cleanSince)
                .setParameter("delistDue", s.delistDue)
                .executeUpdate().map(n -> n > 0));
    }

    /** Listings whose clean period ended by {@code now}, locked for this transaction (other replicas skip them). */
    public Uni<List<ListedSite>> claimDue(Instant now, int limit) {
        return Panache.getSession().chain(session -> NativeSql.entities(session, ListedSite.class, "SELECT id FROM"
                + " listed_site WHERE delisted_at IS NULL AND delist_due <= $1 ORDER BY delist_due LIMIT $2"
                + " FOR UPDATE SKIP LOCKED", now, limit));
    }

    /**
     * A district's listings, newest first: running ones ({@code active}), ended ones, or both (null); optionally of a
     * township.
     */
    public Uni<List<ListedSite>> search(String district, Boolean active, String township, int limit) {
        Where where = new Where().eq("district", Objects.requireNonNull(district, "district"));
        if (active != null) {
            where.add(active ? "delistedAt is null" : "delistedAt is not null");
        }
        if (township != null) {
            where.eq("township", township);
        }
        Sort sort = Sort.by("listedAt", Sort.Direction.Descending).and("id");
        return find(where.query(), sort, where.params()).page(Page.ofSize(limit)).list();
    }
}
