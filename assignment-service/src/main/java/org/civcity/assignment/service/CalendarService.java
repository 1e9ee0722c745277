package org.civcity.assignment.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.civcity.assignment.api.CalendarRequest;
import org.civcity.assignment.api.CalendarView;
import org.civcity.assignment.api.ReplanRequest;
import org.civcity.assignment.api.ReplanView;
import org.civcity.assignment.domain.CalendarVersion;
import org.civcity.assignment.domain.CaseHistory;
import org.civcity.assignment.domain.RectificationCase;
import org.civcity.assignment.repository.CalendarRepository;
import org.civcity.assignment.repository.CaseHistoryRepository;
import org.civcity.assignment.repository.CaseRepository;
import org.civcity.contracts.DeadlineExtended;
import org.civcity.contracts.EventTypes;
import org.civcity.contracts.Topics;
import org.civcity.shared.calendar.CalendarConfig;
import org.civcity.shared.calendar.CalendarProducer;
import org.civcity.shared.calendar.WorkingCalendar;
import org.civcity.shared.outbox.Outbox;
import org.civcity.shared.problem.Problem;
import org.civcity.shared.problem.ProblemException;

/**
 * The district's working calendars as data: the civilization office publishes a year (validated, versioned, audited)
 * and the publication reaches every service through civcity.calendars. Deadlines computed after it count on it;
 * deadlines already set keep theirs.
 */
@ApplicationScoped
public class CalendarService {

    /** A publication's outcome: the version in force, and whether this request made it. */
    public record Publication(CalendarVersion version, boolean created) {
    }

    private final CalendarRepository calendars;
    private final CaseRepository cases;
    private final CaseHistoryRepository history;
    private final DeadlinePolicy policy;
    private final Outbox outbox;
    private final WorkingCalendar calendar;
    private final CalendarConfig config;
    private final ObjectMapper mapper;

    public CalendarService(CalendarRepository calendars, CaseRepository cases, CaseHistoryRepository history,
            DeadlinePolicy policy, Outbox outbox, WorkingCalendar calendar, CalendarConfig config,
            ObjectMapper mapper) {
        this.calendars = calendars;
        this.cases = cases;
        this.history = history;
        this.policy = policy;
        this.outbox = outbox;
        this.calendar = calendar;
        this.config = config;
        this.mapper = mapper;
    }

    /** The years bundled with the service become version 1 of their year unless the office published one already. */
    void seed(@Observes StartupEvent event) throws Throwable {
        for (CalendarProducer.YearFile file : CalendarProducer.bundled(config, mapper)) {
            Publication p = VertxContextSupport.subscribeAndAwait(() -> publish(file.year(), new CalendarRequest(
                    file.source(), List.copyOf(file.holidays()), List.copyOf(file.swappedWorkingDays())),
                    "bundled calendar/" + file.year() + ".json", true));
            if (p.created()) {
                Log.infof("Published the bundled calendar of %d as version 1", file.year());
            }
        }
    }

    /**
     * Publishes {@code request} as the next version of {@code year}; the same days as the version in force publish
     * nothing. Past years are history and refused.
     */
    public Uni<Publication> publish(int year, CalendarRequest request, String publishedBy) {
        int thisYear = LocalDate.now(calendar.zone()).getYear();
        List<Problem.FieldError> errors = new ArrayList<>();
        if (year < thisYear) {
            errors.add(new Problem.FieldError("year", year + " is past; deadlines already counted on it stay"));
        }
        WorkingCalendar.problems(year, request.holidays(), request.swappedWorkingDays())
                .forEach(p -> errors.add(new Problem.FieldError(field(p), p)));
        if (!errors.isEmpty()) {
            return Uni.createFrom().failure(new ProblemException(422, "Invalid calendar",
                    "The calendar of " + year + " was not published: " + errors.size() + " problem(s)", errors));
        }
        return publish(year, request, publishedBy, false);
    }

    private Uni<Publication> publish(int year, CalendarRequest request, String publishedBy, boolean onlyIfNone) {
        return Panache.withTransaction(() -> calendars.lockPublications()
                .chain(() -> calendars.latest(year))
                .chain(latest -> {
                    CalendarVersion next = CalendarVersion.of(year, latest == null ? 1 : latest.version + 1,
                            request.source().strip(), request.holidays(), request.swappedWorkingDays(), publishedBy,
                            Instant.now());
                    if (latest != null && (onlyIfNone || latest.sameDays(next))) {
                        return Uni.createFrom().item(new Publication(latest, false));
                    }
                    next.changes = changes(latest, next);
                    return calendars.persist(next)
                            .chain(() -> outbox.appendReference(Topics.CALENDARS, EventTypes.CALENDAR_PUBLISHED,
                                    Integer.toString(year), "calendar/" + year, next.published()))
                            .replaceWith(new Publication(next, true));
                }))
                // In force here at once; the feed brings it to every other instance and service.
                .invoke(p -> calendar.publish(p.version().inForce()));
    }

