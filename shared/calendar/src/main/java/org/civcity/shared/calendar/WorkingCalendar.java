package org.civcity.shared.calendar;

import io.quarkus.logging.Log;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Working time in the district's zone: working periods of each working day, weekends off, public holidays off and
 * swapped working days (调休) on. A year without a published calendar falls back to Monday-Friday, loudly.
 */
public final class WorkingCalendar {

    /** Fewer days ahead covered by a published calendar than this is an alarm (rules.yml says the same). */
    public static final int COVERAGE_WARNING_DAYS = 60;

    private static final Pattern WORKING_RULE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*working\\s+(hours?|days?)");

    /** One working period of a day, e.g. 09:00-12:00. */
    public record Period(LocalTime start, LocalTime end) {

        public Period {
            if (!end.isAfter(start)) {
                throw new IllegalArgumentException("period ends before it starts: " + start + "-" + end);
            }
        }

        Duration length() {
            return Duration.between(start, end);
        }
    }

    /**
     * Holidays and swapped working days of one year, as published: version 0 is the file bundled with the service, 1
     * and up come from the civilization office through the calendar feed.
     */
    public record Year(int year, int version, String source, Set<LocalDate> holidays,
            Set<LocalDate> swappedWorkingDays) {

        public Year {
            holidays = Set.copyOf(holidays);
            swappedWorkingDays = Set.copyOf(swappedWorkingDays);
        }
    }

    private final ZoneId zone;
    private final List<Period> periods;
    private volatile Map<Integer, Year> years;
    private final IntConsumer onFallback;
    private final Set<Integer> warned = ConcurrentHashMap.newKeySet();

    /**
     * @param onFallback told the year each time a date of a year without a calendar is used (for a metric)
     */
    public WorkingCalendar(ZoneId zone, List<Period> periods, Map<Integer, Year> years, IntConsumer onFallback) {
        if (periods.isEmpty()) {
            throw new IllegalArgumentException("a working day needs at least one period");
        }
        for (int i = 1; i < periods.size(); i++) {
            if (periods.get(i).start().isBefore(periods.get(i - 1).end())) {
                throw new IllegalArgumentException("working periods overlap or are out of order: " + periods);
            }
        }
        this.zone = zone;
        this.periods = List.copyOf(periods);
        this.years = Map.copyOf(years);
        this.onFallback = onFallback;
    }

    public ZoneId zone() {
        return zone;
    }

