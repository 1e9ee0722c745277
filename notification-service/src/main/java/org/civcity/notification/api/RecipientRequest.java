package org.civcity.notification.api;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * A recipient as written; {@code version} must match the stored one on update. Robot URLs must be https; a DingTalk
 * secret left out on update keeps the stored one.
 */
public record RecipientRequest(
        @NotBlank @Size(max = 64) @Pattern(regexp = "[A-Z0-9_]+", message = "must be a role code") String role,
        @Size(max = 64) @Pattern(regexp = "[A-Z0-9_]*", message = "must be a unit code") String unit,
        @NotBlank @Size(max = 100) String name,
        @Size(max = 2000) @Pattern(regexp = "https?://\\S+", message = "must be an http(s) URL") String webhookUrl,
        @Email @Size(max = 254) String email,
        @Size(max = 32) @Pattern(regexp = "\\+?[0-9 -]{5,32}", message = "must be a phone number") String mobile,
        @Pattern(regexp = "([01][0-9]|2[0-3]):[0-5][0-9]-([01][0-9]|2[0-3]):[0-5][0-9]",
                message = "must be HH:MM-HH:MM") String quietHours,
        Integer version,
        @Size(max = 2000) @Pattern(regexp = "https://\\S+[?&]key=[^&\\s]+.*",
                message = "must be an https robot URL with its key") String wecomWebhookUrl,
        @Size(max = 2000) @Pattern(regexp = "https://\\S+[?&]access_token=[^&\\s]+.*",
                message = "must be an https robot URL with its access_token") String dingtalkWebhookUrl,
        @Size(max = 200) @Pattern(regexp = "SEC[0-9a-zA-Z]{16,120}", message = "must be the robot's SEC... secret")
        String dingtalkSecret,
        @Size(max = 100) @Pattern(regexp = "[A-Za-z0-9._@-]+", message = "must be an account name") String account,
        @Size(max = 10) List<@NotBlank @Size(max = 100) @Pattern(regexp = "[A-Za-z0-9._@-]+",
                message = "must be an account name") String> delegates,
        @Min(0) @Max(10000) Integer priority) {
}
