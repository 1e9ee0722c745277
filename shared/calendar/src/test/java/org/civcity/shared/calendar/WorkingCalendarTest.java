package org.civcity.shared.calendar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Working-time arithmetic on the 2026 calendar: lunch breaks, weekends, holidays, swapped days, year ends. */
class WorkingCalendarTest {

    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private static final List<Integer> FALLBACKS = new ArrayList<>();
    private static final WorkingCalendar CALENDAR = new WorkingCalendar(SHANGHAI,
            List.of(new WorkingCalendar.Period(LocalTime.of(9, 0), LocalTime.of(12, 0)),
                    new WorkingCalendar.Period(LocalTime.of(13, 30), LocalTime.of(17, 30))),
            Map.of(2026, new WorkingCalendar.Year(2026, 1, "State Council notice of 4 Nov 2025", dates(
                    "2026-01-01", "2026-01-02", "2026-01-03", "2026-02-15", "2026-02-16", "2026-02-17", "2026-02-18",
                    "2026-02-19", "2026-02-20", "2026-02-21", "2026-02-22", "2026-02-23", "2026-04-04", "2026-04-05",
                    "2026-04-06", "2026-05-01", "2026-05-02", "2026-05-03", "2026-05-04", "2026-05-05", "2026-06-19",
                    "2026-06-20", "2026-06-21", "2026-09-25", "2026-09-26", "2026-09-27", "2026-10-01", "2026-10-02",
                    "2026-10-03", "2026-10-04", "2026-10-05", "2026-10-06", "2026-10-07"),
                    dates("2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10"))),
            FALLBACKS::add);

    private static Set<LocalDate> dates(String... values) {
        return Stream.of(values).map(LocalDate::parse).collect(Collectors.toSet());
    }

    private static Instant at(String local) {
        return LocalDateTime.parse(local).atZone(SHANGHAI).toInstant();
    }

    @ParameterizedTest(name = "{0} + {1} working time = {2}")
    @CsvSource({
        // within a morning, up to the lunch break, across it
        "2026-11-26T10:00, PT2H, 2026-11-26T12:00",
        "2026-11-26T11:00, PT2H, 2026-11-26T14:30",
        "2026-11-26T12:15, PT1H, 2026-11-26T14:30",
        // before and after hours
        "2026-11-26T07:00, PT1H, 2026-11-26T10:00",
        "2026-11-26T19:00, PT1H, 2026-11-27T10:00",
        // a weekend
        "2026-11-27T16:30, PT2H, 2026-11-30T10:00",
        "2026-11-28T10:00, PT30M, 2026-11-30T09:30",
        // National Day: Oct 1-7 off, Sat Oct 10 a swapped working day
        "2026-09-30T16:30, PT2H, 2026-10-08T10:00",
        "2026-10-09T16:30, PT2H, 2026-10-10T10:00",
        // Mid-Autumn Sep 25-27 off, Sun Sep 20 swapped
        "2026-09-19T10:00, PT1H, 2026-09-20T10:00",
        "2026-09-24T17:00, PT1H, 2026-09-28T09:30",
        // Spring Festival: Sat Feb 14 swapped, Feb 15-23 off, Sat Feb 28 swapped
        "2026-02-13T17:00, PT1H, 2026-02-14T09:30",
        "2026-02-14T17:00, PT1H, 2026-02-24T09:30",
        "2026-02-27T17:30, PT1H, 2026-02-28T10:00",
        // New Year: Jan 1-3 off, Sun Jan 4 swapped
        "2026-01-01T10:00, PT1H, 2026-01-04T10:00",
        // Labour Day: May 1-5 off, Sat May 9 swapped
        "2026-04-30T17:00, PT1H, 2026-05-06T09:30",
        "2026-05-08T17:00, PT1H, 2026-05-09T09:30",
        // Dragon Boat Jun 19-21 off
        "2026-06-18T17:00, PT1H, 2026-06-22T09:30",
        // exactly a whole day, and zero
        "2026-11-26T09:00, PT7H, 2026-11-26T17:30",
        "2026-11-26T10:00, PT0S, 2026-11-26T10:00"
    })
    void addsWorkingTime(String start, Duration amount, String expected) {
        assertEquals(at(expected), CALENDAR.plusWorkingTime(at(start), amount));
    }

    @ParameterizedTest(name = "{0} + {1} working days = {2}")
    @CsvSource({
        "2026-11-26T10:00, 3, 2026-12-01T10:00",
        "2026-11-26T10:00, 1, 2026-11-27T10:00",
        "2026-09-29T11:00, 2, 2026-10-08T11:00",
        "2026-02-12T15:00, 3, 2026-02-24T15:00"
    })
    void addsWorkingDays(String start, int days, String expected) {
        assertEquals(at(expected), CALENDAR.plusWorkingDays(at(start), days));
    }

    @Test
    void measuresWorkingTimeBetweenInstants() {
        assertEquals(Duration.ofHours(7), CALENDAR.workingTimeBetween(at("2026-11-26T10:00"), at("2026-11-27T10:00")));
        assertEquals(Duration.ofMinutes(90), CALENDAR.workingTimeBetween(at("2026-09-30T16:30"),
                at("2026-10-08T09:30")));
        assertEquals(Duration.ZERO, CALENDAR.workingTimeBetween(at("2026-10-02T10:00"), at("2026-10-04T10:00")));
        assertEquals(Duration.ZERO, CALENDAR.workingTimeBetween(at("2026-11-27T10:00"), at("2026-11-26T10:00")));
        // Adding and measuring agree.
        Instant start = at("2026-04-30T11:17");
        assertEquals(Duration.ofMinutes(1234), CALENDAR.workingTimeBetween(start,
                CALENDAR.plusWorkingTime(start, Duration.ofMinutes(1234))));
    }

