package org.civcity.notification.rest;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
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
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.civcity.notification.domain.Recipient;
import org.civcity.shared.problem.ProblemException;
import org.civcity.shared.security.Caller;
import org.civcity.shared.security.Roles;

/** The recipient directory: who receives alerts for which role and unit. Only admins change it. */
@Path("/api/v1/recipients")
@Produces(MediaType.APPLICATION_JSON)
public class RecipientResource {

    private final SecurityIdentity identity;

    public RecipientResource(SecurityIdentity identity) {
        this.identity = identity;
    }

    /** A recipient as written; {@code version} must match the stored one on update. */
    public record RecipientRequest(
            @NotBlank @Size(max = 64) @Pattern(regexp = "[A-Z0-9_]+", message = "must be a role code") String role,
            @Size(max = 64) @Pattern(regexp = "[A-Z0-9_]*", message = "must be a unit code") String unit,
            @NotBlank @Size(max = 100) String name,
            @Size(max = 2000) @Pattern(regexp = "https?://\\S+", message = "must be an http(s) URL") String webhookUrl,
            @Email @Size(max = 254) String email,
            @Size(max = 32) @Pattern(regexp = "\\+?[0-9 -]{5,32}", message = "must be a phone number") String mobile,
            @Pattern(regexp = "([01][0-9]|2[0-3]):[0-5][0-9]-([01][0-9]|2[0-3]):[0-5][0-9]",
                    message = "must be HH:MM-HH:MM") String quietHours,
            Integer version) {
    }

    /** A recipient as read. */
    public record RecipientView(UUID id, String role, String unit, String name, String webhookUrl, String email,
            String mobile, String quietHours, boolean active, int version, Instant updatedAt, String updatedBy) {

        static RecipientView of(Recipient r) {
            return new RecipientView(r.id, r.role, r.unit, r.name, r.webhookUrl, r.email, r.mobile, r.quietHours,
                    r.active, r.version, r.updatedAt, r.updatedBy);
        }
    }

    @GET
    @RolesAllowed({Roles.ADMIN, Roles.OPS, Roles.SUPERVISOR})
    public Uni<List<RecipientView>> list() {
        return Panache.withSession(() -> Recipient.<Recipient>list("active order by role, unit, name"))
                .map(list -> list.stream().map(RecipientView::of).toList());
    }

    @POST
    @RolesAllowed(Roles.ADMIN)
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> create(@Valid @NotNull RecipientRequest body) {
        Recipient r = new Recipient();
        r.id = UUID.randomUUID();
        r.active = true;
        apply(r, body);
        return Panache.withTransaction(r::persist)
                .invoke(() -> Log.infof("Recipient %s (%s of %s) added by %s", r.name, r.role, r.unit, r.updatedBy))
                .map(x -> Response.status(201).entity(RecipientView.of(r))
                        .location(java.net.URI.create("/api/v1/recipients/" + r.id)).build());
    }

    @PUT
    @Path("{id}")
    @RolesAllowed(Roles.ADMIN)
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<RecipientView> update(@PathParam("id") UUID id, @Valid @NotNull RecipientRequest body) {
        return Panache.withTransaction(() -> active(id).invoke(r -> {
            if (body.version() == null || body.version() != r.version) {
                throw new ProblemException(409, "Conflict", "The recipient changed since version " + body.version()
                        + "; it is at version " + r.version, null, java.util.Map.of("version", r.version), null);
            }
            apply(r, body);
        }).call(() -> Panache.getSession().chain(s -> s.flush()))).map(RecipientView::of);
    }

    @DELETE
    @Path("{id}")
    @RolesAllowed(Roles.ADMIN)
    public Uni<Response> remove(@PathParam("id") UUID id) {
        return Panache.withTransaction(() -> active(id).invoke(r -> {
            r.active = false;
            r.updatedAt = Instant.now();
            r.updatedBy = Caller.of(identity).name();
        })).map(r -> Response.noContent().build());
    }

    private Uni<Recipient> active(UUID id) {
        return Recipient.<Recipient>findById(id).map(r -> r != null && r.active ? r : null)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("Recipient " + id));
    }

    private void apply(Recipient r, RecipientRequest body) {
        r.role = body.role();
        r.unit = body.unit() == null || body.unit().isBlank() ? null : body.unit();
        r.name = body.name().strip();
        r.webhookUrl = body.webhookUrl();
        r.email = body.email();
        r.mobile = body.mobile();
        r.quietHours = body.quietHours();
        r.updatedAt = Instant.now();
        r.updatedBy = Caller.of(identity).name();
    }
}
