package org.civcity.shared.deadletter;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.civcity.shared.problem.Problem;
import org.civcity.shared.security.Caller;
import org.civcity.shared.security.Roles;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Operators' view of their district's dead letters in this service, and their replay to the consumer. */
@Tag(name = "Dead letters", description = "This service's dead letters of the caller's district (the home district's "
        + "staff also see those naming a district not served), and their replay to the consumer that set them aside.")
@Path("/api/v1/dead-letters")
@Produces(MediaType.APPLICATION_JSON)
public class DeadLetterResource {

    private final DeadLetters deadLetters;
    private final SecurityIdentity identity;

    public DeadLetterResource(DeadLetters deadLetters, SecurityIdentity identity) {
        this.deadLetters = deadLetters;
        this.identity = identity;
    }

    /**
     * The caller's district's newest dead letters, newest first, with why each was set aside and whether it was
     * replayed.
     */
    @GET
    @RolesAllowed({Roles.OPS, Roles.ADMIN})
    public Uni<List<DeadLetter>> listDeadLetters(@QueryParam("limit") @DefaultValue("50") @Min(1) @Max(500) int limit) {
        return deadLetters.newest(limit, Caller.of(identity).district());
    }

    /**
     * Sends one dead letter back to the consumer that set it aside, once, through this service's replay topic of the
     * topic it came from ({@code replayedTo}); who and when are recorded.
     */
    @POST
    @Path("/{id}/replay")
    @RolesAllowed({Roles.OPS, Roles.ADMIN})
    @APIResponse(responseCode = "200", description = "Replayed; replayedBy, replayedAt and replayedTo say by whom, when"
            + " and to which topic")
    @APIResponse(responseCode = "409", description = "Replayed already, or the letter does not say where it came from,"
            + " or it came from a topic no consumer of this service reads",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<DeadLetter> replayDeadLetter(@PathParam("id") String id) {
        Caller caller = Caller.of(identity);
        return deadLetters.replay(id, caller.name(), caller.district());
    }
}
