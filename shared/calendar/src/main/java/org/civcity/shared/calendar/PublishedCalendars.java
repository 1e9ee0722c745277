package org.civcity.shared.calendar;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.civcity.contracts.CalendarPublished;

/** This service's copy of the published calendars (table published_calendar), read at start, kept by the feed. */
@ApplicationScoped
public class PublishedCalendars {

    private final Pool pool;

    public PublishedCalendars(Pool pool) {
        this.pool = pool;
    }

    /** Every year this service last received. */
    public Uni<List<WorkingCalendar.Year>> all() {
        return pool.query("SELECT year, version, source, holidays, swapped_working_days FROM published_calendar")
                .execute().map(rows -> {
                    List<WorkingCalendar.Year> years = new ArrayList<>();
                    for (Row row : rows) {
                        years.add(new WorkingCalendar.Year(row.getInteger("year"), row.getInteger("version"),
                                row.getString("source"), Set.of(row.getArrayOfLocalDates("holidays")),
                                Set.of(row.getArrayOfLocalDates("swapped_working_days"))));
                    }
                    return years;
                });
    }

    /** Keeps {@code published} unless a later version of its year is already kept. */
    public Uni<Void> keep(CalendarPublished published) {
        return pool.preparedQuery("INSERT INTO published_calendar (year, version, source, holidays,"
                + " swapped_working_days, published_by, published_at) VALUES ($1, $2, $3, $4, $5, $6, $7)"
                + " ON CONFLICT (year) DO UPDATE SET version = EXCLUDED.version, source = EXCLUDED.source,"
                + " holidays = EXCLUDED.holidays, swapped_working_days = EXCLUDED.swapped_working_days,"
                + " published_by = EXCLUDED.published_by, published_at = EXCLUDED.published_at"
                + " WHERE published_calendar.version < EXCLUDED.version")
                .execute(Tuple.from(List.of(published.year(), published.version(), published.source(),
                        published.holidays().toArray(LocalDate[]::new),
                        published.swappedWorkingDays().toArray(LocalDate[]::new), published.publishedBy(),
                        published.publishedAt().atOffset(ZoneOffset.UTC))))
                .replaceWithVoid();
    }
}
