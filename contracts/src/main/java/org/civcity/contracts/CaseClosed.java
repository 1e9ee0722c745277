package org.civcity.contracts;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import java.time.Instant;
import java.util.UUID;

/** Data of {@code case.closed}: the case ended, fixed (verified) or not fixed with a reason. */
public record CaseClosed(
        @NotNull UUID findingId,
        @Positive int generation,
        @NotNull String unit,
        @NotNull Outcome outcome,
        String reason,
        @NotNull Instant closedAt,
        @NotNull String closedBy) {

    /** How a case ended: only FIXED counts as rectified. */
    public enum Outcome {
        FIXED,
        NOT_RESPONSIBLE,
        DUPLICATE,
        UNABLE
    }
}
