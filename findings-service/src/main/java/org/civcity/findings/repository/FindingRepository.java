package org.civcity.findings.repository;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.civcity.contracts.Category;
import org.civcity.contracts.SiteType;
import org.civcity.findings.domain.Finding;
import org.civcity.findings.domain.FindingStatus;
import org.civcity.shared.persistence.Where;
import org.civcity.shared.sql.NativeSql;

/** Access to stored findings. */
@ApplicationScoped
public class FindingRepository implements PanacheRepositoryBase<Finding, UUID> {

    /** The finding a source system posted under this reference in a district (references are a district's own). */
    public Uni<Finding> findBySourceReference(String district, String sourceSystem, String sourceReference) {
        return find("district = ?1 and sourceSystem = ?2 and sourceReference = ?3", district, sourceSystem,
                sourceReference).firstResult();
    }

    /**
     * Findings of one category at one site that are open, or closed since {@code closedSince}: by site code, or
     * inside a bounding box around a point (both index-backed); in one district, whose site codes are its own.
     */
    public Uni<List<Finding>> sameSite(String district, Category category, String siteCode, Double latitude,
            Double longitude, double radiusMeters, Instant closedSince) {
        Where where = new Where().eq("district", district).eq("category", category)
                .add("(status <> :closed or closedAt >= :since)", "closed", FindingStatus.CLOSED, "since", closedSince);
        if (siteCode != null) {
            return list(where.eq("siteCode", siteCode).query(), Sort.by("reportedAt"), where.params());
        }
        if (latitude == null || longitude == null) {
            return Uni.createFrom().item(List.of());
        }
        Box box = Box.around(latitude, longitude, radiusMeters);
        where.add("latitude between :minLat and :maxLat", "minLat", box.minLat(), "maxLat", box.maxLat())
                .add("longitude between :minLon and :maxLon", "minLon", box.minLon(), "maxLon", box.maxLon());
        return list(where.query(), Sort.by("reportedAt"), where.params());
    }

    /** A page of one district's findings, newest first, after the keyset cursor (reportedAt, id). */
    public Uni<List<Finding>> search(String district, FindingFilter filter, Instant afterTime, UUID afterId,
            int limit) {
        // Where drops a null value's condition: a missing district must fail, never widen the list to all.
        Objects.requireNonNull(district, "district");
        Where where = filter.where().eq("district", district).before("reportedAt", "id", afterTime, afterId);
        Sort sort = Sort.by("reportedAt", Sort.Direction.Descending).and("id", Sort.Direction.Descending);
        return find(where.query(), sort, where.params()).page(Page.ofSize(limit)).list();
    }

    /** One finding of one district; null when it does not exist there. */
    public Uni<Finding> findInDistrict(UUID id, String district) {
        return findById(id).map(f -> f != null && f.district.equals(district) ? f : null);
    }

    /** The latitude and longitude bounds of a square that holds every point within a radius (index-friendly). */
    record Box(double minLat, double maxLat, double minLon, double maxLon) {

        private static final double METERS_PER_DEGREE_OF_LATITUDE = 111_320.0;

        static Box around(double latitude, double longitude, double radiusMeters) {
            double dLat = radiusMeters / METERS_PER_DEGREE_OF_LATITUDE;
            // A degree of longitude shrinks with the cosine of the latitude; capped so the poles stay finite.
            double dLon = radiusMeters
                    / (METERS_PER_DEGREE_OF_LATITUDE * Math.max(0.01, Math.cos(Math.toRadians(latitude))));
            return new Box(latitude - dLat, latitude + dLat, longitude - dLon, longitude + dLon);
        }
    }

