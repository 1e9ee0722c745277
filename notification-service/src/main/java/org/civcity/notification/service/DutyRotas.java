package org.civcity.notification.service;

import java.time.DayOfWeek;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.civcity.notification.api.DutyRotaRequest;

/** The rules of a duty rota: the week covered once, overrides apart from each other, who is on duty when. */
public final class DutyRotas {

    static final int WEEK = 7 * 24 * 60;

    private DutyRotas() {
    }

    /** Minutes since Monday 00:00 of "MONDAY 08:30". */
    static int minuteOfWeek(String dayTime) {
        String[] parts = dayTime.split(" ");
        LocalTime time = LocalTime.parse(parts[1]);
        return (DayOfWeek.valueOf(parts[0]).getValue() - 1) * 24 * 60 + time.getHour() * 60 + time.getMinute();
    }

    static String dayTime(int minute) {
        int m = Math.floorMod(minute, WEEK);
        return DayOfWeek.of(m / (24 * 60) + 1) + " " + LocalTime.of(m / 60 % 24, m % 60);
    }

    /** Length of a shift in minutes; a shift ending where it starts is the whole week. */
    static int length(DutyRotaRequest.Shift s) {
        int length = Math.floorMod(minuteOfWeek(s.to()) - minuteOfWeek(s.from()), WEEK);
        return length == 0 ? WEEK : length;
    }

    /**
     * What is wrong with the weekly shifts: each gap and each overlap, named by the minutes it spans; empty when they
     * cover the week once. A shift ending where it starts covers the whole week, so it can only be the one shift.
     */
    static List<String> weeklyProblems(List<DutyRotaRequest.Shift> shifts) {
        List<String> problems = new ArrayList<>();
        if (shifts.size() > 1) {
            shifts.stream().filter(s -> minuteOfWeek(s.from()) == minuteOfWeek(s.to())).forEach(s -> problems
                    .add("shift from " + s.from() + " to " + s.to() + " covers the whole week: only a rota of one"
                            + " shift may"));
        }
        int[] cover = new int[WEEK];
        for (DutyRotaRequest.Shift s : shifts) {
            int start = minuteOfWeek(s.from());
            for (int i = 0; i < length(s); i++) {
                cover[(start + i) % WEEK]++;
            }
        }
        // Walk the week from a minute where coverage changes, so a gap or overlap across Sunday night stays whole.
        int origin = 0;
        while (origin < WEEK && state(cover[origin]) == state(cover[Math.floorMod(origin - 1, WEEK)])) {
            origin++;
        }
        if (origin == WEEK) {
            if (state(cover[0]) == 2) {
                problems.add("overlap all week");
            }
            return problems;
        }
        int runStart = origin;
        for (int i = 1; i <= WEEK; i++) {
            int at = (origin + i) % WEEK;
            int before = Math.floorMod(at - 1, WEEK);
            if (i == WEEK || state(cover[at]) != state(cover[before])) {
                int kind = state(cover[before]);
                if (kind != 1) {
                    problems.add((kind == 0 ? "gap from " : "overlap from ") + dayTime(runStart) + " to "
                            + dayTime(at));
                }
                runStart = at;
            }
        }
        return problems;
    }

    /** 0: nobody on duty, 1: one person, 2: more than one. */
    private static int state(int covered) {
        return Math.min(covered, 2);
    }

    /** Overrides that overlap one another, named; each must also end after it starts. */
    static List<String> overrideProblems(List<DutyRotaRequest.Override> overrides) {
        List<String> problems = new ArrayList<>();
        List<DutyRotaRequest.Override> sorted = overrides.stream()
                .sorted(Comparator.comparing(DutyRotaRequest.Override::from)).toList();
        for (int i = 0; i < sorted.size(); i++) {
            DutyRotaRequest.Override o = sorted.get(i);
            if (!o.to().isAfter(o.from())) {
                problems.add("override from " + o.from() + " must end after it starts");
            }
            if (i + 1 < sorted.size() && sorted.get(i + 1).from().isBefore(o.to())) {
                problems.add("overrides overlap from " + sorted.get(i + 1).from() + " to " + o.to());
            }
        }
        return problems;
    }

    /** The shift or override in force at {@code local} (district time): an override first, else the weekly shift. */
    static Optional<OnDuty> at(List<DutyRotaRequest.Shift> weekly, List<DutyRotaRequest.Override> overrides,
            LocalDateTime local) {
        for (DutyRotaRequest.Override o : overrides) {
            if (!local.isBefore(o.from()) && local.isBefore(o.to())) {
                return Optional.of(new OnDuty(o.recipientId(), true, o.reason()));
            }
        }
        int minute = (local.getDayOfWeek().getValue() - 1) * 24 * 60 + local.getHour() * 60 + local.getMinute();
        for (DutyRotaRequest.Shift s : weekly) {
            if (Math.floorMod(minute - minuteOfWeek(s.from()), WEEK) < length(s)) {
                return Optional.of(new OnDuty(s.recipientId(), false, null));
            }
        }
        return Optional.empty();
    }

    /** Who is on duty, and whether by an override (with its reason). */
    record OnDuty(java.util.UUID recipientId, boolean override, String reason) {
    }
}
