package org.civcity.notification.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Quiet hours in district time, across midnight, and urgent levels that ignore them. */
class QuietHoursTest {

    private static final ZoneId DISTRICT = ZoneId.of("Asia/Shanghai");

    private static Instant at(String local) {
        return LocalDateTime.parse(local).atZone(DISTRICT).toInstant();
    }

    @ParameterizedTest(name = "{0} at {2}, level {1} -> {3}")
    @CsvSource({
        "22:00-07:00, 1, 2026-11-26T23:30, 2026-11-27T07:00",
        "22:00-07:00, 1, 2026-11-27T03:00, 2026-11-27T07:00",
        "22:00-07:00, 1, 2026-11-27T07:00, 2026-11-27T07:00",
        "22:00-07:00, 1, 2026-11-27T12:00, 2026-11-27T12:00",
        "12:00-13:30, 2, 2026-11-27T12:45, 2026-11-27T13:30",
        "22:00-07:00, 3, 2026-11-26T23:30, 2026-11-26T23:30",
        "22:00-07:00, 0, 2026-11-26T21:59, 2026-11-26T21:59"
    })
    void holdsAlertsUntilQuietHoursEnd(String quietHours, int level, String now, String expected) {
        assertEquals(at(expected), AlertService.notBefore(quietHours, level, at(now), DISTRICT));
    }
}
