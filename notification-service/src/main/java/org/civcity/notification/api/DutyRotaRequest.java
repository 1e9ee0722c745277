package org.civcity.notification.api;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.LocalDateTime;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A new duty rota, written on the {@code version} in force (0 for the first): weekly shifts that cover the week once,
 * without gaps or overlaps, and dated overrides (迎检 weeks, a swap) that take precedence, in district time.
 */
public record DutyRotaRequest(
        @NotNull @Min(0) Integer version,
        @NotNull @Size(min = 1, max = 200) List<@Valid @NotNull Shift> weekly,
        @Size(max = 500) List<@Valid @NotNull Override> overrides) {

    /** "MONDAY 08:30" to "TUESDAY 08:30": a shift may run past midnight and past Sunday into Monday. */
    public record Shift(
            @NotNull @Pattern(regexp = DAY_TIME, message = "must be a day and a time, as MONDAY 08:30") String from,
            @NotNull @Pattern(regexp = DAY_TIME, message = "must be a day and a time, as MONDAY 08:30") String to,
            @NotNull UUID recipientId) {
    }

    /** A dated shift, e.g. the weeks before an official inspection. */
    public record Override(
            @Schema(implementation = String.class, pattern = LOCAL, description = "District time, as 2026-12-14T08:30")
            @NotNull LocalDateTime from,
            @Schema(implementation = String.class, pattern = LOCAL, description = "District time, as 2026-12-21T08:30")
            @NotNull LocalDateTime to,
            @NotNull UUID recipientId,
            @Size(max = 200) String reason) {
    }

    static final String LOCAL = "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(:[0-9]{2}(\\.[0-9]+)?)?$";
    static final String DAY_TIME = "(MONDAY|TUESDAY|WEDNESDAY|THURSDAY|FRIDAY|SATURDAY|SUNDAY)"
            + " ([01][0-9]|2[0-3]):[0-5][0-9]";
}
