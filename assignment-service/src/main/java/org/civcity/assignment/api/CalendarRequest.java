package org.civcity.assignment.api;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.LocalDate;
import java.util.List;

/**
 * One year's calendar as the State Council's notice gives it: the days off (weekend days inside a holiday included)
 * and the weekend days worked instead (调休), with the notice it comes from.
 */
public record CalendarRequest(
        @NotBlank @Size(max = 500) String source,
        @NotNull @Size(max = 366) List<LocalDate> holidays,
        @NotNull @Size(max = 366) List<LocalDate> swappedWorkingDays) {
}
