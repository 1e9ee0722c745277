package org.civcity.escalation.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.civcity.escalation.api.LadderRequest;
import org.civcity.escalation.api.LadderView;
import org.civcity.escalation.config.EscalationConfig;
import org.civcity.escalation.domain.LadderVersion;
import org.civcity.escalation.repository.LadderRepository;
import org.civcity.shared.calendar.WorkingCalendar;
import org.civcity.shared.messaging.Pollers;
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
    private static final TypeReference<List<Ladder.Level>> LEVELS = new TypeReference<>() {
    };

    private final LadderRepository versions;
    private final Ladder ladder;
    private final WorkingCalendar calendar;
    private final Pollers pollers;
    private final EscalationConfig config;
    private final ObjectMapper mapper;

    public LadderService(LadderRepository versions, Ladder ladder, WorkingCalendar calendar, Pollers pollers,
            EscalationConfig config, ObjectMapper mapper) {
        this.versions = versions;
        this.ladder = ladder;
        this.calendar = calendar;
        this.pollers = pollers;
        this.config = config;
        this.mapper = mapper;
    }

    /**
     * The configured ladder is published when its version is not yet; then every published version is read, the
     * latest in force, and the refresh follows publications made on other instances.
     */
    void start(@Observes StartupEvent event) throws Throwable {
        Ladder.Policy configured = ladder.configured();
        // A deployment's ladder may leave a level without a target (skipped); one published through the API may not.
        List<Problem.FieldError> problems = problems(configured, true);
        if (!problems.isEmpty()) {
            throw new IllegalStateException("The configured escalation ladder is invalid: " + problems);
        }
        VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> versions.lockPublications()
                .chain(() -> versions.byVersion(configured.version()))
                .invoke(known -> {
                    if (known != null && !read(known).levels().equals(configured.levels())) {
                        Log.warnf("The configured ladder differs from the published version %s of the same name;"
                                + " the published one stands: give a changed ladder a new escalation.policy-version",
                                configured.version());
                    }
                })
                .chain(known -> known != null ? Uni.createFrom().voidItem()
                        : versions.latest().chain(latest -> append(configured, "configuration (escalation.ladder)",
                                "deployment", latest)).replaceWithVoid())));
        VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(versions::history)
                .invoke(all -> all.forEach(this::install)).replaceWithVoid());
        Log.infof("Escalation ladder %s in force: %d levels", ladder.current().version(),
                ladder.current().levels().size());
        pollers.start("ladder-refresh", config.ladderRefresh(), this::refresh);
    }

    /** Installs the latest published version if it is newer than the one in force here. */
    Uni<Void> refresh() {
        return Panache.withSession(() -> versions.latest().invoke(latest -> {
            if (latest != null && latest.id > ladder.currentId()) {
                install(latest);
            }
        })).replaceWithVoid();
    }

    /** What publishing {@code request} would do; nothing changes. */
    public Uni<LadderView.Impact> dryRun(LadderRequest request) {
        Ladder.Policy next = validated(request);
        return Panache.withSession(() -> versions.byVersion(next.version())
                .invoke(known -> refuseReusedVersion(known, next))
                .chain(known -> versions.latest())
                .chain(latest -> impact(next, latest, true, false)));
    }

    /** Publishes {@code request} as the ladder for clocks started from now on; the same again publishes nothing. */
    public Uni<LadderView.Impact> publish(LadderRequest request, String publishedBy) {
        Ladder.Policy next = validated(request);
        return Panache.withTransaction(() -> versions.lockPublications()
                .chain(() -> versions.byVersion(next.version()))
                .invoke(known -> refuseReusedVersion(known, next))
                .chain(known -> versions.latest().chain(latest -> known != null
                        ? impact(next, latest, false, false)
                        : append(next, request.source().strip(), publishedBy, latest)
                                .chain(created -> impact(next, latest, false, true)))))
                .call(impact -> impact.published() ? refresh() : Uni.createFrom().voidItem());
    }

    public Uni<LadderView> inForce() {
        return Panache.withSession(versions::latest).map(v -> LadderView.of(v, read(v)));
    }

    public Uni<List<LadderView>> history() {
        return Panache.withSession(versions::history).map(list -> list.stream().map(v -> LadderView.of(v, read(v)))
                .toList());
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
        } catch (DateTimeParseException | IllegalArgumentException e) {
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

    private void refuseReusedVersion(LadderVersion known, Ladder.Policy next) {
        if (known != null && !read(known).levels().equals(next.levels())) {
            throw new ProblemException(422, "Invalid escalation ladder", "Version " + next.version()
                    + " is published already with other levels; give the new ladder a new version",
                    List.of(new Problem.FieldError("version", next.version() + " is taken")));
        }
    }

    private Uni<LadderVersion> append(Ladder.Policy policy, String source, String publishedBy, LadderVersion latest) {
        LadderVersion v = new LadderVersion();
        v.version = policy.version();
        v.source = source;
        v.data = json(policy.levels());
        v.publishedBy = publishedBy;
        v.publishedAt = Instant.now();
        v.changes = changes(latest == null ? null : read(latest), policy);
        return versions.persist(v).invoke(() -> Log.infof("Escalation ladder %s published by %s: %s", v.version,
                publishedBy, v.changes));
    }

    private Uni<LadderView.Impact> impact(Ladder.Policy next, LadderVersion latest, boolean dryRun,
            boolean published) {
        Ladder.Policy before = latest == null ? ladder.current() : read(latest);
        String changes = published || dryRun ? changes(before, next)
                : "version " + next.version() + " is published already with these levels: nothing changed";
        return versions.pendingByVersion().map(rows -> {
            Map<String, Long> open = new TreeMap<>();
            rows.forEach(r -> open.put(Objects.toString(r[0], "none"), ((Number) r[1]).longValue()));
            return new LadderView.Impact(next.version(), dryRun, published, changes, open);
        });
    }

    /** What {@code after} changes against {@code before}, level by level, as the audit trail shows it. */
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
                parts.add("added level " + n + " (" + is.delay() + ", " + is.target() + ")");
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
                if (was.accountabilityProposal() != is.accountabilityProposal()) {
                    level.add("accountability proposal " + was.accountabilityProposal() + " -> "
                            + is.accountabilityProposal());
                }
                if (!level.isEmpty()) {
                    parts.add("level " + n + ": " + String.join(", ", level));
                }
            }
        }
        if (parts.isEmpty()) {
            return Objects.equals(before.version(), after.version()) ? "no change" : "no change but the version";
        }
        return String.join("; ", parts);
    }

    private void install(LadderVersion v) {
        ladder.install(v.id, read(v));
    }

    private Ladder.Policy read(LadderVersion v) {
        try {
            return new Ladder.Policy(v.version, mapper.readValue(v.data, LEVELS));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Ladder version " + v.version + " is unreadable", e);
        }
    }

    private String json(List<Ladder.Level> levels) {
        try {
            return mapper.writeValueAsString(levels);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
