package org.civcity.assignment.rest;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.civcity.assignment.routing.Routing;
import org.civcity.assignment.routing.RoutingTable;
import org.civcity.assignment.service.CaseService;
import org.civcity.shared.problem.ProblemException;
import org.civcity.shared.security.Caller;
import org.civcity.shared.security.Roles;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The unit directory and each unit's open workload. */
@Tag(name = "Units", description = "The unit directory and each unit's open workload.")
@Path("/api/v1/units")
@Produces(MediaType.APPLICATION_JSON)
public class UnitResource {

    private final Routing routing;
    private final CaseService cases;
    private final SecurityIdentity identity;

    public UnitResource(Routing routing, CaseService cases, SecurityIdentity identity) {
        this.routing = routing;
        this.cases = cases;
        this.identity = identity;
    }

    /** The directory and the version of the routing data it comes from. */
    public record Directory(String version, List<RoutingTable.Unit> units) {
    }

    @GET
    @RolesAllowed({Roles.HANDLER, Roles.SUPERVISOR, Roles.LEADER, Roles.OPS, Roles.ADMIN})
    public Directory units() {
        RoutingTable table = routing.current(Caller.of(identity).district());
        return new Directory(table.version(), table.units());
    }

    @GET
    @Path("{code}/workload")
    @RolesAllowed({Roles.HANDLER, Roles.SUPERVISOR, Roles.LEADER})
    public Uni<CaseService.Workload> workload(@PathParam("code") String code) {
        Caller caller = Caller.of(identity);
        if (routing.current(caller.district()).unit(code).isEmpty() || !caller.mayAccessUnit(code)) {
            throw ProblemException.notFound("Unit " + code);
        }
        return cases.workload(caller, code);
    }
}
