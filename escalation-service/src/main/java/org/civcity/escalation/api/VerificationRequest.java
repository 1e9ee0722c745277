package org.civcity.escalation.api;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * Anchors to verify the ledger against: records' hashes as published outside the database when they were written
 * (each accountability.recorded event carries its record's sequence and hash).
 */
public record VerificationRequest(@NotNull @Size(min = 1, max = 10000) List<@Valid @NotNull AnchorItem> anchors) {

    /** One record's published hash. */
    public record AnchorItem(@Positive long sequence, @NotNull @Pattern(regexp = "[0-9a-f]{64}") String hash) {
    }
}
