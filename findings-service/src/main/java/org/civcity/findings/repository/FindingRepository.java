package org.civcity.findings.repository;

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
import org.civcity.contracts.Category;
import org.civcity.findings.domain.Finding;
import org.civcity.findings.domain.FindingStatus;

/** Access to stored findings. */
@ApplicationScoped
public class FindingRepository implements PanacheRepositoryBase<Finding, UUID> {

    public Uni<Finding> findBySourceReference(String sourceSystem, String sourceReference) {
        return find("sourceSystem = ?1 and sourceReference = ?2", sourceSystem, sourceReference).firstResult();
    }

    /**
     * Findings of one category at one site that are open, or closed since {@code closedSince}: by site code, or
     * inside a bounding box around a point (both index-backed).
     */
    public Uni<List<Finding>> sameSite(Category category, String siteCode, Double latitude, Double longitude,
            double radiusMeters, Instant closedSince) {
        String recent = " and (status <> :closed or closedAt >= :since)";
        Parameters params = Parameters.with("category", category).and("closed", FindingStatus.CLOSED)
                .and("since", closedSince);
        if (siteCode != null) {
            return list("siteCode = :siteCode and category = :category" + recent, Sort.by("reportedAt"),
                    params.and("siteCode", siteCode));
        }
        if (latitude == null || longitude == null) {
            return Uni.createFrom().item(List.of());
        }
        double dLat = radiusMeters / 111_320.0;
        double dLon = radiusMeters / (111_320.0 * Math.max(0.01, Math.cos(Math.toRadians(latitude))));
        return list("category = :category and latitude between :minLat and :maxLat"
                        + " and longitude between :minLon and :maxLon" + recent, Sort.by("reportedAt"),
                params.and("minLat", latitude - dLat).and("maxLat", latitude + dLat)
                        .and("minLon", longitude - dLon).and("maxLon", longitude + dLon));
    }

    /** A page of findings, newest first, after the keyset cursor (reportedAt, id). */
    public Uni<List<Finding>> search(FindingFilter filter, Instant afterTime, UUID afterId, int limit) {
        List<String> where = new ArrayList<>();
        Parameters params = new Parameters();
        filter.apply(where, params);
        if (afterTime != null) {
            where.add("(reportedAt < :afterTime or (reportedAt = :afterTime and id < :afterId))");
            params = params.and("afterTime", afterTime).and("afterId", afterId);
        }
        Sort sort = Sort.by("reportedAt", Sort.Direction.Descending).and("id", Sort.Direction.Descending);
        return (where.isEmpty() ? findAll(sort) : find(String.join(" and ", where), sort, params))
                .page(Page.ofSize(limit)).list();
    }
}
