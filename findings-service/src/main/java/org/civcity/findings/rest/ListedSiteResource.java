package org.civcity.findings.rest;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.civcity.findings.api.ListedSiteView;
import org.civcity.findings.service.ListingService;
import org.civcity.shared.security.Caller;
import org.civcity.shared.security.Roles;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The sites under listed supervision (挂牌督办), and those taken off it, for the civilization office and leaders. */
@Tag(name = "Recurring sites")
@Path("/api/v1/listed-sites")
@Produces(MediaType.APPLICATION_JSON)
public class ListedSiteResource {

    private final ListingService listings;
    private final SecurityIdentity identity;

    public ListedSiteResource(ListingService listings, SecurityIdentity identity) {
        this.listings = listings;
        this.identity = identity;
    }

    @GET
    @RolesAllowed({Roles.SUPERVISOR, Roles.LEADER})
    @APIResponse(responseCode = "200", description = "Listings, the latest first: a site is listed when its"
            + " findings.recurrence.listing-threshold-th recurrence within the window is dispatched, and delisted"
            + " once no finding has been open there for findings.listing.clean-period of working time",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(type = SchemaType.ARRAY, implementation = ListedSiteView.class)))
    public Uni<List<ListedSiteView>> list(
            @Parameter(description = "LISTED (running, the default), DELISTED or ALL")
            @QueryParam("state") @DefaultValue("LISTED") @Pattern(regexp = "LISTED|DELISTED|ALL") String state,
            @Parameter(description = "Only this township's sites (its code, as routed)")
            @QueryParam("township") String township,
            @QueryParam("limit") @DefaultValue("50") @Min(1) @Max(200) int limit) {
        return listings.search(Caller.of(identity).district(), switch (state) {
            case "LISTED" -> Boolean.TRUE;
            case "DELISTED" -> Boolean.FALSE;
            default -> null;
        }, township == null || township.isBlank() ? null : township.strip(), limit);
    }
}
