package org.civcity.notification.rest;

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
import java.util.UUID;
import org.civcity.notification.api.DeliveryView;
import org.civcity.notification.domain.DeliveryStatus;
import org.civcity.notification.service.DeliveryService;
import org.civcity.shared.problem.QueryParams;
import org.civcity.shared.security.Caller;
import org.civcity.shared.security.Roles;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Read access to the delivery queue for operators. */
@Tag(name = "Deliveries", description = "The alert delivery queue, for operators.")
@Path("/api/v1/deliveries")
@Produces(MediaType.APPLICATION_JSON)
public class DeliveryResource {

    private final DeliveryService deliveries;

    private final SecurityIdentity identity;

    public DeliveryResource(DeliveryService deliveries, SecurityIdentity identity) {
        this.deliveries = deliveries;
        this.identity = identity;
    }

    /** An operator sends a dead-lettered delivery again, from a fresh attempt count. */
    @POST
    @Path("{id}/resend")
    @RolesAllowed({Roles.OPS, Roles.ADMIN})
    @APIResponse(responseCode = "200", description = "Queued again")
    @APIResponse(responseCode = "409", description = "The delivery is not dead-lettered (only those are sent again)")
    public Uni<DeliveryView> resend(@PathParam("id") UUID id) {
        return deliveries.resend(id, Caller.of(identity)).map(DeliveryView::of);
    }

    @GET
    @RolesAllowed({Roles.OPS, Roles.ADMIN})
    public Uni<List<DeliveryView>> search(@QueryParam("findingId") String findingId,
            @QueryParam("status") String status,
            @QueryParam("limit") @DefaultValue("100") @Min(1) @Max(1000) int limit) {
        return deliveries.search(QueryParams.uuid("findingId", findingId),
                        QueryParams.enumValue("status", status, DeliveryStatus.class), limit, Caller.of(identity))
                .map(list -> list.stream().map(DeliveryView::of).toList());
    }
}
