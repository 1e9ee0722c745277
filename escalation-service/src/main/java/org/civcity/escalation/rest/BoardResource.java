package org.civcity.escalation.rest;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.civcity.escalation.service.BoardService;
import org.civcity.escalation.service.MapService;
import org.civcity.shared.security.Caller;
import org.civcity.shared.security.Roles;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Data of the supervision board page (served from /board/), for the office and the leaders. */
@Tag(name = "Supervision board", description = "Data of the supervision board for the office and the leaders.")
@Path("/api/v1/board")
@Produces(MediaType.APPLICATION_JSON)
public class BoardResource {

    /** Where the page signs in: the realm and its public PKCE client. */
    public record SignIn(String authority, String clientId) {
    }

    private final BoardService board;
    private final MapService map;
    private final SignIn signIn;
    private final SecurityIdentity identity;

    public BoardResource(BoardService board, MapService map, SecurityIdentity identity,
            @ConfigProperty(name = "quarkus.oidc.auth-server-url") String authority,
            @ConfigProperty(name = "civcity.board.client-id", defaultValue = "supervision-board") String clientId) {
        this.board = board;
        this.map = map;
        this.identity = identity;
        this.signIn = new SignIn(authority, clientId);
    }

    @GET
    @RolesAllowed({Roles.SUPERVISOR, Roles.LEADER})
    public Uni<BoardService.Board> board(@QueryParam("afterSequence") @DefaultValue("0") @Min(0) long afterSequence,
            @QueryParam("feedSize") @DefaultValue("30") @Min(1) @Max(200) int feedSize) {
        return board.board(Caller.of(identity).district(), afterSequence, feedSize);
    }

    /**
     * The hot-spot map: each township's area (from the routing data in force) with its open and overdue cases, the
     * places of open repeat problems and of listed sites, and the open cases in no township drawn.
     */
    @GET
    @Path("map")
    @RolesAllowed({Roles.SUPERVISOR, Roles.LEADER})
    public Uni<MapService.HotSpotMap> map() {
        return map.now(Caller.of(identity).district());
    }

    /** Public: the page needs it before it has a token. */
    @GET
    @Path("sign-in")
    @PermitAll
    public SignIn signIn() {
        return signIn;
    }
}
