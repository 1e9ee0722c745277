package org.civcity.contracts;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import java.time.Instant;

/**
 * Data of {@code ledger.head}: the last link of the accountability ledger's hash chain after an append, published
 * outside the database so that a ledger rewritten and recomputed by its owner no longer agrees with it. Key:
 * {@code accountability-ledger}, on the compacted topic civcity.ledger-head, which keeps the latest head for good.
 */
public record LedgerHead(
        @Positive long sequence,
        @NotNull @Pattern(regexp = "[0-9a-f]{64}") String hash,
        @NotNull Instant recordedAt) {
}
