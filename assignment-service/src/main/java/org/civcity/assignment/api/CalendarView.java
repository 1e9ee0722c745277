package org.civcity.assignment.api;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.civcity.assignment.domain.CalendarVersion;

/** One published version of a year's calendar, with who published it and what it changed. */
public record CalendarView(int year, int version, String source, List<LocalDate> holidays,
        List<LocalDate> swappedWorkingDays, String publishedBy, Instant publishedAt, String changes) {

    public static CalendarView of(CalendarVersion v) {
        return new CalendarView(v.year, v.version, v.source, v.holidayList(), v.swappedWorkingDayList(),
                v.publishedBy, v.publishedAt, v.changes);
    }

    /** Every year in force and how far ahead they reach. */
    public record Overview(LocalDate coveredUntil, long coverageDays, List<CalendarView> years) {
    }
}
