package org.civcity.contracts;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.Valid;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * Data of {@code finding.reported}: a finding was accepted at intake. {@code townshipName} is the township as the
 * reporter names it (所属街道); routing uses it when neither the coordinates nor a registered site place the finding.
 */
public record FindingReported(
        @NotNull UUID findingId,
        @NotNull FindingSource source,
        @NotNull String sourceSystem,
        @NotNull String sourceReference,
        String inspectionRound,
        @NotNull SiteType siteType,
        @NotNull String siteName,
        String siteCode,
        String siteAddress,
        String townshipName,
        @NotNull Category category,
        String subcategory,
        @NotNull Severity severity,
        @NotNull String description,
        @NotNull OffsetDateTime observedAt,
        Double latitude,
        Double longitude,
        @NotNull List<@Valid Evidence> evidence,
        String reporter,
        BigDecimal deductionPoints,
        UUID repeatOf,
        int repeatCount,
        UUID duplicateOf,
        @NotNull Instant reportedAt) {

    /** A photo or video proving the finding, identified by its hash so it cannot be swapped later. */
    public record Evidence(@NotNull String url, String sha256, String mediaType) {
    }
}
