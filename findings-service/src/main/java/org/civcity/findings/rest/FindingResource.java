package org.civcity.findings.rest;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.UUID;
import org.civcity.findings.service.FindingService;
import org.civcity.shared.problem.Problem;
import org.civcity.shared.security.Caller;
import org.civcity.shared.security.Roles;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** Intake of findings from other government systems. */
@Path("/api/v1/findings")
@Produces(MediaType.APPLICATION_JSON)
public class FindingResource {

    private final FindingService service;
    private final SecurityIdentity identity;

    public FindingResource(FindingService service, SecurityIdentity identity) {
        this.service = service;
        this.identity = identity;
    }

    @POST
    @RolesAllowed({Roles.REPORTER, Roles.SUPERVISOR})
    @Consumes(MediaType.APPLICATION_JSON)
    @APIResponse(responseCode = "201", description = "Stored; Location names the finding")
    @APIResponse(responseCode = "400", description = "Invalid input; every invalid field is listed",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "The source system already posted this source reference",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "A reporter posted for another source system than its own client",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<Response> report(@Valid @NotNull FindingRequest body, @Context UriInfo uri) {
        return service.report(body, Caller.of(identity)).map(finding -> Response
                .created(uri.getAbsolutePathBuilder().path(finding.id.toString()).build())
                .entity(FindingView.of(finding))
                .build());
    }

    @GET
    @Path("{id}")
    @RolesAllowed({Roles.REPORTER, Roles.SUPERVISOR, Roles.LEADER})
    @APIResponse(responseCode = "404", description = "No such finding",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<FindingView> get(@PathParam("id") UUID id) {
        return service.get(id, Caller.of(identity)).map(FindingView::of);
    }
}