    /**
     * Per site and category, the findings observed since {@code from} that are not duplicates of open ones: site key
     * (its code, else its type and name), site type, code, name, the site's township (that of its latest routed
     * finding), category, findings, repeats, first and last observation, in one district. With {@code township},
     * that township's sites only.
     */
    public Uni<List<Object[]>> recurrences(String district, Instant from, String township) {
        String sql = "WITH f AS (SELECT coalesce('code:' || site_code, site_type || '|' || btrim(site_name)) AS point,"
                + " site_type, site_code, btrim(site_name) AS site_name, township, category, repeat_of, observed_at"
                + " FROM finding WHERE district = $1 AND observed_at >= $2 AND duplicate_of IS NULL),"
                + " t AS (SELECT point, (array_agg(township ORDER BY observed_at DESC)"
                + " FILTER (WHERE township IS NOT NULL))[1] AS township FROM f GROUP BY point)"
                + " SELECT f.point, min(f.site_type), min(f.site_code), min(f.site_name), t.township, f.category,"
                + " count(*), count(f.repeat_of), min(f.observed_at), max(f.observed_at) FROM f JOIN t USING (point)"
                + (township == null ? "" : " WHERE t.township = $3")
                + " GROUP BY f.point, t.township, f.category ORDER BY f.point, f.category";
        return Panache.getSession().chain(s -> township == null ? NativeSql.select(s, sql, district, from)
                : NativeSql.select(s, sql, district, from, township));
    }

    /**
     * The recurrences (findings that repeat a closed one) at a site observed since {@code since}, oldest first: the
     * site by its code, else by its type and name, as {@link #recurrences} groups them.
     */
    public Uni<List<UUID>> recurrencesAt(String district, String siteCode, SiteType siteType, String siteName,
            Instant since) {
        List<Object> parameters = site(siteCode, siteType, siteName);
        parameters.add(district);
        String inDistrict = " AND district = $" + parameters.size();
        parameters.add(since);
        return Panache.getSession().chain(s -> NativeSql.select(s, "SELECT id FROM finding WHERE "
                        + site(siteCode) + inDistrict
                        + " AND repeat_of IS NOT NULL AND duplicate_of IS NULL AND observed_at >= $"
                        + parameters.size() + " ORDER BY observed_at, reported_at, id", parameters.toArray()))
                .map(rows -> rows.stream().map(row -> NativeSql.uuid(row[0])).toList());
    }

    /** Findings open at a site (reported, assigned or acknowledged) and the site's latest closure. */
    public record SiteState(long open, Instant lastClosedAt) {
    }

    /**
     * What is open at a site of a district, {@code except} one finding (whose closure the caller applies), and its last
     * closure.
     */
    public Uni<SiteState> stateAt(String district, String siteCode, SiteType siteType, String siteName,
            UUID except) {
        List<Object> parameters = site(siteCode, siteType, siteName);
        parameters.add(district);
        String inDistrict = " AND district = $" + parameters.size();
        parameters.add(except == null ? new UUID(0, 0) : except);
        return Panache.getSession().chain(s -> NativeSql.select(s, "SELECT count(*) FILTER (WHERE status IN"
                        + " ('REPORTED', 'ASSIGNED', 'ACKNOWLEDGED') AND id <> $" + parameters.size() + "),"
                        + " max(closed_at) FROM finding WHERE " + site(siteCode) + inDistrict, parameters.toArray()))
                .map(rows -> new SiteState(NativeSql.whole(rows.get(0)[0]), NativeSql.instant(rows.get(0)[1])));
    }

    /** A site, by code ($1) or else by type and trimmed name ($1, $2); a predicate per case so each uses its index. */
    private static String site(String siteCode) {
        return siteCode != null ? "site_code = $1" : "site_code IS NULL AND site_type = $1 AND btrim(site_name) = $2";
    }

    private static List<Object> site(String siteCode, SiteType siteType, String siteName) {
        List<Object> parameters = new ArrayList<>();
        if (siteCode != null) {
            parameters.add(siteCode);
        } else {
            parameters.add(siteType.name());
            parameters.add(siteName.replaceAll("^ +| +$", ""));
        }
        return parameters;
    }
}
