package org.civcity.escalation.rest;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.DateTimeException;
import java.time.YearMonth;
import java.util.List;
import org.civcity.escalation.api.PublicationRequest;
import org.civcity.escalation.api.PublicationView;
import org.civcity.escalation.service.BulletinDocuments;
import org.civcity.escalation.service.BulletinPublisher;
import org.civcity.escalation.service.BulletinService;
import org.civcity.shared.calendar.WorkingCalendar;
import org.civcity.shared.problem.Problem;
import org.civcity.shared.problem.ProblemException;
import org.civcity.shared.security.Caller;
import org.civcity.shared.security.Roles;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The monthly bulletin (通报) for leaders and the civilization office: a printable page, a workbook, or JSON. */
@Tag(name = "Assessment")
@Path("/api/v1/bulletins")
public class BulletinResource {

    static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    private final BulletinService bulletins;
    private final BulletinDocuments documents;

    private final BulletinPublisher publisher;
    private final SecurityIdentity identity;
    private final WorkingCalendar calendar;

    public BulletinResource(BulletinService bulletins, BulletinDocuments documents, BulletinPublisher publisher,
            SecurityIdentity identity, WorkingCalendar calendar) {
        this.bulletins = bulletins;
        this.documents = documents;
        this.publisher = publisher;
        this.identity = identity;
        this.calendar = calendar;
    }

    @GET
    @Path("/{period}")
    @RolesAllowed({Roles.SUPERVISOR, Roles.LEADER})
    @Produces({MediaType.TEXT_HTML, XLSX, MediaType.APPLICATION_JSON})
    @APIResponse(responseCode = "200", description = "The bulletin of the month (district time): red and black lists"
            + " of departments and townships, the month's escalations with their dispositions (追责问责), the sites"
            + " under listed supervision (挂牌督办) and the ledger's head it was made at; format=html (printable),"
            + " xlsx (one sheet per section) or json, else as Accept asks",
            content = {@Content(mediaType = MediaType.TEXT_HTML), @Content(mediaType = XLSX),
                @Content(mediaType = MediaType.APPLICATION_JSON,
                        schema = @Schema(implementation = BulletinService.Bulletin.class))})
    public Uni<Response> bulletin(
            @Parameter(description = "The month, 2026-11") @PathParam("period") String period,
            @Parameter(description = "html, xlsx or json") @QueryParam("format") String format,
            @HeaderParam("Accept") String accept) {
        YearMonth month = month(period);
        String type = type(format, accept);
        return bulletins.of(Caller.of(identity).district(), month).map(b -> render(b, type, "bulletin-" + b.period()));
    }

    /**
     * The office publishes the bulletin: it is frozen as it reads now, with the ledger's head, and the leaders and the
     * heads of the units on its black list are told where to read it. Publishing it again corrects it: a new version,
     * whose reason ({@code correction}) is required; the earlier versions stay as they were.
     */
    @POST
    @Path("/{period}/publications")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.SUPERVISOR)
    @APIResponse(responseCode = "201", description = "Published; the version and where it is read",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = PublicationView.class)))
    @APIResponse(responseCode = "409", description = "Already published, and no correction given")
    public Uni<Response> publish(@Parameter(description = "The month, 2026-11") @PathParam("period") String period,
            @Valid PublicationRequest body) {
        YearMonth month = month(period);
        return publisher.publish(month, body == null ? null : body.correction(), Caller.of(identity),
                        YearMonth.now(calendar.zone()))
                .map(p -> Response.created(URI.create(BulletinPublisher.path(p))).entity(PublicationView.of(p))
                        .build());
    }

    /** The published versions of the month, oldest first. */
    @GET
    @Path("/{period}/publications")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.SUPERVISOR, Roles.LEADER})
    public Uni<List<PublicationView>> publications(@PathParam("period") String period) {
        return publisher.ofPeriod(Caller.of(identity).district(), month(period))
                .map(list -> list.stream().map(PublicationView::of).toList());
    }

    /**
     * One published version exactly as it was published: format=html, xlsx or json, else as Accept asks. Unit staff
     * read it too: the units it names answer for it.
     */
    @GET
    @Path("/{period}/publications/{version}")
    @RolesAllowed({Roles.SUPERVISOR, Roles.LEADER, Roles.HANDLER})
    @Produces({MediaType.TEXT_HTML, XLSX, MediaType.APPLICATION_JSON})
    public Uni<Response> published(@PathParam("period") String period,
            @PathParam("version") @Min(1) int version, @QueryParam("format") String format,
            @HeaderParam("Accept") String accept) {
        YearMonth month = month(period);
        String type = type(format, accept);
        return publisher.frozen(Caller.of(identity).district(), month, version).map(p -> switch (type) {
            case XLSX -> Response.ok(p.xlsx(), XLSX).header("Content-Disposition", "attachment; filename=\"bulletin-"
                    + p.period() + "-v" + p.version() + ".xlsx\"").build();
            case MediaType.TEXT_HTML -> Response.ok(p.html(), MediaType.TEXT_HTML + ";charset=UTF-8").build();
            default -> Response.ok(p.json(), MediaType.APPLICATION_JSON).build();
        });
    }

    private Response render(BulletinService.Bulletin b, String type, String file) {
        return switch (type) {
            case XLSX -> Response.ok(documents.xlsx(b), XLSX).header("Content-Disposition",
                    "attachment; filename=\"" + file + ".xlsx\"").build();
            case MediaType.TEXT_HTML -> Response.ok(documents.html(b), MediaType.TEXT_HTML + ";charset=UTF-8")
                    .build();
            default -> Response.ok(b, MediaType.APPLICATION_JSON).build();
        };
    }

    private static YearMonth month(String period) {
        try {
            if (period != null && period.matches("\\d{4}-\\d{2}")) {
                return YearMonth.parse(period);
            }
        } catch (DateTimeException e) {
            // Falls through to the 400 below.
        }
        throw new ProblemException(400, "Invalid request", "period must be a month, as 2026-11",
                List.of(new Problem.FieldError("period", "must be a month, as 2026-11")));
    }

    private static String type(String format, String accept) {
        if (format != null && !format.isBlank()) {
            return switch (format.strip().toLowerCase(java.util.Locale.ROOT)) {
                case "html" -> MediaType.TEXT_HTML;
                case "xlsx" -> XLSX;
                case "json" -> MediaType.APPLICATION_JSON;
                default -> throw new ProblemException(400, "Invalid request", "format must be html, xlsx or json",
                        List.of(new Problem.FieldError("format", "must be html, xlsx or json")));
            };
        }
        if (accept != null && accept.contains(XLSX)) {
            return XLSX;
        }
        return accept != null && accept.contains(MediaType.APPLICATION_JSON) && !accept.contains(MediaType.TEXT_HTML)
                ? MediaType.APPLICATION_JSON : MediaType.TEXT_HTML;
    }
}
