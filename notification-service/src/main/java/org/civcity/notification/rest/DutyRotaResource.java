package org.civcity.notification.rest;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import org.civcity.notification.api.DutyRotaRequest;
import org.civcity.notification.api.DutyRotaView;
import org.civcity.notification.api.OnDutyView;
import org.civcity.notification.service.DutyRotaService;
import org.civcity.shared.problem.ProblemException;
import org.civcity.shared.security.Caller;
import org.civcity.shared.security.Roles;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The civilization office's duty rota (值班表): weekly shifts and dated overrides; only admins change it. */
@Tag(name = "Duty rota", description = "Who holds the civilization office's duty role when.")
@Path("/api/v1/duty-rota")
@Produces(MediaType.APPLICATION_JSON)
public class DutyRotaResource {

    private final DutyRotaService rota;
    private final SecurityIdentity identity;

    public DutyRotaResource(DutyRotaService rota, SecurityIdentity identity) {
        this.rota = rota;
        this.identity = identity;
    }

    @GET
    @RolesAllowed({Roles.ADMIN, Roles.OPS, Roles.SUPERVISOR})
    @Operation(summary = "The duty rota in force")
    @APIResponse(responseCode = "200", description = "The rota in force", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = DutyRotaView.class)))
    @APIResponse(responseCode = "404", description = "No rota yet")
    public Uni<DutyRotaView> currentRota() {
        return rota.current(Caller.of(identity));
    }

    @PUT
    @RolesAllowed(Roles.ADMIN)
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Replace the duty rota, written on the version in force (0 for the first)")
    @APIResponse(responseCode = "200", description = "The new version", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = DutyRotaView.class)))
    @APIResponse(responseCode = "400", description = "Gaps or overlaps, overlapping overrides, or someone not holding "
            + "the duty role; each named in errors")
    @APIResponse(responseCode = "409", description = "The rota changed since that version")
    public Uni<DutyRotaView> replaceRota(@Valid @NotNull DutyRotaRequest body) {
        return rota.replace(body, Caller.of(identity));
    }

    @GET
    @Path("on-duty")
    @RolesAllowed({Roles.ADMIN, Roles.OPS, Roles.SUPERVISOR})
    @Operation(summary = "Who is on duty at an instant (default: now), from the weekly rota or an override")
    @APIResponse(responseCode = "200", description = "Who is on duty", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = OnDutyView.class)))
    @APIResponse(responseCode = "404", description = "No rota yet")
    public Uni<OnDutyView> onDuty(@QueryParam("at") String at) {
        Instant when;
        try {
            when = at == null ? Instant.now() : Instant.parse(at);
        } catch (DateTimeParseException e) {
            throw ProblemException.invalid("at", "must be an instant, as 2026-12-07T01:30:00Z");
        }
        return rota.onDuty(when, Caller.of(identity));
    }
}
