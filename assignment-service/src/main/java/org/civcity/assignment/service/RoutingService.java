package org.civcity.assignment.service;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.civcity.assignment.api.RoutingRequest;
import org.civcity.assignment.api.RoutingView;
import org.civcity.assignment.config.AssignmentConfig;
import org.civcity.assignment.repository.CaseRepository;
import org.civcity.assignment.routing.Routing;
import org.civcity.assignment.routing.RoutingTable;
import org.civcity.assignment.routing.RoutingValidation;
import org.civcity.shared.messaging.Pollers;
import org.civcity.shared.persistence.Publications;
import org.civcity.shared.problem.Problem;
import org.civcity.shared.problem.ProblemException;

/**
 * Routing data as the office's data, each district's its own: validated, versioned and audited publications, a dry
 * run that shows which of the district's open cases the new data would route differently, and every instance routing
 * each district's findings with its latest version.
 */
@ApplicationScoped
public class RoutingService {

    /** The most affected cases an answer lists; the count covers them all. */
    static final int AFFECTED_LISTED = 500;

    private final CaseRepository cases;
    private final Routing routing;
    private final Pollers pollers;
    private final AssignmentConfig config;

    public RoutingService(CaseRepository cases, Routing routing, Pollers pollers, AssignmentConfig config) {
        this.cases = cases;
        this.routing = routing;
        this.pollers = pollers;
        this.config = config;
    }

    /** The deployed file is published when its version is not yet; then the latest version is in force. */
    void start(@Observes StartupEvent event) throws Throwable {
        List<Problem.FieldError> problems = new ArrayList<>(RoutingValidation.problems(
                routing.publications().deployed().data()));
        problems.addAll(geographyProblems(routing.publications().deployed()));
        if (!problems.isEmpty()) {
            throw new IllegalStateException("Routing data " + config.routing().file() + " is invalid: " + problems);
        }
        routing.publications().start("deployed file " + config.routing().file(), pollers, config.routing().refresh());
    }

    /** What publishing {@code request} in {@code district} would do; nothing changes. */
    public Uni<RoutingView.Impact> dryRun(String district, RoutingRequest request) {
        RoutingTable next = validated(request);
        return routing.publications().check(district, next).chain(outcome -> impact(district, next, outcome, true));
    }

    /**
     * Publishes {@code request} as {@code district}'s version in force. The same version with the same data publishes
     * nothing (200); a version name the district already used for other data is refused. Open cases keep their route;
     * the answer lists the district's cases the new data routes differently.
     */
    public Uni<RoutingView.Impact> publish(String district, RoutingRequest request, String publishedBy) {
        RoutingTable next = validated(request);
        return routing.publications().publish(district, next, request.source().strip(), publishedBy)
                .chain(outcome -> impact(district, next, outcome, false));
    }

    public Uni<RoutingView> inForce(String district) {
        return routing.publications().latestEntry(district).map(e -> new RoutingView(
                RoutingView.Version.of(e.published()), e.data().data()));
    }

    public Uni<List<RoutingView.Version>> history(String district) {
        return routing.publications().history(district).map(list -> list.stream()
                .map(e -> RoutingView.Version.of(e.published())).toList());
    }

    private RoutingTable validated(RoutingRequest request) {
        List<Problem.FieldError> errors = RoutingValidation.problems(request.routing());
        RoutingTable table = errors.isEmpty() ? new RoutingTable(request.routing()) : null;
        if (table != null) {
            errors = geographyProblems(table);
        }
        if (!errors.isEmpty()) {
            throw new ProblemException(422, "Invalid routing data", "Routing data " + request.routing().version()
                    + " was not published: " + errors.size() + " problem(s)", errors);
        }
        return table;
    }

    /** Boundaries so detailed that their announcement could not travel (routing.published is one record). */
    private List<Problem.FieldError> geographyProblems(RoutingTable table) {
        int bytes = routing.geographyBytes(table);
        return bytes <= Routing.GEOGRAPHY_LIMIT ? List.of() : List.of(new Problem.FieldError("routing.townships",
                "the boundaries take " + bytes + " bytes as routing.published, more than " + Routing.GEOGRAPHY_LIMIT
                        + ": simplify them (fewer vertices)"));
    }

    private Uni<RoutingView.Impact> impact(String district, RoutingTable next,
            Publications.Outcome<RoutingTable> outcome, boolean dryRun) {
        RoutingTable before = outcome.before();
        String changes = outcome.published() || dryRun ? routing.publications().changes(before, next)
                : "version " + next.version() + " is published already with these data: nothing changed";
        return cases.openPlacements(district).map(open -> {
            List<RoutingView.Affected> affected = new ArrayList<>();
            int count = 0;
            for (CaseRepository.Placement p : open) {
                Optional<RoutingTable.Route> from = route(before, p);
                Optional<RoutingTable.Route> to = route(next, p);
                if (!Objects.equals(from.map(RoutingTable.Route::lead), to.map(RoutingTable.Route::lead))
                        || !Objects.equals(from.map(RoutingTable.Route::township),
                                to.map(RoutingTable.Route::township))) {
                    count++;
                    if (affected.size() < AFFECTED_LISTED) {
                        affected.add(new RoutingView.Affected(p.findingId(), p.state(), p.leadUnit(), p.township(),
                                from.map(RoutingTable.Route::lead).orElse(null),
                                from.map(RoutingTable.Route::township).orElse(null),
                                to.map(RoutingTable.Route::lead).orElse(null),
                                to.map(RoutingTable.Route::township).orElse(null)));
                    }
                }
            }
            return new RoutingView.Impact(next.version(), dryRun, outcome.published(), changes,
                    RoutingValidation.warnings(next.data()), open.size(), count, affected);
        });
    }

    private static Optional<RoutingTable.Route> route(RoutingTable table, CaseRepository.Placement p) {
        return table.route(p.category(), p.subcategory(), p.siteType(), p.siteCode(), p.latitude(), p.longitude(),
                p.townshipName());
    }
}
