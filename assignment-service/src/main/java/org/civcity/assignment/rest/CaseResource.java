package org.civcity.assignment.rest;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
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
import org.civcity.assignment.api.CaseRequests;
import org.civcity.assignment.api.CaseView;
import org.civcity.assignment.domain.CaseState;
import org.civcity.assignment.repository.CaseRepository;
import org.civcity.assignment.service.CaseService;
import org.civcity.contracts.Category;
import org.civcity.shared.problem.KeysetCursor;
import org.civcity.shared.problem.QueryParams;
import org.civcity.shared.security.Caller;
import org.civcity.shared.security.Roles;
import org.civcity.shared.text.Texts;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;


/** Cases by finding id: read by their unit and the office, acted on by their unit, decided by the office. */
@Tag(name = "Cases", description = "Cases by finding id: read by their units and the office, acknowledged and "
        + "rectified by the lead unit, verified or sent back by the office.")
@Path("/api/v1/cases")
@Produces(MediaType.APPLICATION_JSON)
public class CaseResource {

    private final CaseService service;
    private final SecurityIdentity identity;

    public CaseResource(CaseService service, SecurityIdentity identity) {
        this.service = service;
        this.identity = identity;
    }

    /** A page of cases, newest dispatch first; unit staff see their own unit's only. */
    public record CasePage(List<CaseView> items, String nextCursor) {
    }

    @GET
    @RolesAllowed({Roles.HANDLER, Roles.SUPERVISOR, Roles.LEADER})
    public Uni<CasePage> list(@QueryParam("unit") String unit, @QueryParam("state") String state,
            @QueryParam("overdue") Boolean overdue, @QueryParam("township") String township,
            @QueryParam("category") String category, @QueryParam("from") String from, @QueryParam("to") String to,
            @QueryParam("cursor") String cursor, @QueryParam("limit") @DefaultValue("50") @Min(1) @Max(200) int limit) {
        Caller caller = Caller.of(identity);
        String scopedUnit = caller.seesAllUnits() ? Texts.strippedOrNull(unit) : caller.unit();
        if (!caller.seesAllUnits() && scopedUnit == null) {
            return Uni.createFrom().item(new CasePage(List.of(), null));
        }
        CaseRepository.Filter filter = new CaseRepository.Filter(scopedUnit,
                QueryParams.enumValue("state", state, CaseState.class), overdue, Texts.strippedOrNull(township),
                QueryParams.enumValue("category", category, Category.class), QueryParams.instant("from", from),
                QueryParams.instant("to", to));
        KeysetCursor after = KeysetCursor.parse(cursor);
        return service.search(caller, filter, after == null ? null : after.at(), after == null ? null : after.id(),
                        limit + 1)
                .map(cases -> {
                    boolean more = cases.size() > limit;
                    List<CaseView> page = (more ? cases.subList(0, limit) : cases).stream().map(CaseView::of)
                            .toList();
                    CaseView last = page.isEmpty() ? null : page.get(page.size() - 1);
                    return new CasePage(page,
                            more ? new KeysetCursor(last.dispatchedAt(), last.findingId()).encode() : null);
                });
    }

