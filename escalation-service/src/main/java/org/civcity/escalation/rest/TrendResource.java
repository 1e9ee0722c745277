package org.civcity.escalation.rest;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.civcity.escalation.service.TrendService;
import org.civcity.shared.security.Caller;
import org.civcity.shared.security.Roles;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Weekly trends of the district and each township, for the office and the leaders. */
@Tag(name = "Assessment")
@Path("/api/v1/trends")
@Produces(MediaType.APPLICATION_JSON)
public class TrendResource {

    private final TrendService trends;
    private final SecurityIdentity identity;

    public TrendResource(TrendService trends, SecurityIdentity identity) {
        this.trends = trends;
        this.identity = identity;
    }

    /** Per week (Monday to Sunday, district time) up to the current one: the district first, then each township. */
    @GET
    @RolesAllowed({Roles.SUPERVISOR, Roles.LEADER})
    public Uni<TrendService.Trends> trends(@Parameter(description = "How many weeks, the current one included")
            @QueryParam("weeks") @DefaultValue("12") @Min(1) @Max(104) int weeks) {
        return trends.recent(Caller.of(identity).district(), weeks);
    }
}
