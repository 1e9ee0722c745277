package org.civcity.contracts;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import java.time.Instant;
import java.util.UUID;

/**
 * Data of {@code rectification.rejected}: verification failed; rework on the same case in a new generation
 * with new deadlines. {@code previousRectifyBy} is the rejected generation's deadline in force (extensions included),
 * the one the rework record names whatever order its readers see the events in; absent from events published before it
 * was added.
 */
public record RectificationRejected(
        @NotNull UUID findingId,
        @Positive int generation,
        @Positive int previousGeneration,
        Instant previousRectifyBy,
        @NotNull String unit,
        @NotNull Instant rejectedAt,
        @NotNull String rejectedBy,
        @NotNull String reason,
        int reworkCount,
        @NotNull Instant acknowledgeBy,
        @NotNull Instant rectifyBy,
        @NotNull String policyVersion) {
}
