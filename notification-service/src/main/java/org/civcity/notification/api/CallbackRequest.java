package org.civcity.notification.api;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** The URL to call; {@code sourceSystem} only when an admin registers for a system. */
public record CallbackRequest(
        @NotBlank @Size(max = 2000) @Pattern(regexp = "https?://\\S+", message = "must be an http(s) URL")
        String url,
        @Size(max = 100) @Pattern(regexp = "[A-Za-z0-9._-]+", message = "must be a client id")
        String sourceSystem) {
}
