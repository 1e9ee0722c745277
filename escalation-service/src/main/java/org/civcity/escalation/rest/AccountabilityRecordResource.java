package org.civcity.escalation.rest;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
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

/** Read access to the accountability ledger. */
@Path("/api/v1/accountability-records")
@Produces(MediaType.APPLICATION_JSON)
public class AccountabilityRecordResource {

    private final AccountabilityRepository records;

    public AccountabilityRecordResource(AccountabilityRepository records) {
        this.records = records;
    }

    @GET
    @WithSession
    public Uni<List<AccountabilityRecordView>> search(@QueryParam("findingId") String findingId,
            @QueryParam("limit") @DefaultValue("100") @Min(1) @Max(1000) int limit) {
        return records.search(QueryParams.uuid("findingId", findingId), limit).map(list -> list.stream().map(AccountabilityRecordView::of).toList());
    }
}
