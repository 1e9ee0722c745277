package org.civcity.findings.rest;

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
import org.civcity.findings.api.RecurringSites;
import org.civcity.findings.service.RecurrenceReport;
import org.civcity.shared.problem.QueryParams;
import org.civcity.shared.security.Caller;
import org.civcity.shared.security.Roles;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The sites where problems recur (屡改屡犯), ranked, for the civilization office and leaders. */
@Tag(name = "Recurring sites", description = "Sites where problems come back after they were fixed (屡改屡犯),"
        + " ranked over a sliding window, per site and per site and category.")
@Path("/api/v1/recurring-sites")
@Produces(MediaType.APPLICATION_JSON)
public class RecurrenceResource {

    private final RecurrenceReport report;
    private final SecurityIdentity identity;

    public RecurrenceResource(RecurrenceReport report, SecurityIdentity identity) {
        this.report = report;
        this.identity = identity;
    }

    @GET
    @RolesAllowed({Roles.SUPERVISOR, Roles.LEADER})
    @APIResponse(responseCode = "200", description = "The sites with the most recurrences in the window first; each"
            + " with its township, findings and recurrences in all and per category, and whether it is due for listed"
            + " supervision (挂牌督办: findings.recurrence.listing-threshold recurrences, 3 by default)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = RecurringSites.class)))
    public Uni<RecurringSites> rank(
            @Parameter(description = "The window up to now, an ISO-8601 duration up to P730D;"
                    + " findings.recurrence.window (P180D) unless said") @QueryParam("within") String within,
            @Parameter(description = "Only the sites in this township (its code, as routed)")
            @QueryParam("township") String township,
            @Parameter(description = "Only sites with at least this many recurrences")
            @QueryParam("minimum") @DefaultValue("1") @Min(0) @Max(1000) int minimum,
            @QueryParam("limit") @DefaultValue("20") @Min(1) @Max(200) int limit) {
        return report.rank(Caller.of(identity).district(), QueryParams.duration("within", within),
                township == null || township.isBlank() ? null : township.strip(), minimum, limit);
    }
}
