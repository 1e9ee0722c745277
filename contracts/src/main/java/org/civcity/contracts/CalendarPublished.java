package org.civcity.contracts;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * Data of {@code calendar.published}: the district's calendar of one year as published by the civilization office;
 * the latest version of a year replaces every earlier one. Key: the year, on the compacted topic civcity.calendars.
 */
public record CalendarPublished(
        @Positive int year,
        @Positive int version,
        @NotBlank String source,
        @NotNull List<LocalDate> holidays,
        @NotNull List<LocalDate> swappedWorkingDays,
        @NotNull String publishedBy,
        @NotNull Instant publishedAt) {
}
