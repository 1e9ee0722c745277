package org.civcity.escalation.rest;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import org.civcity.escalation.api.AccountabilityRecordView;
import org.civcity.escalation.api.DispositionRequest;
import org.civcity.escalation.api.VerificationRequest;
import org.civcity.escalation.service.LedgerService;
import org.civcity.shared.calendar.WorkingCalendar;
import org.civcity.shared.problem.QueryParams;
import org.civcity.shared.security.Caller;
import org.civcity.shared.security.Roles;
import org.civcity.shared.text.Texts;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Read access to the accountability ledger. */
@Tag(name = "Accountability ledger", description = "The append-only, hash-chained accountability ledger and its "
        + "verification.")
@Path("/api/v1/accountability-records")
@Produces(MediaType.APPLICATION_JSON)
public class AccountabilityRecordResource {

    private final SecurityIdentity identity;
    private final LedgerService ledger;

    private final WorkingCalendar calendar;

    public AccountabilityRecordResource(SecurityIdentity identity, LedgerService ledger, WorkingCalendar calendar) {
        this.identity = identity;
        this.ledger = ledger;
        this.calendar = calendar;
    }


    /**
     * Recomputes the caller's district's hash chain from the first record and names the first one that does not fit.
     */
    @GET
    @Path("verification")
    @RolesAllowed({Roles.SUPERVISOR, Roles.LEADER, Roles.OPS})
    public Uni<LedgerService.Verification> verify() {
        return ledger.verify(Caller.of(identity).district());
    }

    /**
     * The same, and the chain must agree with the given anchors (hashes published when the records were written):
     * names the first record whose hash differs, or says that records were removed after an anchor.
     */
    @POST
    @Path("verification")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.SUPERVISOR, Roles.LEADER, Roles.OPS})
    public Uni<LedgerService.Verification> verifyAgainst(@Valid @NotNull VerificationRequest body) {
        return ledger.verify(Caller.of(identity).district(), body.anchors().stream()
                .map(a -> new LedgerService.Anchor(a.sequence(), a.hash())).toList());
    }

    /** One record; unit staff see their own unit's only. */
    @GET
    @Path("{id}")
    @RolesAllowed({Roles.SUPERVISOR, Roles.LEADER, Roles.HANDLER})
    public Uni<AccountabilityRecordView> get(@PathParam("id") String id) {
        return ledger.get(QueryParams.uuid("id", id), Caller.of(identity))
                .map(AccountabilityRecordView.with(calendar.workingDay()));
    }

    /**
     * Records what followed the escalation this record documents (talk, circulated criticism, admonishment, written
     * self-review, or exemption with its reason): a new ledger record, 201. The office and leaders decide.
     */
    @POST
    @Path("{id}/dispositions")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.SUPERVISOR, Roles.LEADER})
    @APIResponse(responseCode = "201", description = "Recorded; Location names the new record", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = AccountabilityRecordView.class)))
    @APIResponse(responseCode = "409", description = "The record is no proposal awaiting a disposition, or it has one")
    public Uni<Response> dispose(@PathParam("id") String id, @Valid @NotNull DispositionRequest body) {
        return ledger.dispose(QueryParams.uuid("id", id), body, Caller.of(identity))
                .map(AccountabilityRecordView.with(calendar.workingDay()))
                .map(view -> Response.created(URI.create("/api/v1/accountability-records/" + view.id()))
                        .entity(view).build());
    }

    /** The office and leaders read their district's whole ledger; unit staff read their own unit's records. */
    @GET
    @RolesAllowed({Roles.SUPERVISOR, Roles.LEADER, Roles.HANDLER})
    public Uni<List<AccountabilityRecordView>> search(@QueryParam("findingId") String findingId,
            @QueryParam("unit") String unit, @QueryParam("level") @Min(0) @Max(20) Integer level,
            @QueryParam("reason") String reason, @QueryParam("from") String from, @QueryParam("to") String to,
            @QueryParam("limit") @DefaultValue("100") @Min(1) @Max(1000) int limit) {
        Caller caller = Caller.of(identity);
        if (!caller.seesAllUnits() && caller.unit() == null) {
            return Uni.createFrom().item(List.of());
        }
        String scopedUnit = caller.seesAllUnits() ? Texts.strippedOrNull(unit) : caller.unit();
        return ledger.search(caller.district(), QueryParams.uuid("findingId", findingId), scopedUnit, level,
                        Texts.strippedOrNull(reason), QueryParams.instant("from", from), QueryParams.instant("to", to),
                        limit)
                .map(list -> list.stream().map(AccountabilityRecordView.with(calendar.workingDay())).toList());
    }
}
