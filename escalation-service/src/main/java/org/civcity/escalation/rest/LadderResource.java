package org.civcity.escalation.rest;

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
import org.civcity.escalation.api.LadderRequest;
import org.civcity.escalation.api.LadderView;
import org.civcity.escalation.service.LadderService;
import org.civcity.shared.security.Caller;
import org.civcity.shared.security.Roles;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The caller's district's escalation ladder: when each level fires and whom it addresses. Its admins publish it. */
@Tag(name = "Escalation ladder", description = "After a deadline, when each escalation level fires and whom it "
        + "addresses; admins publish versions.")
@Path("/api/v1/ladder")
@Produces(MediaType.APPLICATION_JSON)
public class LadderResource {

    private final LadderService ladder;
    private final SecurityIdentity identity;

    public LadderResource(LadderService ladder, SecurityIdentity identity) {
        this.ladder = ladder;
        this.identity = identity;
    }

    @GET
    @RolesAllowed({Roles.ADMIN, Roles.OPS, Roles.SUPERVISOR, Roles.LEADER})
    @Operation(summary = "The escalation ladder in force, with who published it, when and from which document")
    public Uni<LadderView> inForce() {
        return ladder.inForce(Caller.of(identity).district());
    }

    @GET
    @Path("versions")
    @RolesAllowed({Roles.ADMIN, Roles.OPS, Roles.SUPERVISOR})
    @Operation(summary = "Every published version of the ladder, oldest first: levels, who, when, what changed")
    public Uni<List<LadderView>> versions() {
        return ladder.history(Caller.of(identity).district());
    }

    @POST
    @Path("dry-run")
    @RolesAllowed(Roles.ADMIN)
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Check a ladder and show what publishing it would change; nothing changes",
            description = "422 names every problem (levels not numbered 1..n in order, a level that fires no later"
                    + " than the one before, a negative or unreadable delay, a level addressing nobody or an unknown"
                    + " role). Otherwise lists the changes level by level and how many open cases have pending levels"
                    + " on each version (they keep it).")
    @APIResponse(responseCode = "200", description = "What publishing would change")
    @APIResponse(responseCode = "422", description = "Every problem of the levels, named")
    public Uni<LadderView.Impact> dryRun(@Valid @NotNull LadderRequest body) {
        return ladder.dryRun(Caller.of(identity).district(), body);
    }

    @PUT
    @RolesAllowed(Roles.ADMIN)
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Publish a ladder for the clocks started from now on",
            description = "201 when published: cases dispatched afterwards, on every instance within"
                    + " escalation.ladder-refresh, escalate on it and their records carry its version; pending levels"
                    + " of open cases keep the version they were started on. 200 when the version holds these levels"
                    + " already; 422 as the dry run, or when the version name is taken by other levels.")
    @APIResponse(responseCode = "201", description = "Published; the impact", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = LadderView.Impact.class)))
    @APIResponse(responseCode = "200", description = "Published already with these levels; the impact",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = LadderView.Impact.class)))
    @APIResponse(responseCode = "422", description = "Every problem of the levels, or the version name taken by other"
            + " levels; nothing stored")
    public Uni<Response> publishLadder(@Valid @NotNull LadderRequest body) {
        Caller caller = Caller.of(identity);
        return ladder.publish(caller.district(), body, caller.name()).map(impact -> impact.published()
                ? Response.status(201).entity(impact).location(URI.create("/api/v1/ladder")).build()
                : Response.ok(impact).build());
    }
}
