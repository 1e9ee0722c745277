package org.civcity.contracts;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import java.time.Instant;
import java.util.UUID;

/** Data of {@code deadline.approaching}: a share of the rectification budget is used up; the unit is warned. */
public record DeadlineApproaching(
        @NotNull UUID findingId,
        @Positive int generation,
        @NotNull String unit,
        @NotNull Instant rectifyBy,
        @NotNull Instant warnedAt,
        double budgetShare) {
}
