package org.civcity.escalation.rest;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import org.civcity.escalation.api.InstructionRequest;
import org.civcity.escalation.api.SupervisionOrderView;
import org.civcity.escalation.service.InstructionService;
import org.civcity.shared.problem.Problem;
import org.civcity.shared.problem.ProblemException;
import org.civcity.shared.problem.QueryParams;
import org.civcity.shared.security.Caller;
import org.civcity.shared.security.Roles;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Leaders' instructions (批示) on cases and the supervision orders they open. */
@Tag(name = "Instructions", description = "Leaders' instructions (批示) on cases and the supervision orders they open.")
@Path("/api/v1/instructions")
@Produces(MediaType.APPLICATION_JSON)
public class InstructionResource {

    private final SecurityIdentity identity;
    private final InstructionService instructions;

    public InstructionResource(SecurityIdentity identity, InstructionService instructions) {
        this.identity = identity;
        this.instructions = instructions;
    }

    /**
     * A leader instructs on a case: the instruction goes into the accountability ledger and opens a supervision order
     * due in {@code due} working time (3 working days by default) that escalates like a case until the case closes;
     * 201 with the order. Only leaders instruct.
     */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.LEADER)
    @APIResponse(responseCode = "201", description = "Instructed; the supervision order", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = SupervisionOrderView.class)))
    @APIResponse(responseCode = "409", description = "The case cannot be instructed on now (closed, or not known yet)")
    @APIResponse(responseCode = "404", description = "No case of that finding is tracked")
    public Uni<Response> issue(@Valid @NotNull InstructionRequest body) {
        return instructions.issue(body, Caller.of(identity)).map(SupervisionOrderView::of)
                .map(view -> Response.created(URI.create("/api/v1/instructions?findingId=" + view.findingId()))
                        .entity(view).build());
    }

    /** The supervision orders on one case, oldest first. */
    @GET
    @RolesAllowed({Roles.SUPERVISOR, Roles.LEADER})
    public Uni<List<SupervisionOrderView>> ofFinding(@QueryParam("findingId") String findingId) {
        UUID id = QueryParams.uuid("findingId", findingId);
        if (id == null) {
            throw new ProblemException(400, "Invalid request", "Query parameter findingId is required",
                    List.of(new Problem.FieldError("findingId", "must be a UUID")));
        }
        return instructions.ofFinding(id, Caller.of(identity))
                .map(list -> list.stream().map(SupervisionOrderView::of).toList());
    }
}