    /**
     * Puts a published year in force for every computation from now on, unless the same or a later version of that
     * year is already in force (the feed may deliver an old version again).
     *
     * @return whether the year was put in force
     */
    public synchronized boolean publish(Year year) {
        Year current = years.get(year.year());
        if (current != null && current.version() >= year.version()) {
            return false;
        }
        List<String> problems = problems(year.year(), List.copyOf(year.holidays()),
                List.copyOf(year.swappedWorkingDays()));
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("calendar " + year.year() + " is invalid: " + problems);
        }
        Map<Integer, Year> next = new HashMap<>(years);
        next.put(year.year(), year);
        years = Map.copyOf(next);
        return true;
    }

    /** The version of {@code year} in force, if one is. */
    public Optional<Year> year(int year) {
        return Optional.ofNullable(years.get(year));
    }

    /** Every year in force, in order. */
    public List<Year> years() {
        return years.values().stream().sorted(Comparator.comparingInt(Year::year)).toList();
    }

    /**
     * The last day of the unbroken run of published years that starts with {@code today}'s year; the day before today
     * when today's own year has no calendar.
     */
    public LocalDate coveredUntil(LocalDate today) {
        int year = today.getYear();
        while (years.containsKey(year)) {
            year++;
        }
        LocalDate end = LocalDate.of(year, 1, 1).minusDays(1);
        return end.isBefore(today) ? today.minusDays(1) : end;
    }

    /** Days after {@code today} still covered by a published calendar (-1 when today itself is not). */
    public long coverageDays(LocalDate today) {
        return ChronoUnit.DAYS.between(today, coveredUntil(today));
    }

    /**
     * What is wrong with a year's calendar, in words an office clerk can act on; empty when nothing is. Every date
     * must lie in the year and be listed once; no day is both a holiday and a swapped working day; a swapped working
     * day is a Saturday or Sunday made a working day (a weekday already is one).
     */
    public static List<String> problems(int year, List<LocalDate> holidays, List<LocalDate> swappedWorkingDays) {
        List<String> problems = new ArrayList<>();
        if (year < 2000 || year > 2100) {
            problems.add("year " + year + " is outside 2000-2100");
        }
        check(year, "holidays", holidays, problems);
        check(year, "swappedWorkingDays", swappedWorkingDays, problems);
        if (holidays != null && swappedWorkingDays != null) {
            Set<LocalDate> both = new TreeSet<>(holidays);
            both.retainAll(new HashSet<>(swappedWorkingDays));
            both.forEach(d -> problems.add(d + " is both a holiday and a swapped working day"));
            swappedWorkingDays.stream().filter(d -> d != null && !isWeekend(d)).forEach(d -> problems.add(
                    "swapped working day " + d + " is a " + d.getDayOfWeek() + ", already a working day"));
        }
        return problems;
    }

    private static void check(int year, String field, List<LocalDate> dates, List<String> problems) {
        if (dates == null) {
            problems.add(field + " is missing (an empty list is allowed)");
            return;
        }
        Set<LocalDate> seen = new HashSet<>();
        for (LocalDate d : dates) {
            if (d == null) {
                problems.add(field + " contains null");
            } else if (d.getYear() != year) {
                problems.add(field + ": " + d + " is not in " + year);
            } else if (!seen.add(d)) {
                problems.add(field + ": " + d + " is listed twice");
            }
        }
    }

    public boolean isWorkingDay(LocalDate date) {
        Year year = years.get(date.getYear());
        if (year == null) {
            if (warned.add(date.getYear())) {
                Log.warnf("No working calendar for %d: falling back to Monday-Friday without public holidays;"
                        + " publish the year's calendar", date.getYear());
            }
            onFallback.accept(date.getYear());
            return !isWeekend(date);
        }
        if (year.holidays().contains(date)) {
            return false;
        }
        return !isWeekend(date) || year.swappedWorkingDays().contains(date);
    }

    /** The instant {@code amount} of working time after {@code start}; time outside working periods does not count. */
    public Instant plusWorkingTime(Instant start, Duration amount) {
        if (amount.isNegative()) {
            throw new IllegalArgumentException("negative working time " + amount);
        }
        ZonedDateTime at = start.atZone(zone);
        LocalDate day = at.toLocalDate();
        LocalTime time = at.toLocalTime();
        Duration left = amount;
        for (int guard = 0; guard < 3660; guard++) {
            if (isWorkingDay(day)) {
                for (Period p : periods) {
                    if (!time.isBefore(p.end())) {
                        continue;
                    }
                    LocalTime from = time.isAfter(p.start()) ? time : p.start();
                    Duration available = Duration.between(from, p.end());
                    if (left.compareTo(available) <= 0 && !(left.isZero() && from.equals(p.end()))) {
                        return LocalDateTime.of(day, from.plus(left)).atZone(zone).toInstant();
                    }
                    left = left.minus(available);
                    time = p.end();
                }
            }
            day = day.plusDays(1);
            time = LocalTime.MIN;
        }
        throw new IllegalStateException("no working time found within ten years of " + start);
    }

    /**
     * The instant {@code days} full working days after {@code start}: as much working time as {@code days} working
     * days hold, so a case dispatched mid-morning is due mid-morning of the n-th working day after.
     */
    public Instant plusWorkingDays(Instant start, int days) {
        return plusWorkingTime(start, workingDay().multipliedBy(days));
    }

    /** The working time one working day holds. */
    public Duration workingDay() {
        return periods.stream().map(Period::length).reduce(Duration.ZERO, Duration::plus);
    }

    /**
     * {@code rule} after {@code from}, scaled by {@code factor}: "N working hours" and "N working days" count working
     * time on this calendar; an ISO-8601 duration (PT30S) counts elapsed time, for tests and demos.
     */
    public Instant plus(String rule, Instant from, double factor) {
        Matcher working = WORKING_RULE.matcher(rule.strip().toLowerCase(Locale.ROOT));
        if (working.matches()) {
            double amount = Double.parseDouble(working.group(1)) * factor;
            boolean days = working.group(2).startsWith("day");
            if (days && amount == Math.rint(amount)) {
                return plusWorkingDays(from, (int) amount);
            }
            return plusWorkingTime(from, Duration.ofMinutes(Math.round(amount
                    * (days ? workingDay().toMinutes() : 60))));
        }
        Duration elapsed = Duration.parse(rule.strip());
        return from.plus(Duration.ofMillis(Math.round(elapsed.toMillis() * factor)));
    }

    /** Fails on a rule {@link #plus} cannot read, so that configuration errors stop a service at start. */
    public static String checkRule(String rule) {
        if (!WORKING_RULE.matcher(rule.strip().toLowerCase(Locale.ROOT)).matches()) {
            Duration.parse(rule.strip());
        }
        return rule.strip();
    }

    /** A rule as a Chinese text says it: "5 working days" is "5个工作日"; an elapsed duration stays as written. */
    public static String inChinese(String rule) {
        Matcher working = WORKING_RULE.matcher(rule.strip().toLowerCase(Locale.ROOT));
        if (!working.matches()) {
            return rule.strip();
        }
        return working.group(1) + (working.group(2).startsWith("day") ? "个工作日" : "个工作小时");
    }

    /** Working time between two instants (zero if {@code to} is not after {@code from}). */
    public Duration workingTimeBetween(Instant from, Instant to) {
        if (!to.isAfter(from)) {
            return Duration.ZERO;
        }
        Duration total = Duration.ZERO;
        ZonedDateTime cursor = from.atZone(zone);
        ZonedDateTime end = to.atZone(zone);
        LocalDate day = cursor.toLocalDate();
        for (int guard = 0; guard < 3660 && !day.isAfter(end.toLocalDate()); guard++) {
            if (isWorkingDay(day)) {
                for (Period p : periods) {
                    ZonedDateTime ps = LocalDateTime.of(day, p.start()).atZone(zone);
                    ZonedDateTime pe = LocalDateTime.of(day, p.end()).atZone(zone);
                    ZonedDateTime a = ps.isAfter(cursor) ? ps : cursor;
                    ZonedDateTime b = pe.isBefore(end) ? pe : end;
                    if (b.isAfter(a)) {
                        total = total.plus(Duration.between(a, b));
                    }
                }
            }
            day = day.plusDays(1);
        }
        return total;
    }

    private static boolean isWeekend(LocalDate date) {
        return date.getDayOfWeek() == DayOfWeek.SATURDAY || date.getDayOfWeek() == DayOfWeek.SUNDAY;
    }
}
