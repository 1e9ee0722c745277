package org.civcity.escalation.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.civcity.escalation.domain.TownshipArea;

/** The hot-spot map's data: the townships' areas, and the open cases and listed sites with a place on the map. */
@ApplicationScoped
public class MapRepository implements PanacheRepositoryBase<TownshipArea, TownshipArea.Key> {

    /** An open case that repeats a closed one, or the case that listed a site still listed, where it is. */
    public record Point(UUID findingId, String siteName, String township, double latitude, double longitude,
            boolean overdue, int repeatCount, boolean listed, String listedSiteName, Integer recurrences) {
    }

    private final Pool pool;

    public MapRepository(Pool pool) {
        this.pool = pool;
    }

    /** A district's routing version in force and when it was published; null before its first routing.published. */
    public record InForce(String version, Instant publishedAt) {
    }

    /** Read as values, not entities: the areas are replaced in the same session right after. */
    public Uni<InForce> inForce(String district) {
        return getSession().chain(s -> s.createSelectionQuery("select new " + InForce.class.getName()
                + "(a.version, a.publishedAt) from TownshipArea a where a.district = :district"
                + " order by a.publishedAt desc", InForce.class).setParameter("district", district)
                .setMaxResults(1).getResultList()).map(list -> list.isEmpty() ? null : list.get(0));
    }

    /** A district's areas, by code. */
    public Uni<List<TownshipArea>> areas(String district) {
        return list("district = ?1 order by code", district);
    }

    /** Replaces every area of {@code district} with {@code areas}, in the caller's transaction. */
    public Uni<Void> replace(String district, List<TownshipArea> areas) {
        return delete("district", district).chain(() -> persist(areas)).replaceWithVoid();
    }

    /**
     * Open repeat cases and the cases of listed sites that have coordinates, listed ones first, at most {@code limit}.
     */
    public Uni<List<Point>> points(String district, int limit) {
        return pool.preparedQuery("SELECT c.finding_id, c.site_name, c.township, c.latitude, c.longitude,"
                + " COALESCE(c.closed_at IS NULL AND c.rectify_by < now(), false), c.repeat_count,"
                + " l.listing_id IS NOT NULL,"
                + " l.site_name, l.recurrences FROM case_tracking c"
                + " LEFT JOIN listed_site l ON l.finding_id = c.finding_id AND l.delisted_at IS NULL"
                + " WHERE c.district = $2 AND c.latitude IS NOT NULL AND c.longitude IS NOT NULL"
                + " AND ((c.closed_at IS NULL AND c.repeat_count > 0 AND c.unit IS NOT NULL)"
                + " OR l.listing_id IS NOT NULL)"
                + " ORDER BY l.listing_id IS NULL, c.dispatched_at DESC LIMIT $1")
                .execute(Tuple.of(limit, district))
                .map(rows -> {
                    List<Point> points = new ArrayList<>();
                    for (Row r : rows) {
                        points.add(new Point(r.getUUID(0), r.getString(1), r.getString(2), r.getDouble(3),
                                r.getDouble(4), r.getBoolean(5), r.getInteger(6), r.getBoolean(7), r.getString(8),
                                r.getInteger(9)));
                    }
                    return points;
                });
    }
}
