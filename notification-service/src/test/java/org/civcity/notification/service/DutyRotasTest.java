package org.civcity.notification.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.UUID;
import org.civcity.notification.api.DutyRotaRequest.Shift;
import org.junit.jupiter.api.Test;

/** The rota's week: each gap and overlap named by the minutes it really spans, across Sunday night too. */
class DutyRotasTest {

    private static final UUID A = UUID.randomUUID();
    private static final UUID B = UUID.randomUUID();

    @Test
    void namesEachGapAndOverlapByWhatItSpans() {
        assertEquals(List.of(), DutyRotas.weeklyProblems(List.of(new Shift("MONDAY 08:30", "MONDAY 08:30", A))));
        assertEquals(List.of(), DutyRotas.weeklyProblems(List.of(new Shift("FRIDAY 17:30", "MONDAY 08:30", B),
                new Shift("MONDAY 08:30", "FRIDAY 17:30", A))));
        // A shift inside another: one overlap, and no gap where the outer shift goes on.
        assertEquals(List.of("overlap from TUESDAY 00:00 to WEDNESDAY 00:00"), DutyRotas.weeklyProblems(List.of(
                new Shift("MONDAY 00:00", "THURSDAY 00:00", A), new Shift("TUESDAY 00:00", "WEDNESDAY 00:00", B),
                new Shift("THURSDAY 00:00", "MONDAY 00:00", B))));
        // A gap over Sunday night stays one gap.
        assertEquals(List.of("gap from SUNDAY 23:00 to MONDAY 01:00"), DutyRotas.weeklyProblems(List.of(
                new Shift("FRIDAY 17:30", "SUNDAY 23:00", B), new Shift("MONDAY 01:00", "FRIDAY 17:30", A))));
        // A whole-week shift beside another is refused as such.
        List<String> whole = DutyRotas.weeklyProblems(List.of(new Shift("MONDAY 08:30", "MONDAY 08:30", A),
                new Shift("FRIDAY 17:30", "MONDAY 08:30", B)));
        assertTrue(whole.get(0).contains("covers the whole week"), whole.toString());
        assertTrue(whole.contains("overlap from FRIDAY 17:30 to MONDAY 08:30"), whole.toString());
        // The same shift twice (same start): one overlap, as long as the shift.
        assertEquals(List.of("overlap from MONDAY 00:00 to THURSDAY 00:00"), DutyRotas.weeklyProblems(List.of(
                new Shift("MONDAY 00:00", "THURSDAY 00:00", A), new Shift("MONDAY 00:00", "THURSDAY 00:00", B),
                new Shift("THURSDAY 00:00", "MONDAY 00:00", B))));
    }
}
