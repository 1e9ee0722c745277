package org.civcity.assignment.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.civcity.assignment.api.RoutingRequest;
import org.civcity.assignment.api.RoutingView;
import org.civcity.assignment.config.AssignmentConfig;
import org.civcity.assignment.domain.RoutingVersion;
import org.civcity.assignment.repository.CaseRepository;
import org.civcity.assignment.repository.RoutingRepository;
import org.civcity.assignment.routing.Routing;
import org.civcity.assignment.routing.RoutingTable;
import org.civcity.assignment.routing.RoutingValidation;
import org.civcity.shared.messaging.Pollers;
import org.civcity.shared.problem.Problem;
import org.civcity.shared.problem.ProblemException;

/**
 * Routing data as the office's data: validated, versioned and audited publications, a dry run that shows which open
 * cases the new data would route differently, and every instance routing with the latest version.
 */
@ApplicationScoped
public class RoutingService {

    /** The most affected cases an answer lists; the count covers them all. */
    static final int AFFECTED_LISTED = 500;

    private final RoutingRepository versions;
    private final CaseRepository cases;
    private final Routing routing;
    private final Pollers pollers;
    private final AssignmentConfig config;
    private final ObjectMapper mapper;

    public RoutingService(RoutingRepository versions, CaseRepository cases, Routing routing, Pollers pollers,
            AssignmentConfig config, ObjectMapper mapper) {
        this.versions = versions;
        this.cases = cases;
        this.routing = routing;
        this.pollers = pollers;
        this.config = config;
        this.mapper = mapper;
    }

    /**
     * The bundled file is published when its version is not yet (a first start, or a deployment that ships a new
     * file); then the latest version is in force, and the refresh follows publications made on other instances.
     */
    void start(@Observes StartupEvent event) throws Throwable {
        RoutingTable bundled = routing.bundled();
        List<Problem.FieldError> problems = RoutingValidation.problems(bundled.data());
        if (!problems.isEmpty()) {
            throw new IllegalStateException("Bundled routing data " + config.routing().file() + " is invalid: "
                    + problems);
        }
        VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> versions.lockPublications()
                .chain(() -> versions.byVersion(bundled.version()))
                .chain(known -> known != null ? Uni.createFrom().voidItem()
                        : versions.latest().chain(latest -> append(bundled.data(), "bundled "
                                + config.routing().file(), "deployment", latest)).replaceWithVoid())));
        VertxContextSupport.subscribeAndAwait(this::refresh);
        Log.infof("Routing data version %s in force: %d units", routing.current().version(),
                routing.current().units().size());
        pollers.start("routing-refresh", config.routing().refresh(), this::refresh);
    }

    /** Installs the latest published version if it is newer than the one in force here. */
    Uni<Void> refresh() {
        return Panache.withSession(() -> versions.latestId().chain(id -> id <= routing.currentId()
                ? Uni.createFrom().voidItem()
                : versions.latest().invoke(this::install).replaceWithVoid()));
    }

    /** What publishing {@code request} would do; nothing changes. */
    public Uni<RoutingView.Impact> dryRun(RoutingRequest request) {
        RoutingTable next = validated(request);
        return Panache.withSession(() -> versions.byVersion(next.version())
                .invoke(known -> refuseReusedVersion(known, next))
                .chain(known -> versions.latest())
                .chain(latest -> impact(next, latest, true, false)));
    }

    /**
     * Publishes {@code request} as the version in force. The data in force again publishes nothing (200); a version
     * name already used for other data is refused. Open cases keep their route; the answer lists those the new data
     * routes differently.
     */
    public Uni<RoutingView.Impact> publish(RoutingRequest request, String publishedBy) {
        RoutingTable next = validated(request);
        return Panache.withTransaction(() -> versions.lockPublications()
                .chain(() -> versions.byVersion(next.version()))
                .invoke(known -> refuseReusedVersion(known, next))
                .chain(known -> versions.latest().chain(latest -> known != null
                        ? impact(next, latest, false, false)
                        : append(next.data(), request.source().strip(), publishedBy, latest)
                                .chain(created -> impact(next, latest, false, true)))))
                // In force here once committed; the refresh brings it to the other instances.
                .call(impact -> impact.published() ? refresh() : Uni.createFrom().voidItem());
    }

    public Uni<RoutingView> inForce() {
        return Panache.withSession(versions::latest).map(v -> new RoutingView(RoutingView.Version.of(v),
                read(v).data()));
    }

    public Uni<List<RoutingView.Version>> history() {
        return Panache.withSession(versions::history).map(list -> list.stream().map(RoutingView.Version::of)
                .toList());
    }

    private RoutingTable validated(RoutingRequest request) {
        List<Problem.FieldError> errors = RoutingValidation.problems(request.routing());
        if (!errors.isEmpty()) {
            throw new ProblemException(422, "Invalid routing data", "Routing data " + request.routing().version()
                    + " was not published: " + errors.size() + " problem(s)", errors);
        }
        return new RoutingTable(request.routing());
    }

    private void refuseReusedVersion(RoutingVersion known, RoutingTable next) {
        if (known != null && !json(read(known).data()).equals(json(next.data()))) {
            throw new ProblemException(422, "Invalid routing data", "Version " + next.version()
                    + " is published already with other data; give the new data a new version",
                    List.of(new Problem.FieldError("routing.version", next.version() + " is taken")));
        }
    }

    private Uni<RoutingVersion> append(RoutingTable.Data data, String source, String publishedBy,
            RoutingVersion latest) {
        RoutingVersion v = new RoutingVersion();
        v.version = data.version();
        v.source = source;
        v.data = json(data);
        v.publishedBy = publishedBy;
        v.publishedAt = Instant.now();
        v.changes = RoutingValidation.changes(latest == null ? null : read(latest).data(), data);
        return versions.persist(v).invoke(() -> Log.infof("Routing data %s published by %s: %s", v.version,
                publishedBy, v.changes));
    }

    private Uni<RoutingView.Impact> impact(RoutingTable next, RoutingVersion latest, boolean dryRun,
            boolean published) {
        RoutingTable before = latest == null ? routing.current() : read(latest);
        String changes = published || dryRun ? RoutingValidation.changes(before.data(), next.data())
                : "version " + next.version() + " is published already with these data: nothing changed";
        return cases.openPlacements().map(open -> {
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
            return new RoutingView.Impact(next.version(), dryRun, published, changes,
                    RoutingValidation.warnings(next.data()), open.size(), count, affected);
        });
    }

    private static Optional<RoutingTable.Route> route(RoutingTable table, CaseRepository.Placement p) {
        return table.route(p.category(), p.subcategory(), p.siteType(), p.siteCode(), p.latitude(), p.longitude());
    }

    private void install(RoutingVersion v) {
        routing.install(v.id, read(v));
    }

    private RoutingTable read(RoutingVersion v) {
        try {
            return new RoutingTable(mapper.readValue(v.data, RoutingTable.Data.class));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Routing version " + v.version + " is unreadable", e);
        }
    }

    private String json(RoutingTable.Data data) {
        try {
            return mapper.writeValueAsString(data);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
