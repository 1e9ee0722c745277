package org.civcity.escalation.service;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.civcity.escalation.api.LadderRequest;
import org.civcity.escalation.api.LadderView;
import org.civcity.escalation.config.EscalationConfig;
import org.civcity.escalation.repository.TimerRepository;
import org.civcity.shared.calendar.WorkingCalendar;
import org.civcity.shared.messaging.Pollers;
import org.civcity.shared.persistence.Publications;
import org.civcity.shared.problem.Problem;
import org.civcity.shared.problem.ProblemException;

/**
 * The escalation ladder as the office's data: validated (levels numbered without a gap, each later than the one
 * before, each addressing a known role), versioned and audited publications, a dry run, and every instance starting
 * clocks on the latest version. Timers already started keep the version they were started on.
 */
@ApplicationScoped
public class LadderService {

    private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private final Ladder ladder;
    private final TimerRepository timers;
    private final WorkingCalendar calendar;
    private final Pollers pollers;
    private final EscalationConfig config;

    public LadderService(Ladder ladder, TimerRepository timers, WorkingCalendar calendar, Pollers pollers,
            EscalationConfig config) {
        this.ladder = ladder;
        this.timers = timers;
        this.calendar = calendar;
        this.pollers = pollers;
        this.config = config;
    }

    /** The configured ladder is published when its version is not yet; then the latest version is in force. */
    void start(@Observes StartupEvent event) throws Throwable {
        // A deployment's ladder may leave a level without a target (skipped); one published through the API may not.
        List<Problem.FieldError> problems = problems(ladder.publications().deployed(), true);
        if (!problems.isEmpty()) {
            throw new IllegalStateException("The configured escalation ladder is invalid: " + problems);
        }
        ladder.publications().start("configuration (escalation.ladder)", pollers, config.ladderRefresh());
    }

    /** What publishing {@code request} in {@code district} would do; nothing changes. */
    public Uni<LadderView.Impact> dryRun(String district, LadderRequest request) {
        Ladder.Policy next = validated(request);
        return ladder.publications().check(district, next).chain(outcome -> impact(district, next, outcome, true));
    }

    /**
     * Publishes {@code request} as {@code district}'s ladder for clocks started from now on; the same again publishes
     * nothing.
     */
    public Uni<LadderView.Impact> publish(String district, LadderRequest request, String publishedBy) {
        Ladder.Policy next = validated(request);
        return ladder.publications().publish(district, next, request.source().strip(), publishedBy)
                .chain(outcome -> impact(district, next, outcome, false));
    }

    public Uni<LadderView> inForce(String district) {
        return ladder.publications().latestEntry(district).map(e -> LadderView.of(e.published(), e.data()));
    }

    public Uni<List<LadderView>> history(String district) {
        return ladder.publications().history(district).map(list -> list.stream()
                .map(e -> LadderView.of(e.published(), e.data())).toList());
    }

    /** Every problem of {@code policy}, each naming its field; empty when it can be published. */
    List<Problem.FieldError> problems(Ladder.Policy policy, boolean mayLeaveLevelsWithoutTarget) {
        List<Problem.FieldError> errors = new ArrayList<>();
        if (!VERSION.matcher(policy.version()).matches()) {
            errors.add(new Problem.FieldError("version",
                    "must be 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit"));
        }
        if (policy.levels().isEmpty()) {
            errors.add(new Problem.FieldError("levels", "must have at least one level"));
        }
        Instant deadline = Instant.now();
        Instant previous = null;
        for (int i = 0; i < policy.levels().size(); i++) {
            Ladder.Level level = policy.levels().get(i);
            String field = "levels[" + i + "]";
            if (level == null) {
                errors.add(new Problem.FieldError(field, "must not be null"));
                continue;
            }
            if (level.level() != i + 1) {
                errors.add(new Problem.FieldError(field + ".level", "must be " + (i + 1) + ": levels are numbered"
                        + " from 1 without a gap, in order (found " + level.level() + ")"));
            }
            boolean noTarget = level.target() == null || level.target().isBlank();
            if (noTarget && !mayLeaveLevelsWithoutTarget) {
                errors.add(new Problem.FieldError(field + ".target", "level " + (i + 1) + " addresses nobody: it"
                        + " would be skipped, never reached"));
            } else if (!noTarget && !config.targets().contains(level.target())) {
                errors.add(new Problem.FieldError(field + ".target", level.target() + " is not one of "
                        + config.targets()));
            }
            Set<String> seen = new HashSet<>();
            for (int k = 0; k < level.parties().size(); k++) {
                Ladder.Party party = level.parties().get(k);
                String at = field + ".parties[" + k + "]";
                if (party == null || party.role() == null || party.of() == null) {
                    errors.add(new Problem.FieldError(at, "needs a role and of (LEAD, TERRITORIAL, GRID, DISTRICT)"));
                } else if (!config.targets().contains(party.role()) && !party.role().equals(level.target())) {
                    // An unknown role that is the level's target is reported once, as the target.
                    errors.add(new Problem.FieldError(at + ".role", party.role() + " is not one of "
                            + config.targets()));
                } else if (!seen.add(party.toString())) {
                    errors.add(new Problem.FieldError(at, party + " is listed twice"));
                }
            }
            Instant due = due(level.delay(), deadline);
            if (due == null) {
                errors.add(new Problem.FieldError(field + ".delay", "'" + level.delay() + "' is neither \"N working"
                        + " days\", \"N working hours\" nor an ISO-8601 duration"));
            } else if (due.isBefore(deadline)) {
                errors.add(new Problem.FieldError(field + ".delay", "must not be negative: a level fires after the"
                        + " deadline"));
            } else if (previous != null && !due.isAfter(previous)) {
                errors.add(new Problem.FieldError(field + ".delay", "level " + (i + 1) + " fires no later than level "
                        + i + ": it is never reached on its own"));
            }
            previous = due == null ? previous : due;
        }
        return errors;
    }

