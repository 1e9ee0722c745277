package org.civcity.escalation.api;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.civcity.escalation.domain.Disposition;

/**
 * A disposition of one escalation.
 *
 * @param kind what followed
 * @param subject the person held to account, with their post (for example 王某, 城市管理局局长)
 * @param reason why; required for an exemption
 */
public record DispositionRequest(
        @NotNull Disposition kind,
        @NotBlank @Size(max = 200) String subject,
        @Size(max = 2000) String reason) {
}
