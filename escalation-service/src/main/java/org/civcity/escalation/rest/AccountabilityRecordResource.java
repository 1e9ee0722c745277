package org.civcity.escalation.rest;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
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
import java.util.List;
import org.civcity.escalation.repository.AccountabilityRepository;
import org.civcity.shared.problem.QueryParams;
import org.civcity.shared.security.Caller;
import org.civcity.shared.security.Roles;

/** Read access to the accountability ledger. */
@Path("/api/v1/accountability-records")
@Produces(MediaType.APPLICATION_JSON)
public class AccountabilityRecordResource {

    private final AccountabilityRepository records;
    private final SecurityIdentity identity;

    public AccountabilityRecordResource(AccountabilityRepository records, SecurityIdentity identity) {
        this.records = records;
        this.identity = identity;
    }

    /** The office and leaders read the whole ledger; unit staff read their own unit's records. */
    @GET
    @WithSession
    @RolesAllowed({Roles.SUPERVISOR, Roles.LEADER, Roles.HANDLER})
    public Uni<List<AccountabilityRecordView>> search(@QueryParam("findingId") String findingId,
            @QueryParam("limit") @DefaultValue("100") @Min(1) @Max(1000) int limit) {
        Caller caller = Caller.of(identity);
        if (!caller.seesAllUnits() && caller.unit() == null) {
            return Uni.createFrom().item(List.of());
        }
        return records.search(QueryParams.uuid("findingId", findingId), caller.seesAllUnits() ? null : caller.unit(),
                        limit).map(list -> list.stream().map(AccountabilityRecordView::of).toList());
    }
}
