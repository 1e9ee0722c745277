package org.civcity.contracts;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import java.time.Instant;
import java.util.UUID;

/**
 * Data of {@code deadline.extended}: the office approved more time, or an admin re-planned open cases on a corrected
 * calendar; the same generation's deadline moves (a re-plan can move it earlier).
 */
public record DeadlineExtended(
        @NotNull UUID findingId,
        @Positive int generation,
        @NotNull String unit,
        @NotNull Instant previousRectifyBy,
        @NotNull Instant rectifyBy,
        @NotNull String approvedBy,
        @NotNull String reason,
        @NotNull Instant extendedAt) {
}
