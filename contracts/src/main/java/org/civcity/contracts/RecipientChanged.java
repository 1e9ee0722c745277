package org.civcity.contracts;

import jakarta.validation.constraints.NotNull;
import java.time.Instant;
import java.util.UUID;

/**
 * Data of {@code recipient.changed}: an entry of the recipient directory (who holds a role for a unit, or
 * district-wide) was created, changed or retired ({@code active} false). Key: the recipient id, on the compacted topic
 * civcity.recipients, so the latest state of every entry stays; escalation-service keeps it to name the person in post
 * in each accountability record.
 */
public record RecipientChanged(
        @NotNull UUID recipientId,
        @NotNull String role,
        String unit,
        @NotNull String name,
        boolean active,
        int version,
        @NotNull Instant changedAt) {
}
