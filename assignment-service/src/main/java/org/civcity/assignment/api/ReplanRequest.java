package org.civcity.assignment.api;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/**
 * Re-plan open deadlines on the calendar in force: {@code dryRun} shows what would move and moves nothing; the reason
 * goes on every moved case's record.
 */
public record ReplanRequest(boolean dryRun, @NotBlank @Size(max = 500) String reason) {
}
