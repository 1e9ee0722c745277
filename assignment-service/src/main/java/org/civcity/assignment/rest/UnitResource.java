package org.civcity.assignment.rest;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.civcity.assignment.repository.CaseRepository;
import org.civcity.assignment.routing.RoutingTable;
import org.civcity.shared.problem.ProblemException;
import org.civcity.shared.security.Caller;
import org.civcity.shared.security.Roles;

/** The unit directory and each unit's open workload. */
@Path("/api/v1/units")
@Produces(MediaType.APPLICATION_JSON)
public class UnitResource {

    private final RoutingTable routing;
    private final CaseRepository cases;
    private final SecurityIdentity identity;

    public UnitResource(RoutingTable routing, CaseRepository cases, SecurityIdentity identity) {
        this.routing = routing;
        this.cases = cases;
        this.identity = identity;
    }

    /** The directory and the version of the routing data it comes from. */
    public record Directory(String version, List<RoutingTable.Unit> units) {
    }

    /** Open cases of a unit by state, and how many are past their rectification deadline. */
    public record Workload(String unit, long open, long overdue, Map<String, Long> byState) {
    }

    @GET
    @RolesAllowed({Roles.HANDLER, Roles.SUPERVISOR, Roles.LEADER, Roles.OPS, Roles.ADMIN})
    public Directory units() {
        return new Directory(routing.version(), routing.units());
    }

    @GET
    @Path("{code}/workload")
    @RolesAllowed({Roles.HANDLER, Roles.SUPERVISOR, Roles.LEADER})
    public Uni<Workload> workload(@PathParam("code") String code) {
        Caller caller = Caller.of(identity);
        if (routing.unit(code).isEmpty() || !caller.mayAccessUnit(code)) {
            throw ProblemException.notFound("Unit " + code);
        }
        return Panache.withSession(() -> cases.workload(code, Instant.now())).map(rows -> {
            Map<String, Long> byState = new TreeMap<>();
            long open = 0;
            long overdue = 0;
            for (Object[] row : rows) {
                long count = ((Number) row[1]).longValue();
                byState.put(row[0].toString(), count);
                open += count;
                overdue += row[2] == null ? 0 : ((Number) row[2]).longValue();
            }
            return new Workload(code, open, overdue, byState);
        });
    }
}
