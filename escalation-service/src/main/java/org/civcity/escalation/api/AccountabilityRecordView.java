package org.civcity.escalation.api;

import java.time.Instant;
import java.util.UUID;
import org.civcity.escalation.domain.AccountabilityRecord;
import org.civcity.escalation.domain.Disposition;

/** An accountability record as the API returns it. */
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
        String note) {

    public static AccountabilityRecordView of(AccountabilityRecord r) {
        return new AccountabilityRecordView(r.sequence, r.id, r.escalationId, r.findingId, r.generation, r.level,
                r.unit, r.responsibleRole, r.reason, r.deadline, r.overdueSeconds, r.recordedAt, r.policyVersion,
                r.previousHash, r.hash, r.disposes, r.disposition, r.subject, r.decidedBy, r.note);
    }
}
