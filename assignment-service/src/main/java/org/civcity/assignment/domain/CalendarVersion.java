package org.civcity.assignment.domain;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.civcity.contracts.CalendarPublished;
import org.civcity.shared.calendar.WorkingCalendar;

/** One published version of one year's working calendar; appended, never changed. */
@Entity
@Table(name = "calendar_version")
public class CalendarVersion extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(nullable = false)
    public int year;

    @Column(nullable = false)
    public int version;

    @Column(nullable = false)
    public String source;

    @Column(nullable = false, columnDefinition = "date[]")
    public LocalDate[] holidays;

    @Column(name = "swapped_working_days", nullable = false, columnDefinition = "date[]")
    public LocalDate[] swappedWorkingDays;

    @Column(name = "published_by", nullable = false)
    public String publishedBy;

    @Column(name = "published_at", nullable = false)
    public Instant publishedAt;

    /** What this version changed against the one before, in words. */
    @Column(nullable = false)
    public String changes;

    public static CalendarVersion of(int year, int version, String source, List<LocalDate> holidays,
            List<LocalDate> swappedWorkingDays, String publishedBy, Instant publishedAt) {
        CalendarVersion v = new CalendarVersion();
        v.year = year;
        v.version = version;
        v.source = source;
        v.holidays = holidays.stream().sorted().toArray(LocalDate[]::new);
        v.swappedWorkingDays = swappedWorkingDays.stream().sorted().toArray(LocalDate[]::new);
        v.publishedBy = publishedBy;
        v.publishedAt = publishedAt;
        return v;
    }

    public List<LocalDate> holidayList() {
        return Arrays.asList(holidays);
    }

    public List<LocalDate> swappedWorkingDayList() {
        return Arrays.asList(swappedWorkingDays);
    }

    /** Whether {@code other} lists the same days (the source document may be named differently). */
    public boolean sameDays(CalendarVersion other) {
        return Set.copyOf(holidayList()).equals(Set.copyOf(other.holidayList()))
                && Set.copyOf(swappedWorkingDayList()).equals(Set.copyOf(other.swappedWorkingDayList()));
    }

    public CalendarPublished published() {
        return new CalendarPublished(year, version, source, holidayList(), swappedWorkingDayList(), publishedBy,
                publishedAt);
    }

    public WorkingCalendar.Year inForce() {
        return new WorkingCalendar.Year(year, version, source, Set.copyOf(holidayList()),
                Set.copyOf(swappedWorkingDayList()));
    }
}
