package org.civcity.findings.rest;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.civcity.contracts.Category;
import org.civcity.contracts.FindingSource;
import org.civcity.contracts.Severity;
import org.civcity.contracts.SiteType;
import org.civcity.findings.domain.Finding;

/** A stored finding as the API returns it. */
public record FindingView(
        UUID id,
        FindingSource source,
        String sourceSystem,
        String sourceReference,
        SiteType siteType,
        String siteName,
        Category category,
        Severity severity,
        String description,
        OffsetDateTime observedAt,
        Double latitude,
        Double longitude,
        Instant reportedAt) {

    public static FindingView of(Finding f) {
        return new FindingView(f.id, f.source, f.sourceSystem, f.sourceReference, f.siteType, f.siteName, f.category,
                f.severity, f.description, f.observedAt, f.latitude, f.longitude, f.reportedAt);
    }
}
