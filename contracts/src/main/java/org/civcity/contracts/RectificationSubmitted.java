package org.civcity.contracts;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Data of {@code rectification.submitted}: the lead unit reports the problem fixed, with evidence; the clocks
 * keep running until verification.
 */
public record RectificationSubmitted(
        @NotNull UUID findingId,
        @Positive int generation,
        @NotNull String unit,
        @NotNull Instant submittedAt,
        @NotNull String submittedBy,
        @NotNull String report,
        @NotNull List<String> evidenceUrls) {
}