    @Test
    void aYearWithoutACalendarFallsBackToMondayToFridayAndSaysSo() {
        FALLBACKS.clear();
        // Fri 1 Jan 2027 would be a holiday, but 2027 is not published: it counts as a working day.
        assertEquals(at("2027-01-01T09:30"), CALENDAR.plusWorkingTime(at("2026-12-31T17:00"), Duration.ofHours(1)));
        assertTrue(FALLBACKS.contains(2027), "fallback reported");
        assertEquals(at("2027-01-04T09:30"), CALENDAR.plusWorkingTime(at("2027-01-01T17:00"), Duration.ofHours(1)));
    }

    @Test
    void refusesNonsense() {
        assertThrows(IllegalArgumentException.class, () -> CALENDAR.plusWorkingTime(at("2026-11-26T10:00"),
                Duration.ofHours(-1)));
        assertThrows(IllegalArgumentException.class, () -> new WorkingCalendar(SHANGHAI,
                List.of(new WorkingCalendar.Period(LocalTime.of(9, 0), LocalTime.of(12, 0)),
                        new WorkingCalendar.Period(LocalTime.of(11, 0), LocalTime.of(13, 0))), Map.of(), y -> { }));
    }

    @Test
    void aPublishedYearCountsForEveryLaterComputationAndOnlyALaterVersionReplacesIt() {
        WorkingCalendar calendar = new WorkingCalendar(SHANGHAI, List.of(new WorkingCalendar.Period(LocalTime.of(9, 0),
                LocalTime.of(17, 0))), Map.of(), y -> { });
        // Test data shaped like a Spring Festival notice (Sat 6 Feb - Fri 12 Feb off, Sun 14 Feb worked).
        WorkingCalendar.Year first = new WorkingCalendar.Year(2027, 1, "test notice", dates("2027-02-06",
                "2027-02-07", "2027-02-08", "2027-02-09", "2027-02-10", "2027-02-11", "2027-02-12"),
                dates("2027-02-14"));
        assertEquals(at("2027-02-08T10:00"), calendar.plusWorkingTime(at("2027-02-05T16:00"), Duration.ofHours(2)));

        assertTrue(calendar.publish(first));
        assertEquals(at("2027-02-14T10:00"), calendar.plusWorkingTime(at("2027-02-05T16:00"), Duration.ofHours(2)));
        assertEquals(false, calendar.publish(first), "the same version again changes nothing");

        WorkingCalendar.Year corrected = new WorkingCalendar.Year(2027, 2, "corrected notice", dates("2027-02-08"),
                Set.of());
        assertTrue(calendar.publish(corrected));
        assertEquals(false, calendar.publish(first), "an older version never comes back");
        assertEquals(at("2027-02-09T10:00"), calendar.plusWorkingTime(at("2027-02-05T16:00"), Duration.ofHours(2)));
        assertEquals(2, calendar.year(2027).orElseThrow().version());
    }

    @Test
    void coverageCountsTheUnbrokenRunOfPublishedYears() {
        assertEquals(60, CALENDAR.coverageDays(LocalDate.of(2026, 11, 1)));
        assertEquals(LocalDate.of(2026, 12, 31), CALENDAR.coveredUntil(LocalDate.of(2026, 1, 1)));
        assertEquals(-1, CALENDAR.coverageDays(LocalDate.of(2027, 1, 1)), "today itself is not covered");
        WorkingCalendar calendar = new WorkingCalendar(SHANGHAI, List.of(new WorkingCalendar.Period(LocalTime.of(9, 0),
                LocalTime.of(17, 0))), Map.of(2026, new WorkingCalendar.Year(2026, 1, "a", Set.of(), Set.of()),
                2028, new WorkingCalendar.Year(2028, 1, "c", Set.of(), Set.of())), y -> { });
        assertEquals(LocalDate.of(2026, 12, 31), calendar.coveredUntil(LocalDate.of(2026, 12, 1)), "2027 is a gap");
    }

    @Test
    void namesEveryProblemOfABadYear() {
        List<String> problems = WorkingCalendar.problems(2027,
                List.of(LocalDate.parse("2026-12-31"), LocalDate.parse("2027-02-08"), LocalDate.parse("2027-02-08"),
                        LocalDate.parse("2027-02-14")),
                List.of(LocalDate.parse("2027-02-14"), LocalDate.parse("2027-02-10")));
        assertEquals(List.of("holidays: 2026-12-31 is not in 2027", "holidays: 2027-02-08 is listed twice",
                "2027-02-14 is both a holiday and a swapped working day",
                "swapped working day 2027-02-10 is a WEDNESDAY, already a working day"), problems);
        assertEquals(List.of(), WorkingCalendar.problems(2027, List.of(), List.of()));
        assertThrows(IllegalArgumentException.class, () -> CALENDAR.publish(new WorkingCalendar.Year(2027, 1, "x",
                Set.of(LocalDate.parse("2028-01-01")), Set.of())));
    }

    @Test
    void rulesReadInChinese() {
        assertEquals("5个工作日", WorkingCalendar.inChinese("5 working days"));
        assertEquals("1个工作日", WorkingCalendar.inChinese(" 1 Working Day"));
        assertEquals("4个工作小时", WorkingCalendar.inChinese("4 working hours"));
        assertEquals("PT2S", WorkingCalendar.inChinese("PT2S"));
    }
}
