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
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import org.civcity.notification.api.CallbackRequest;
import org.civcity.notification.api.CallbackView;
import org.civcity.notification.service.CallbackRegistrationService;
import org.civcity.shared.security.Caller;
import org.civcity.shared.security.Roles;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Status callbacks: a posting system registers the URL that receives signed webhooks when its findings change state.
 * A system manages its own registration; admins any system's.
 */
@Tag(name = "Status callbacks", description = "Registrations of the URLs that receive signed webhooks when a posting "
        + "system's findings change state.")
@Path("/api/v1/callbacks")
@Produces(MediaType.APPLICATION_JSON)
public class CallbackResource {

    private final CallbackRegistrationService registrations;
    private final SecurityIdentity identity;

    public CallbackResource(CallbackRegistrationService registrations, SecurityIdentity identity) {
        this.registrations = registrations;
        this.identity = identity;
    }

    /** Registers (or replaces, with a new secret) the caller's callback. */
    @POST
    @RolesAllowed({Roles.REPORTER, Roles.ADMIN})
    @Consumes(MediaType.APPLICATION_JSON)
    @APIResponse(responseCode = "201", description = "Registered; the secret is shown in this answer only",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = CallbackView.class)))
    public Uni<Response> register(@Valid @NotNull CallbackRequest body) {
        return registrations.register(body.url(), body.sourceSystem(), Caller.of(identity))
                .map(view -> Response.status(201).entity(view)
                        .location(URI.create("/api/v1/callbacks/" + view.id())).build());
    }

    /** A system sees its own registration; admins and operations staff see all. */
    @GET
    @RolesAllowed({Roles.REPORTER, Roles.ADMIN, Roles.OPS})
    public Uni<List<CallbackView>> listCallbacks() {
        return registrations.visible(Caller.of(identity))
                .map(list -> list.stream().map(s -> CallbackView.of(s)).toList());
    }

    @DELETE
    @Path("{id}")
    @RolesAllowed({Roles.REPORTER, Roles.ADMIN})
    @APIResponse(responseCode = "204", description = "Removed")
    public Uni<Response> removeCallback(@PathParam("id") UUID id) {
        return registrations.remove(id, Caller.of(identity)).map(x -> Response.noContent().build());
    }
}
