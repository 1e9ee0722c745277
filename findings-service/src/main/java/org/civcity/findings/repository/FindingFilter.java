package org.civcity.findings.repository;

import java.time.Instant;
import org.civcity.contracts.Category;
import org.civcity.contracts.FindingSource;
import org.civcity.contracts.SiteType;
import org.civcity.findings.domain.FindingStatus;
import org.civcity.shared.persistence.Where;

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

    /** The filter as a where-clause; fields left null match anything. */
    Where where() {
        return new Where().eq("status", status).eq("category", category).eq("siteType", siteType)
                .eq("assignedUnit", unit).eq("township", township).eq("inspectionRound", inspectionRound)
                .eq("source", source).eq("reportedBy", reportedBy)
                .addIf(closed != null, Boolean.TRUE.equals(closed) ? "status = :closedStatus"
                        : "status <> :closedStatus", "closedStatus", FindingStatus.CLOSED)
                .addIf(repeatsOnly, "repeatOf is not null")
                .addIf(from != null, "reportedAt >= :from", "from", from)
                .addIf(to != null, "reportedAt < :to", "to", to);
    }
}
