package org.civcity.assignment.rest;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.UUID;
import org.civcity.assignment.service.DispatchService;

/** Read access to cases by finding id. */
@Path("/api/v1/cases")
@Produces(MediaType.APPLICATION_JSON)
public class CaseResource {

    private final DispatchService service;

    public CaseResource(DispatchService service) {
        this.service = service;
    }

    @GET
    @Path("{findingId}")
    public Uni<CaseView> get(@PathParam("findingId") UUID findingId) {
        return service.get(findingId).map(CaseView::of);
    }
}
