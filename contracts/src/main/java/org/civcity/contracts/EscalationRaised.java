package org.civcity.contracts;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import java.time.Instant;
import java.util.UUID;

/** Data of {@code escalation.raised}: an overdue case was pushed up one level of the ladder. */
public record EscalationRaised(
        @NotNull UUID escalationId,
        @NotNull UUID findingId,
        @Positive int generation,
        @Positive int level,
        @NotNull String target,
        @NotNull String unit,
        @NotNull String reason,
        @NotNull Instant deadline,
        @NotNull Instant dueAt,
        @NotNull Instant raisedAt,
        long overdueSeconds,
        boolean late) {
}
