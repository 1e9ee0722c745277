package org.civcity.notification.rest;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.UUID;
import org.civcity.notification.api.PageView;
import org.civcity.notification.service.AcknowledgementTokens;
import org.civcity.notification.service.PageService;
import org.civcity.shared.problem.ProblemException;
import org.civcity.shared.problem.QueryParams;
import org.civcity.shared.security.Caller;
import org.civcity.shared.security.Roles;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Alerts that must be acknowledged: their state and steps, acknowledgement by the signed-in person or their delegate,
 * and the signed link each message carries (a page with a button; following the link alone changes nothing, since chat
 * apps open links to preview them).
 */
@Tag(name = "Acknowledgements", description = "Alerts from level 2 on must be acknowledged; unanswered, they are "
        + "re-sent and handed to the next person.")
@Path("/")
public class PageResource {

    private final PageService pages;
    private final AcknowledgementTokens tokens;
    private final SecurityIdentity identity;

    public PageResource(PageService pages, AcknowledgementTokens tokens, SecurityIdentity identity) {
        this.pages = pages;
        this.tokens = tokens;
        this.identity = identity;
    }

    @GET
    @Path("api/v1/pages")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.SUPERVISOR, Roles.LEADER, Roles.OPS, Roles.ADMIN})
    @Operation(summary = "The alerts of a finding that must be acknowledged, with every send, hand-over and answer")
    public Uni<List<PageView>> listPages(@QueryParam("findingId") String findingId) {
        if (findingId == null) {
            throw ProblemException.invalid("findingId", "is required");
        }
        return pages.ofFinding(Caller.of(identity).district(), QueryParams.uuid("findingId", findingId))
                .map(list -> list.stream().map(p -> PageView.of(p.page(), p.steps())).toList());
    }

    @POST
    @Path("api/v1/pages/{id}/acknowledgement")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.LEADER, Roles.SUPERVISOR, Roles.HANDLER, Roles.OPS, Roles.ADMIN})
    @Operation(summary = "Acknowledge an alert as the person it was sent to, or as their delegate")
    @APIResponse(responseCode = "200", description = "Acknowledged (again: the first acknowledgement stands)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = PageView.class)))
    @APIResponse(responseCode = "403", description = "Neither a person it was sent to nor their delegate")
    public Uni<PageView> acknowledge(@PathParam("id") UUID id) {
        return pages.acknowledgeAs(id, Caller.of(identity)).map(p -> PageView.of(p, List.of()));
    }

    @GET
    @Path("ack/{token}")
    @Produces(MediaType.TEXT_HTML)
    @PermitAll
    @Operation(summary = "The page an acknowledgement link opens: the alert's subject and a button to acknowledge")
    @APIResponse(responseCode = "200", description = "A page with a form that posts the acknowledgement")
    @APIResponse(responseCode = "403", description = "The token is not one this service signed")
    @APIResponse(responseCode = "410", description = "The link expired")
    public String acknowledgementPage(@PathParam("token") String token) {
        tokens.verify(token, java.time.Instant.now());
        return page("确认收到督办提醒", "<form method=\"post\"><p>请确认您已收到这条督办提醒。</p>"
                + "<button type=\"submit\">确认收到</button></form>");
    }

    @POST
    @Path("ack/{token}")
    @Produces(MediaType.TEXT_HTML)
    @PermitAll
    @Operation(summary = "Acknowledge through the signed link (the token names the alert and the person)")
    @APIResponse(responseCode = "200", description = "Acknowledged (again: the first acknowledgement stands)")
    @APIResponse(responseCode = "403", description = "The token is forged, or was not sent for this alert")
    @APIResponse(responseCode = "410", description = "The link expired")
    public Uni<String> acknowledgeByLink(@PathParam("token") String token) {
        return pages.acknowledgeByToken(token).map(p -> PageView.of(p, List.of()))
                .map(v -> page("已确认收到", "<p>已确认收到（" + escape(v.acknowledgedBy()) + "，" + v.acknowledgedAt()
                        + "）。</p>"));
    }

    private static String page(String title, String body) {
        return "<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" "
                + "content=\"width=device-width, initial-scale=1\"><title>" + title + "</title></head><body><h1>"
                + title + "</h1>" + body + "</body></html>";
    }

    private static String escape(String s) {
        return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                .replace("\"", "&quot;");
    }
}
