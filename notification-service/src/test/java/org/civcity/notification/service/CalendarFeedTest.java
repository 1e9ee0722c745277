package org.civcity.notification.service;

import static org.awaitility.Awaitility.await;
import static org.civcity.testsupport.CloudEventRecords.cloudEvent;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.civcity.contracts.CalendarPublished;
import org.civcity.contracts.EventTypes;
import org.civcity.contracts.Topics;
import org.civcity.notification.AlertReceiverResource;
import org.civcity.shared.calendar.PublishedCalendars;
import org.civcity.shared.calendar.WorkingCalendar;
import org.civcity.testsupport.EmbeddedInfrastructure;
import org.civcity.testsupport.InfrastructureResource;
import org.civcity.testsupport.Metrics;
import org.civcity.testsupport.OidcTestServer;
import org.junit.jupiter.api.Test;

/**
 * A service that does not own calendars follows civcity.calendars: a published year is in force within moments and
 * kept in its database, only a later version replaces it, and a record that is not a valid calendar is refused.
 */
@QuarkusTest
@QuarkusTestResource(value = InfrastructureResource.class,
        initArgs = @ResourceArg(name = "database", value = "notification"))
@QuarkusTestResource(OidcTestServer.class)
@QuarkusTestResource(AlertReceiverResource.class)
class CalendarFeedTest {

    @Inject
    ObjectMapper mapper;

    @Inject
    WorkingCalendar calendar;

    @Inject
    PublishedCalendars kept;

    private void publish(int version, List<LocalDate> holidays) throws Exception {
        publish(EventTypes.CALENDAR_PUBLISHED, mapper.writeValueAsString(new CalendarPublished(2027, version,
                "test notice v" + version, holidays, List.of(LocalDate.parse("2027-02-14")), "admin-user",
                Instant.now())));
    }

    private static void publish(String type, String data) {
        EmbeddedInfrastructure.kafkaCompanion().produceStrings().fromRecords(cloudEvent(Topics.CALENDARS,
                UUID.randomUUID(), type, "2027", data)).awaitCompletion();
    }

    private static double version() {
        return Metrics.sum("civcity_calendar_version", "year=\"2027\"");
    }

    @Test
    void followsThePublishedCalendarsAndKeepsThem() throws Exception {
        LocalDate festival = LocalDate.parse("2027-02-08");
        publish(2, List.of(festival, LocalDate.parse("2027-02-09")));
        await().atMost(Duration.ofSeconds(20)).until(() -> version() == 2.0);
        assertFalse(calendar.isWorkingDay(festival));
        assertTrue(calendar.isWorkingDay(LocalDate.parse("2027-02-14")), "a swapped Sunday is worked");
        assertEquals(LocalDate.parse("2027-12-31"), calendar.coveredUntil(LocalDate.parse("2026-12-01")));

        // An older version delivered late, a record of another type and an invalid calendar change nothing.
        double rejected = Metrics.sum("civcity_calendar_rejected_total");
        publish(1, List.of());
        publish(EventTypes.FINDING_REPORTED, "{}");
        publish(EventTypes.CALENDAR_PUBLISHED, mapper.writeValueAsString(new CalendarPublished(2027, 9, "bad",
                List.of(LocalDate.parse("2028-01-01")), List.of(), "x", Instant.now())));
        publish(3, List.of(festival));
        await().atMost(Duration.ofSeconds(20)).until(() -> version() == 3.0);
        assertEquals(rejected + 2, Metrics.sum("civcity_calendar_rejected_total"));
        assertTrue(calendar.isWorkingDay(LocalDate.parse("2027-02-09")), "version 3 gave 9 Feb back");

        // Kept in the service's own database, for a start while the broker is away.
        WorkingCalendar.Year stored = kept.all().await().atMost(Duration.ofSeconds(10)).stream()
                .filter(y -> y.year() == 2027).findFirst().orElseThrow();
        assertEquals(3, stored.version());
        assertEquals(Set.of(festival), stored.holidays());
    }
}
