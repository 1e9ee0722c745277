package org.civcity.shared.calendar;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.io.IOException;
import java.io.InputStream;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Builds the working calendar from configuration and the bundled year files; the feed adds published years. */
@ApplicationScoped
public class CalendarProducer {

    /** The shape of calendar/YEAR.json. */
    public record YearFile(int year, String source, Set<LocalDate> holidays, Set<LocalDate> swappedWorkingDays) {
    }

    @Produces
    @ApplicationScoped
    WorkingCalendar calendar(CalendarConfig config, ObjectMapper mapper, MeterRegistry registry) throws IOException {
        List<WorkingCalendar.Period> periods = new ArrayList<>();
        for (String period : config.periods()) {
            String[] bounds = period.strip().split("-");
            periods.add(new WorkingCalendar.Period(LocalTime.parse(bounds[0]), LocalTime.parse(bounds[1])));
        }
        Map<Integer, WorkingCalendar.Year> years = new HashMap<>();
        for (YearFile file : bundled(config, mapper)) {
            years.put(file.year(), new WorkingCalendar.Year(file.year(), 0, file.source(), file.holidays(),
                    file.swappedWorkingDays()));
        }
        WorkingCalendar calendar = new WorkingCalendar(ZoneId.of(config.zone()), periods, years,
                year -> registry.counter("civcity.calendar.fallback", "year", Integer.toString(year)).increment());
        // The alarm: fewer than 60 days ahead covered means next year's calendar is due (rules.yml).
        Gauge.builder("civcity.calendar.coverage.days", calendar, c -> c.coverageDays(LocalDate.now(c.zone())))
                .description("Days after today covered by a published working calendar").register(registry);
        return calendar;
    }

    /** The year files bundled with the service. */
    public static List<YearFile> bundled(CalendarConfig config, ObjectMapper mapper) throws IOException {
        List<YearFile> files = new ArrayList<>();
        for (int year : config.years()) {
            try (InputStream in = CalendarProducer.class.getResourceAsStream("/calendar/" + year + ".json")) {
                if (in == null) {
                    throw new IllegalStateException("No calendar file calendar/" + year + ".json");
                }
                files.add(mapper.readValue(in, YearFile.class));
            }
        }
        return files;
    }
}
