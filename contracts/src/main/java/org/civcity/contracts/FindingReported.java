package org.civcity.contracts;

import jakarta.validation.constraints.NotNull;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.UUID;

/** Data of {@code finding.reported}: a finding was accepted at intake. */
public record FindingReported(
        @NotNull UUID findingId,
        @NotNull FindingSource source,
        @NotNull String sourceSystem,
        @NotNull String sourceReference,
        @NotNull SiteType siteType,
        @NotNull String siteName,
        @NotNull Category category,
        @NotNull Severity severity,
        @NotNull String description,
        @NotNull OffsetDateTime observedAt,
        Double latitude,
        Double longitude,
        @NotNull Instant reportedAt) {
}