    private Instant due(String delay, Instant deadline) {
        if (delay == null || delay.isBlank()) {
            return null;
        }
        try {
            return calendar.plus(delay, deadline, 1.0);
        } catch (RuntimeException e) {
            // Unparseable, or beyond what the calendar covers or a duration can hold: a field error, not a 500.
            return null;
        }
    }

    private Ladder.Policy validated(LadderRequest request) {
        Ladder.Policy policy = new Ladder.Policy(request.version().strip(), request.levels());
        List<Problem.FieldError> errors = problems(policy, false);
        if (!errors.isEmpty()) {
            throw new ProblemException(422, "Invalid escalation ladder", "Ladder " + policy.version()
                    + " was not published: " + errors.size() + " problem(s)", errors);
        }
        return policy;
    }

    private Uni<LadderView.Impact> impact(String district, Ladder.Policy next,
            Publications.Outcome<Ladder.Policy> outcome, boolean dryRun) {
        String changes = outcome.published() || dryRun ? ladder.publications().changes(outcome.before(), next)
                : "version " + next.version() + " is published already with these levels: nothing changed";
        return Panache.withSession(() -> timers.pendingCasesByLadderVersion(district)).map(rows -> {
            Map<String, Long> open = new TreeMap<>();
            rows.forEach(r -> open.put(Objects.toString(r[0], "none"), ((Number) r[1]).longValue()));
            return new LadderView.Impact(next.version(), dryRun, outcome.published(), changes, open);
        });
    }

    /** What {@code after} changes against {@code before}, level by level, in words; empty when nothing. */
    static String changes(Ladder.Policy before, Ladder.Policy after) {
        if (before == null) {
            return "first publication: " + after.levels().size() + " levels";
        }
        List<String> parts = new ArrayList<>();
        int levels = Math.max(before.levels().size(), after.levels().size());
        for (int n = 1; n <= levels; n++) {
            Ladder.Level was = before.level(n);
            Ladder.Level is = after.level(n);
            if (was == null) {
                parts.add("added level " + n + " (" + is.delay() + ", " + is.parties() + ")");
            } else if (is == null) {
                parts.add("removed level " + n);
            } else {
                List<String> level = new ArrayList<>();
                if (!Objects.equals(was.delay(), is.delay())) {
                    level.add("delay " + was.delay() + " -> " + is.delay());
                }
                if (!Objects.equals(was.target(), is.target())) {
                    level.add("target " + was.target() + " -> " + is.target());
                }
                if (!Objects.equals(was.parties(), is.parties())) {
                    level.add("parties " + was.parties() + " -> " + is.parties());
                }
                if (was.accountabilityProposal() != is.accountabilityProposal()) {
                    level.add("accountability proposal " + was.accountabilityProposal() + " -> "
                            + is.accountabilityProposal());
                }
                if (!level.isEmpty()) {
                    parts.add("level " + n + ": " + String.join(", ", level));
                }
            }
        }
        return String.join("; ", parts);
    }
}