    @GET
    @Path("{findingId}")
    @RolesAllowed({Roles.HANDLER, Roles.SUPERVISOR, Roles.LEADER})
    @APIResponse(responseCode = "200", description = "The case with its deadlines, the rules they come from and its"
            + " history", content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = CaseView.class),
                    examples = @ExampleObject(name = "acknowledged", value = CaseExamples.ACKNOWLEDGED)))
    public Uni<CaseView> get(@PathParam("findingId") UUID findingId) {
        return service.get(findingId, Caller.of(identity))
                .map(c -> CaseView.of(c.rectificationCase(), c.history()));
    }

    @POST
    @Path("{findingId}/acknowledgement")
    @RolesAllowed(Roles.HANDLER)
    @APIResponse(responseCode = "200", description = "The case after the transition")
    @APIResponse(responseCode = "409", description = "Not allowed in the case's current state, which the answer names")
    public Uni<CaseView> acknowledge(@PathParam("findingId") UUID findingId) {
        return service.acknowledge(findingId, Caller.of(identity)).map(CaseView::of);
    }

    @POST
    @Path("{findingId}/rectification-report")
    @RolesAllowed(Roles.HANDLER)
    @Consumes(MediaType.APPLICATION_JSON)
    @APIResponse(responseCode = "200", description = "The case after the transition")
    @APIResponse(responseCode = "409", description = "Not allowed in the case's current state, which the answer names")
    public Uni<CaseView> report(@PathParam("findingId") UUID findingId,
            @Valid @NotNull CaseRequests.RectificationReport body) {
        return service.submitRectification(findingId, Caller.of(identity), body.report(),
                body.evidenceUrls() == null ? List.of() : body.evidenceUrls()).map(CaseView::of);
    }

    @POST
    @Path("{findingId}/verification")
    @RolesAllowed(Roles.SUPERVISOR)
    @Consumes(MediaType.APPLICATION_JSON)
    @APIResponse(responseCode = "200", description = "The case after the transition")
    @APIResponse(responseCode = "409", description = "Not allowed in the case's current state, which the answer names")
    public Uni<CaseView> verify(@PathParam("findingId") UUID findingId,
            @Valid @NotNull CaseRequests.Verification body) {
        return service.verify(findingId, Caller.of(identity), body.passed(), body.note()).map(CaseView::of);
    }

    @POST
    @Path("{findingId}/closure")
    @RolesAllowed(Roles.SUPERVISOR)
    @Consumes(MediaType.APPLICATION_JSON)
    @APIResponse(responseCode = "200", description = "The case after the transition")
    @APIResponse(responseCode = "409", description = "Not allowed in the case's current state, which the answer names")
    public Uni<CaseView> close(@PathParam("findingId") UUID findingId, @Valid @NotNull CaseRequests.Closure body) {
        return service.close(findingId, Caller.of(identity), body.outcome(), body.reason()).map(CaseView::of);
    }

    @POST
    @Path("{findingId}/transfer-request")
    @RolesAllowed(Roles.HANDLER)
    @Consumes(MediaType.APPLICATION_JSON)
    @APIResponse(responseCode = "200", description = "The case after the transition")
    @APIResponse(responseCode = "409", description = "Not allowed in the case's current state, which the answer names")
    public Uni<CaseView> requestTransfer(@PathParam("findingId") UUID findingId,
            @Valid @NotNull CaseRequests.TransferRequest body) {
        return service.requestTransfer(findingId, Caller.of(identity), body.reason()).map(CaseView::of);
    }

    @POST
    @Path("{findingId}/transfer-request/approval")
    @RolesAllowed(Roles.SUPERVISOR)
    @Consumes(MediaType.APPLICATION_JSON)
    @APIResponse(responseCode = "200", description = "The case after the transition")
    @APIResponse(responseCode = "409", description = "Not allowed in the case's current state, which the answer names")
    public Uni<CaseView> approveTransfer(@PathParam("findingId") UUID findingId,
            @Valid @NotNull CaseRequests.TransferApproval body) {
        return service.approveTransfer(findingId, Caller.of(identity), body.toUnit()).map(CaseView::of);
    }

    @POST
    @Path("{findingId}/transfer-request/rejection")
    @RolesAllowed(Roles.SUPERVISOR)
    @Consumes(MediaType.APPLICATION_JSON)
    @APIResponse(responseCode = "200", description = "The case after the transition")
    @APIResponse(responseCode = "409", description = "Not allowed in the case's current state, which the answer names")
    public Uni<CaseView> rejectTransfer(@PathParam("findingId") UUID findingId,
            @Valid @NotNull CaseRequests.Rejection body) {
        return service.rejectTransfer(findingId, Caller.of(identity), body.reason()).map(CaseView::of);
    }

    @POST
    @Path("{findingId}/extension-request")
    @RolesAllowed(Roles.HANDLER)
    @Consumes(MediaType.APPLICATION_JSON)
    @APIResponse(responseCode = "200", description = "The case after the transition")
    @APIResponse(responseCode = "409", description = "Not allowed in the case's current state, which the answer names")
    public Uni<CaseView> requestExtension(@PathParam("findingId") UUID findingId,
            @Valid @NotNull CaseRequests.ExtensionRequest body) {
        return service.requestExtension(findingId, Caller.of(identity), body.until().toInstant(), body.reason())
                .map(CaseView::of);
    }

    @POST
    @Path("{findingId}/extension-request/approval")
    @RolesAllowed(Roles.SUPERVISOR)
    @APIResponse(responseCode = "200", description = "The case after the transition")
    @APIResponse(responseCode = "409", description = "Not allowed in the case's current state, which the answer names")
    public Uni<CaseView> approveExtension(@PathParam("findingId") UUID findingId) {
        return service.decideExtension(findingId, Caller.of(identity), true, null).map(CaseView::of);
    }

    @POST
    @Path("{findingId}/extension-request/rejection")
    @RolesAllowed(Roles.SUPERVISOR)
    @Consumes(MediaType.APPLICATION_JSON)
    @APIResponse(responseCode = "200", description = "The case after the transition")
    @APIResponse(responseCode = "409", description = "Not allowed in the case's current state, which the answer names")
    public Uni<CaseView> rejectExtension(@PathParam("findingId") UUID findingId,
            @Valid @NotNull CaseRequests.Rejection body) {
        return service.decideExtension(findingId, Caller.of(identity), false, body.reason()).map(CaseView::of);
    }

    @POST
    @Path("{findingId}/dispatch")
    @RolesAllowed(Roles.SUPERVISOR)
    @Consumes(MediaType.APPLICATION_JSON)
    @APIResponse(responseCode = "200", description = "The case after the transition")
    @APIResponse(responseCode = "409", description = "Not allowed in the case's current state, which the answer names")
    public Uni<CaseView> dispatch(@PathParam("findingId") UUID findingId,
            @Valid @NotNull CaseRequests.Dispatch body) {
        return service.dispatchFromTriage(findingId, Caller.of(identity), body.leadUnit()).map(CaseView::of);
    }
}
