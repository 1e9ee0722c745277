package org.civcity.contracts;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import java.time.Instant;
import java.util.UUID;

/** Data of {@code case.transferred}: the office approved a unit's "not ours"; new generation, new deadlines. */
public record CaseTransferred(
        @NotNull UUID findingId,
        @Positive int generation,
        @Positive int previousGeneration,
        @NotNull String fromUnit,
        @NotNull String toUnit,
        @NotNull Instant transferredAt,
        @NotNull String approvedBy,
        @NotNull String reason,
        @NotNull Instant acknowledgeBy,
        @NotNull Instant rectifyBy,
        @NotNull String policyVersion) {
}
