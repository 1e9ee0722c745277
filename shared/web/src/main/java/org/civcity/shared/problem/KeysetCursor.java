package org.civcity.shared.problem;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/** The position (time, id) of the last item of a page, opaque to clients; a cursor that is not ours is a 400. */
public record KeysetCursor(Instant at, UUID id) {

    public String encode() {
        return Base64.getUrlEncoder().withoutPadding().encodeToString((at + "|" + id)
                .getBytes(StandardCharsets.UTF_8));
    }

    /** The cursor in {@code value}, or null when absent. */
    public static KeysetCursor parse(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(value.strip()), StandardCharsets.UTF_8)
                    .split("\\|");
            return new KeysetCursor(Instant.parse(parts[0]), UUID.fromString(parts[1]));
        } catch (RuntimeException e) {
            throw new ProblemException(400, "Invalid request", "The cursor is not one this API returned",
                    List.of(new Problem.FieldError("cursor", "not a cursor from a previous page")));
        }
    }
}
