package org.civcity.assignment.rest;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import org.civcity.assignment.api.RoutingRequest;
import org.civcity.assignment.api.RoutingView;
import org.civcity.assignment.service.RoutingService;
import org.civcity.shared.security.Caller;
import org.civcity.shared.security.Roles;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The caller's district's routing data (unit directory, township areas, registered sites, matrix), by its admins. */
@Tag(name = "Routing", description = "The caller's district's routing data: unit directory, township areas, registered "
        + "sites and the routing matrix, published as versions by the district's admins.")
@Path("/api/v1/routing")
@Produces(MediaType.APPLICATION_JSON)
public class RoutingResource {

    private final RoutingService routing;
    private final SecurityIdentity identity;

    public RoutingResource(RoutingService routing, SecurityIdentity identity) {
        this.routing = routing;
        this.identity = identity;
    }

    @GET
    @RolesAllowed({Roles.ADMIN, Roles.OPS, Roles.SUPERVISOR})
    @Operation(summary = "The routing data in force, with who published it, when and from which document")
    public Uni<RoutingView> inForce() {
        return routing.inForce(Caller.of(identity).district());
    }

    @GET
    @Path("versions")
    @RolesAllowed({Roles.ADMIN, Roles.OPS, Roles.SUPERVISOR})
    @Operation(summary = "Every published version of the routing data, oldest first: who, when, what changed")
    public Uni<List<RoutingView.Version>> routingVersions() {
        return routing.history(Caller.of(identity).district());
    }

    @POST
    @Path("dry-run")
    @RolesAllowed(Roles.ADMIN)
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Check routing data and show what publishing it would change; nothing changes",
            description = "422 names every problem (an unknown unit, a township area that is no simple closed polygon"
                    + " or overlaps another, a category without a rule, a site in no township). Otherwise lists what"
                    + " the data changes against the version in force, warnings (categories routed only for some"
                    + " sites), and the open cases it would route to another lead unit or township (at most 500;"
                    + " affectedCount counts all).")
    @APIResponse(responseCode = "200", description = "What publishing would change")
    @APIResponse(responseCode = "422", description = "Every problem of the data, named")
    public Uni<RoutingView.Impact> dryRun(@Valid @NotNull RoutingRequest body) {
        return routing.dryRun(Caller.of(identity).district(), body);
    }

    @PUT
    @RolesAllowed(Roles.ADMIN)
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Publish routing data as the version in force",
            description = "201 with the impact when published: findings routed afterwards, on every instance within"
                    + " assignment.routing.refresh, use it and their cases carry its version. Open cases keep their"
                    + " route; the answer lists those the new data routes differently, for the office to transfer."
                    + " 200 when the version is published already with the same data; 422 as the dry run, or when the"
                    + " version name is taken by other data. Nothing is stored on a 422.")
    @APIResponse(responseCode = "201", description = "Published; the impact", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RoutingView.Impact.class)))
    @APIResponse(responseCode = "200", description = "Published already with the same data; the impact",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = RoutingView.Impact.class)))
    @APIResponse(responseCode = "422", description = "Every problem of the data, or the version name taken by other"
            + " data; nothing stored")
    public Uni<Response> publishRouting(@Valid @NotNull RoutingRequest body) {
        Caller caller = Caller.of(identity);
        return routing.publish(caller.district(), body, caller.name()).map(impact -> impact.published()
                ? Response.status(201).entity(impact).location(URI.create("/api/v1/routing")).build()
                : Response.ok(impact).build());
    }
}