    /**
     * Re-plans open cases on the calendar of {@code year} in force: each case's rectification deadline is counted
     * again from its dispatch with the rule snapshotted on it. Cases whose deadline a person set by approving an
     * extension are kept. Each move is recorded on the case and announced as deadline.extended, so the ladder and the
     * leaders' views follow. A dry run shows the same and changes nothing.
     */
    public Uni<ReplanView> replan(int year, ReplanRequest request, String actor) {
        // A year's calendar can move deadlines that end in it, and those ending a little before it only when a day
        // that was off becomes worked; a month covers that.
        Instant from = LocalDate.of(year, 1, 1).minusMonths(1).atStartOfDay(calendar.zone()).toInstant();
        return Panache.withTransaction(() -> calendars.lockPublications()
                .chain(() -> calendars.latest(year))
                .onItem().ifNull().failWith(() -> ProblemException.notFound("A calendar of " + year))
                .chain(version -> {
                    calendar.publish(version.inForce());
                    return cases.openDueFrom(from).chain(open -> move(year, version.version, open, request, actor));
                }))
                .invoke(view -> Log.infof("Re-plan on calendar %d v%d by %s%s: %d of %d open cases moved, %d kept",
                        year, view.calendarVersion(), actor, view.dryRun() ? " (dry run)" : "", view.moved().size(),
                        view.considered(), view.kept().size()));
    }

    private Uni<ReplanView> move(int year, int version, List<RectificationCase> open, ReplanRequest request,
            String actor) {
        // PostgreSQL keeps microseconds: an event must carry the instant its row stores (a re-read compares equal).
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        String why = "re-planned on calendar " + year + " version " + version + ": " + request.reason().strip();
        List<ReplanView.Move> moved = new ArrayList<>();
        List<ReplanView.Move> kept = new ArrayList<>();
        Uni<Void> effects = Uni.createFrom().voidItem();
        for (RectificationCase c : open) {
            Instant recounted = policy.recount(c.rectifyRule, c.dispatchedAt);
            if (recounted.equals(c.rectifyBy)) {
                continue;
            }
            ReplanView.Move move = new ReplanView.Move(c.findingId, c.generation, c.leadUnit, c.rectifyRule,
                    c.rectifyBy, recounted);
            if (c.extensionCount > 0) {
                kept.add(move);
                continue;
            }
            moved.add(move);
            if (!request.dryRun()) {
                effects = effects.chain(() -> {
                    Instant previous = c.rectifyBy;
                    c.rectifyBy = recounted;
                    c.updatedAt = now;
                    return history.persist(CaseHistory.of(c, "DEADLINE_REPLANNED", actor, now,
                                    previous + " -> " + recounted + ": " + why))
                            .chain(() -> outbox.inDistrict(c.district).append(Topics.CASES,
                                    EventTypes.DEADLINE_EXTENDED, c.findingId,
                                    new DeadlineExtended(c.findingId, c.generation, c.leadUnit, previous, recounted,
                                            actor, why, now)))
                            .replaceWithVoid();
                });
            }
        }
        return effects.replaceWith(new ReplanView(year, version, request.dryRun(), open.size(), moved, kept));
    }

    public Uni<CalendarView.Overview> overview() {
        LocalDate today = LocalDate.now(calendar.zone());
        return Panache.withSession(calendars::inForce).map(list -> new CalendarView.Overview(
                calendar.coveredUntil(today), calendar.coverageDays(today),
                list.stream().map(CalendarView::of).toList()));
    }

    public Uni<CalendarVersion> inForce(int year) {
        return Panache.withSession(() -> calendars.latest(year)).onItem().ifNull()
                .failWith(() -> ProblemException.notFound("A calendar of " + year));
    }

    public Uni<List<CalendarVersion>> history(int year) {
        return Panache.withSession(() -> calendars.history(year)).invoke(list -> {
            if (list.isEmpty()) {
                throw ProblemException.notFound("A calendar of " + year);
            }
        });
    }

    private static String field(String problem) {
        if (problem.startsWith("year")) {
            return "year";
        }
        return problem.startsWith("holidays") ? "holidays" : "swappedWorkingDays";
    }

    /** The difference from the version before, as the audit trail shows it. */
    static String changes(CalendarVersion before, CalendarVersion after) {
        if (before == null) {
            return "first publication: " + after.holidays.length + " holidays, " + after.swappedWorkingDays.length
                    + " swapped working days";
        }
        List<String> parts = new ArrayList<>();
        diff("holiday", before.holidayList(), after.holidayList(), parts);
        diff("swapped working day", before.swappedWorkingDayList(), after.swappedWorkingDayList(), parts);
        return String.join("; ", parts);
    }

    private static void diff(String what, List<LocalDate> before, List<LocalDate> after, List<String> parts) {
        Set<LocalDate> added = new TreeSet<>(after);
        added.removeAll(Set.copyOf(before));
        Set<LocalDate> removed = new TreeSet<>(before);
        removed.removeAll(Set.copyOf(after));
        if (!added.isEmpty()) {
            parts.add("added " + what + "s " + added);
        }
        if (!removed.isEmpty()) {
            parts.add("removed " + what + "s " + removed);
        }
    }
}
