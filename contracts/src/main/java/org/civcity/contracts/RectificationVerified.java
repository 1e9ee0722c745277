package org.civcity.contracts;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import java.time.Instant;
import java.util.UUID;

/** Data of {@code rectification.verified}: an independent check found the fix done; the case closes as fixed. */
public record RectificationVerified(
        @NotNull UUID findingId,
        @Positive int generation,
        @NotNull String unit,
        @NotNull Instant verifiedAt,
        @NotNull String verifiedBy,
        String note) {
}
