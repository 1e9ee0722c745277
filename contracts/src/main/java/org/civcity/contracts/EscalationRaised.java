package org.civcity.contracts;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Data of {@code escalation.raised}: an overdue case was pushed up one level of the ladder. {@code target} is the
 * level's first role, held for {@code unit}; {@code parties} lists every party the level addresses (the lead
 * department's and the township's heads at level 1, for example) with the people who held each role; empty from
 * producers that predate it.
 */
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
        boolean late,
        List<Party> parties) {

    public EscalationRaised {
        parties = parties == null ? List.of() : List.copyOf(parties);
    }

    /** Addressing only {@code target} of {@code unit}. */
    public EscalationRaised(UUID escalationId, UUID findingId, int generation, int level, String target, String unit,
            String reason, Instant deadline, Instant dueAt, Instant raisedAt, long overdueSeconds, boolean late) {
        this(escalationId, findingId, generation, level, target, unit, reason, deadline, dueAt, raisedAt,
                overdueSeconds, late, List.of());
    }
}
