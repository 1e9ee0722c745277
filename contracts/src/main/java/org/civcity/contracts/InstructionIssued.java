package org.civcity.contracts;

import jakarta.validation.constraints.NotNull;
import java.time.Instant;
import java.util.UUID;

/**
 * Data of {@code instruction.issued}: a leader attached an instruction (批示) to a case. It is recorded in the
 * accountability ledger and opens a supervision order due at {@code dueBy}, which escalates like a case until the
 * case is closed. Key: findingId. Topic: civcity.escalations.
 */
public record InstructionIssued(
        @NotNull UUID orderId,
        @NotNull UUID findingId,
        @NotNull UUID recordId,
        @NotNull String unit,
        String township,
        @NotNull String issuedBy,
        @NotNull String text,
        @NotNull Instant issuedAt,
        @NotNull Instant dueBy) {
}
