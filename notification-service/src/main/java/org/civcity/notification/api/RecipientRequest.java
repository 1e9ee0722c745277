package org.civcity.notification.api;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** A recipient as written; {@code version} must match the stored one on update. */
public record RecipientRequest(
        @NotBlank @Size(max = 64) @Pattern(regexp = "[A-Z0-9_]+", message = "must be a role code") String role,
        @Size(max = 64) @Pattern(regexp = "[A-Z0-9_]*", message = "must be a unit code") String unit,
        @NotBlank @Size(max = 100) String name,
        @Size(max = 2000) @Pattern(regexp = "https?://\\S+", message = "must be an http(s) URL") String webhookUrl,
        @Email @Size(max = 254) String email,
        @Size(max = 32) @Pattern(regexp = "\\+?[0-9 -]{5,32}", message = "must be a phone number") String mobile,
        @Pattern(regexp = "([01][0-9]|2[0-3]):[0-5][0-9]-([01][0-9]|2[0-3]):[0-5][0-9]",
                message = "must be HH:MM-HH:MM") String quietHours,
        Integer version) {
}
