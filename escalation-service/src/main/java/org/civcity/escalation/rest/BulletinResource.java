package org.civcity.escalation.rest;

import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.DateTimeException;
import java.time.YearMonth;
import java.util.List;
import org.civcity.escalation.service.BulletinDocuments;
import org.civcity.escalation.service.BulletinService;
import org.civcity.shared.problem.Problem;
import org.civcity.shared.problem.ProblemException;
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

    public BulletinResource(BulletinService bulletins, BulletinDocuments documents) {
        this.bulletins = bulletins;
        this.documents = documents;
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
        return bulletins.of(month).map(b -> switch (type) {
            case XLSX -> Response.ok(documents.xlsx(b), XLSX).header("Content-Disposition",
                    "attachment; filename=\"bulletin-" + b.period() + ".xlsx\"").build();
            case MediaType.TEXT_HTML -> Response.ok(documents.html(b), MediaType.TEXT_HTML + ";charset=UTF-8")
                    .build();
            default -> Response.ok(b, MediaType.APPLICATION_JSON).build();
        });
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
