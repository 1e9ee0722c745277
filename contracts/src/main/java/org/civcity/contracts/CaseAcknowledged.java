package org.civcity.contracts;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import java.time.Instant;
import java.util.UUID;

/** Data of {@code case.acknowledged}: the lead unit confirmed it has taken the case; the clocks keep running. */
public record CaseAcknowledged(
        @NotNull UUID findingId,
        @Positive int generation,
        @NotNull String unit,
        @NotNull Instant acknowledgedAt,
        @NotNull String acknowledgedBy,
        @NotNull Instant acknowledgeBy,
        boolean late) {
}
