package org.civcity.notification.rest;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import org.civcity.notification.api.RecipientRequest;
import org.civcity.notification.api.RecipientView;
import org.civcity.notification.service.RecipientService;
import org.civcity.shared.security.Caller;
import org.civcity.shared.security.Roles;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The recipient directory: who receives alerts for which role and unit. Only admins change it. */
@Tag(name = "Recipients", description = "The recipient directory: who receives alerts for which role and unit.")
@Path("/api/v1/recipients")
@Produces(MediaType.APPLICATION_JSON)
public class RecipientResource {

    private final RecipientService recipients;
    private final SecurityIdentity identity;

    public RecipientResource(RecipientService recipients, SecurityIdentity identity) {
        this.recipients = recipients;
        this.identity = identity;
    }

    @GET
    @RolesAllowed({Roles.ADMIN, Roles.OPS, Roles.SUPERVISOR})
    public Uni<List<RecipientView>> listRecipients() {
        return recipients.active(Caller.of(identity)).map(list -> list.stream().map(RecipientView::of).toList());
    }

    @POST
    @RolesAllowed(Roles.ADMIN)
    @Consumes(MediaType.APPLICATION_JSON)
    @APIResponse(responseCode = "201", description = "Added; Location names the entry", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RecipientView.class)))
    public Uni<Response> create(@Valid @NotNull RecipientRequest body) {
        return recipients.create(body, Caller.of(identity)).map(RecipientView::of)
                .map(view -> Response.status(201).entity(view)
                        .location(URI.create("/api/v1/recipients/" + view.id())).build());
    }

    @PUT
    @Path("{id}")
    @RolesAllowed(Roles.ADMIN)
    @Consumes(MediaType.APPLICATION_JSON)
    @APIResponse(responseCode = "200", description = "Changed; the entry's new version")
    @APIResponse(responseCode = "409", description = "The entry changed since the version this change is based on")
    public Uni<RecipientView> update(@PathParam("id") UUID id, @Valid @NotNull RecipientRequest body) {
        return recipients.update(id, body, Caller.of(identity)).map(RecipientView::of);
    }

    @DELETE
    @Path("{id}")
    @RolesAllowed(Roles.ADMIN)
    @APIResponse(responseCode = "204", description = "Retired: kept for the records that name it, no longer alerted")
    public Uni<Response> removeRecipient(@PathParam("id") UUID id) {
        return recipients.retire(id, Caller.of(identity)).map(r -> Response.noContent().build());
    }
}
