package org.civcity.contracts;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Data of {@code finding.assigned}: a case was dispatched to its lead unit; both clocks start at dispatchedAt. */
public record FindingAssigned(
        @NotNull UUID findingId,
        @Positive int generation,
        @NotNull String leadUnit,
        String township,
        @NotNull List<String> supportingUnits,
        @NotNull Category category,
        @NotNull Severity severity,
        @NotNull SiteType siteType,
        @NotNull String siteName,
        @NotNull Instant dispatchedAt,
        @NotNull Instant acknowledgeBy,
        @NotNull Instant rectifyBy,
        @NotNull String policyVersion,
        int repeatCount) {
}
