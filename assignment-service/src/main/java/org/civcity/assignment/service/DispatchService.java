package org.civcity.assignment.service;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.civcity.assignment.domain.CaseHistory;
import org.civcity.assignment.domain.CaseState;
import org.civcity.assignment.domain.RectificationCase;
import org.civcity.assignment.repository.CaseHistoryRepository;
import org.civcity.assignment.repository.CaseRepository;
import org.civcity.assignment.routing.Routing;
import org.civcity.assignment.routing.RoutingTable;
import org.civcity.contracts.EventTypes;
import org.civcity.contracts.FindingReported;
import org.civcity.contracts.Topics;
import org.civcity.shared.outbox.Outbox;

/**
 * Opens a case for each reported finding: routes it to its lead department and territorial township and sets both
 * deadlines at dispatch; what cannot be routed waits in the civilization office's triage queue, never dropped.
 */
@ApplicationScoped
public class DispatchService {

    private final CaseRepository repository;
    private final CaseHistoryRepository history;
    private final Outbox outbox;
    private final Routing routing;
    private final DeadlinePolicy policy;
    private final MeterRegistry registry;

    public DispatchService(CaseRepository repository, CaseHistoryRepository history, Outbox outbox,
            Routing routing, DeadlinePolicy policy, MeterRegistry registry) {
        this.repository = repository;
        this.history = history;
        this.outbox = outbox;
        this.routing = routing;
        this.policy = policy;
        this.registry = registry;
    }

    /**
     * Runs inside the caller's transaction (the inbox's), so the case and its event commit together; the case is
     * {@code district}'s, as its finding is.
     */
    public Uni<Void> dispatch(FindingReported finding, String district) {
        if (finding.duplicateOf() != null) {
            // The open finding it duplicates already has a case; the office can split it later.
            Log.infof("Finding %s duplicates open finding %s; no second case", finding.findingId(),
                    finding.duplicateOf());
            return Uni.createFrom().voidItem();
        }
        return repository.findById(finding.findingId()).chain(existing -> {
            if (existing != null) {
                Log.infof("Finding %s already has a case; nothing to dispatch", finding.findingId());
                return Uni.createFrom().voidItem();
            }
            // PostgreSQL keeps microseconds: an event must carry the instant its row stores (a re-read compares equal).
            Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
            RectificationCase c = newCase(finding, district, now);
            // One read: the route and the names its event carries come from one version of the district's data.
            RoutingTable table = routing.current(district);
            Optional<RoutingTable.Route> route = table.route(finding.category().name(),
                    finding.subcategory(), finding.siteType().name(), finding.siteCode(), finding.latitude(),
                    finding.longitude(), finding.townshipName());
            if (route.isEmpty()) {
                c.state = CaseState.TRIAGE;
                registry.counter("civcity.cases.triaged").increment();
                Log.warnf("Finding %s (%s/%s at %s) has no route: it waits in triage", c.findingId, c.category,
                        c.subcategory, c.siteType);
                return repository.persist(c)
                        .call(() -> history.persist(CaseHistory.of(c, "TRIAGED", "routing", now,
                                "No routing rule matches")))
                        .replaceWithVoid();
            }
            if (route.get().township() == null) {
                registry.counter("civcity.cases.without_township").increment();
                Log.warnf("Finding %s has no township (no coordinates in a polygon, no registered site, no township"
                        + " named that the routing data knows: %s)", c.findingId, finding.townshipName());
            }
            c.township = route.get().township();
            c.grid = route.get().grid();
            c.supportingUnits = String.join(",", route.get().supporting());
            return assign(c, route.get().lead(), now, "routing " + route.get().version())
                    .chain(() -> repository.persist(c))
                    .call(() -> history.persist(CaseHistory.of(c, "DISPATCHED", "routing", now, "To "
                            + c.leadUnit + (c.township == null ? "" : " in " + c.township)
                            + (c.grid == null ? "" : ", grid " + c.grid) + "; acknowledge by " + c.acknowledgeBy + " ("
                            + c.acknowledgeRule + "), rectify by " + c.rectifyBy + " ("
                            + c.rectifyRule + ")")))
                    .call(() -> outbox.inDistrict(c.district).append(Topics.CASES, EventTypes.FINDING_ASSIGNED,
                            c.findingId, c.toEvent(table::name)))
                    .invoke(() -> Log.infof("Finding %s dispatched to %s, rectify by %s", c.findingId, c.leadUnit,
                            c.rectifyBy))
                    .replaceWithVoid();
        });
    }

    /** Gives the case its lead unit and fresh deadlines from {@code now}: the policy in force is snapshotted. */
    Uni<Void> assign(RectificationCase c, String lead, Instant now, String routingVersion) {
        DeadlinePolicy.Deadlines deadlines = policy.deadlines(c.category, c.severity, c.repeatCount > 0, now);
        c.leadUnit = lead;
        c.state = CaseState.ASSIGNED;
        c.dispatchedAt = now;
        c.acknowledgeBy = deadlines.acknowledgeBy();
        c.rectifyBy = deadlines.rectifyBy();
        c.acknowledgeRule = deadlines.acknowledgeRule();
        c.rectifyRule = deadlines.rectifyRule();
        c.policyVersion = deadlines.policyVersion();
        c.routingVersion = routingVersion;
        c.acknowledgedAt = null;
        c.acknowledgedBy = null;
        c.updatedAt = now;
        return Uni.createFrom().voidItem();
    }

    private static RectificationCase newCase(FindingReported finding, String district, Instant now) {
        RectificationCase c = new RectificationCase();
        c.findingId = finding.findingId();
        c.district = district;
        c.generation = 1;
        c.category = finding.category();
        c.subcategory = finding.subcategory();
        c.severity = finding.severity();
        c.siteType = finding.siteType();
        c.siteName = finding.siteName();
        c.siteCode = finding.siteCode();
        c.inspectionRound = finding.inspectionRound();
        c.latitude = finding.latitude();
        c.longitude = finding.longitude();
        c.repeatCount = finding.repeatCount();
        c.townshipName = finding.townshipName();
        c.deductionPoints = finding.deductionPoints();
        c.supportingUnits = "";
        c.dispatchedAt = now;
        c.updatedAt = now;
        c.policyVersion = "none";
        return c;
    }
}
