package org.civcity.contracts;

import jakarta.validation.constraints.NotNull;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Data of {@code accountability.recorded}: a record was appended to the hash-chained accountability ledger. An
 * escalation's record carries its {@code escalationId}; a disposition's record (what followed an escalation: a talk, a
 * circulated criticism, an exemption) names the escalation it {@code disposes} and its {@code disposition}; both null
 * on other records. {@code parties} names the units and the people who held the addressed roles when it was
 * written (empty on records without).
 */
public record AccountabilityRecorded(
        @NotNull UUID recordId,
        long sequence,
        @NotNull UUID findingId,
        int generation,
        int level,
        @NotNull String unit,
        @NotNull String responsibleRole,
        @NotNull String reason,
        long overdueWorkingSeconds,
        @NotNull Instant recordedAt,
        @NotNull String hash,
        UUID escalationId,
        UUID disposes,
        String disposition,
        List<Party> parties) {

    public AccountabilityRecorded {
        parties = parties == null ? List.of() : List.copyOf(parties);
    }

    /** Without parties. */
    public AccountabilityRecorded(UUID recordId, long sequence, UUID findingId, int generation, int level, String unit,
            String responsibleRole, String reason, long overdueWorkingSeconds, Instant recordedAt, String hash,
            UUID escalationId, UUID disposes, String disposition) {
        this(recordId, sequence, findingId, generation, level, unit, responsibleRole, reason, overdueWorkingSeconds,
                recordedAt, hash, escalationId, disposes, disposition, List.of());
    }
}
