package org.civcity.findings.repository;

import io.quarkus.panache.common.Parameters;
import java.time.Instant;
import java.util.List;
import org.civcity.contracts.Category;
import org.civcity.contracts.FindingSource;
import org.civcity.contracts.SiteType;
import org.civcity.findings.domain.FindingStatus;

/** The filters of the findings list; null means "any"; {@code closed} false means every status but CLOSED. */
public record FindingFilter(
        FindingStatus status,
        Category category,
        SiteType siteType,
        String unit,
        String township,
        String inspectionRound,
        FindingSource source,
        boolean repeatsOnly,
        Instant from,
        Instant to,
        String reportedBy,
        Boolean closed) {

    void apply(List<String> where, Parameters params) {
        add(where, params, "status", status);
        add(where, params, "category", category);
        add(where, params, "siteType", siteType);
        add(where, params, "assignedUnit", unit);
        add(where, params, "township", township);
        add(where, params, "inspectionRound", inspectionRound);
        add(where, params, "source", source);
        add(where, params, "reportedBy", reportedBy);
        if (closed != null) {
            where.add(closed ? "status = :closedStatus" : "status <> :closedStatus");
            params.and("closedStatus", FindingStatus.CLOSED);
        }
        if (repeatsOnly) {
            where.add("repeatOf is not null");
        }
        if (from != null) {
            where.add("reportedAt >= :from");
            params.and("from", from);
        }
        if (to != null) {
            where.add("reportedAt < :to");
            params.and("to", to);
        }
    }

    private static void add(List<String> where, Parameters params, String field, Object value) {
        if (value != null) {
            where.add(field + " = :" + field);
            params.and(field, value);
        }
    }
}
