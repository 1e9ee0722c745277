package org.civcity.escalation.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import org.civcity.contracts.Party;
import org.civcity.escalation.domain.AccountabilityRecord;
import org.civcity.escalation.domain.Disposition;

/**
 * An accountability record as the API returns it: who was addressed (unit, role, the parties with the people in post),
 * the rule that fired (level, reason, policy version) and the evidence (deadline, overdue working time in seconds and
 * in working days).
 */
public record AccountabilityRecordView(
        long sequence,
        UUID id,
        UUID escalationId,
        UUID findingId,
        int generation,
        int level,
        String unit,
        String responsibleRole,
        String reason,
        Instant deadline,
        long overdueSeconds,
        Instant recordedAt,
        String policyVersion,
        String previousHash,
        String hash,
        UUID disposes,
        Disposition disposition,
        String subject,
        String decidedBy,
        String note,
        List<Party> parties,
        double overdueWorkingDays) {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final TypeReference<List<Party>> PARTIES = new TypeReference<>() {
    };

    /** The record, with its overdue working time also in working days of {@code workingDay} (two decimals). */
    public static AccountabilityRecordView of(AccountabilityRecord r, Duration workingDay) {
        double days = Math.round(r.overdueSeconds * 100.0 / workingDay.toSeconds()) / 100.0;
        return new AccountabilityRecordView(r.sequence, r.id, r.escalationId, r.findingId, r.generation, r.level,
                r.unit, r.responsibleRole, r.reason, r.deadline, r.overdueSeconds, r.recordedAt, r.policyVersion,
                r.previousHash, r.hash, r.disposes, r.disposition, r.subject, r.decidedBy, r.note, parties(r.parties),
                days);
    }

    /** The view of records, with overdue time in working days of {@code workingDay}; for resources to map with. */
    public static Function<AccountabilityRecord, AccountabilityRecordView> with(Duration workingDay) {
        return r -> of(r, workingDay);
    }

    /** The parties a record names, from the JSON stored in it; empty on records without. */
    public static List<Party> parties(String json) {
        if (json == null) {
            return List.of();
        }
        try {
            return MAPPER.readValue(json, PARTIES);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored parties unreadable", e);
        }
    }
}
