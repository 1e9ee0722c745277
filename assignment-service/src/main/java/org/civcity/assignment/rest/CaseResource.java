package org.civcity.assignment.rest;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.UUID;
import org.civcity.assignment.service.CaseService;
import org.civcity.shared.security.Caller;
import org.civcity.shared.security.Roles;

/** Cases by finding id: read by their unit and the office, acted on by their unit. */
@Path("/api/v1/cases")
@Produces(MediaType.APPLICATION_JSON)
public class CaseResource {

    private final CaseService service;
    private final SecurityIdentity identity;

    public CaseResource(CaseService service, SecurityIdentity identity) {
        this.service = service;
        this.identity = identity;
    }

    @GET
    @Path("{findingId}")
    @RolesAllowed({Roles.HANDLER, Roles.SUPERVISOR, Roles.LEADER})
    public Uni<CaseView> get(@PathParam("findingId") UUID findingId) {
        return service.get(findingId, Caller.of(identity)).map(CaseView::of);
    }

    @POST
    @Path("{findingId}/acknowledgement")
    @RolesAllowed(Roles.HANDLER)
    public Uni<CaseView> acknowledge(@PathParam("findingId") UUID findingId) {
        return service.acknowledge(findingId, Caller.of(identity)).map(CaseView::of);
    }
}
