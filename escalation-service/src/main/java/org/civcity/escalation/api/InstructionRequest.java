package org.civcity.escalation.api;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.UUID;

/**
 * A leader's instruction (批示) on a case.
 *
 * @param findingId the case
 * @param text what the leader instructs (请三日内整改到位并报结果)
 * @param due the supervision order's deadline in working time from now ("3 working days", "8 working hours", or an
 *     ISO-8601 duration); 3 working days when absent
 */
public record InstructionRequest(
        @NotNull UUID findingId,
        @NotBlank @Size(max = 2000) String text,
        @Size(max = 40) String due) {
}
