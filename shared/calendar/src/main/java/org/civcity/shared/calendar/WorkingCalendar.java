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
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Working time in the district's zone: working periods of each working day, weekends off, public holidays off and
 * swapped working days (调休) on. A year without a published calendar falls back to Monday-Friday, loudly.
 */
public final class WorkingCalendar {

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

    /** Holidays and swapped working days of one year. */
    public record Year(int year, Set<LocalDate> holidays, Set<LocalDate> swappedWorkingDays) {
    }

    private final ZoneId zone;
    private final List<Period> periods;
    private final Map<Integer, Year> years;
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
