package org.civcity.contracts;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import java.time.Instant;
import java.util.UUID;

/**
 * Data of {@code rectification.rejected}: verification failed; rework on the same case in a new generation
 * with new deadlines.
 */
public record RectificationRejected(
        @NotNull UUID findingId,
        @Positive int generation,
        @Positive int previousGeneration,
        @NotNull String unit,
        @NotNull Instant rejectedAt,
        @NotNull String rejectedBy,
        @NotNull String reason,
        int reworkCount,
        @NotNull Instant acknowledgeBy,
        @NotNull Instant rectifyBy,
        @NotNull String policyVersion) {
}
