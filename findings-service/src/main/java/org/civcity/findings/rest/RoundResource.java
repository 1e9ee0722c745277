package org.civcity.findings.rest;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.civcity.contracts.FindingSource;
import org.civcity.findings.api.RoundComparison;
import org.civcity.findings.api.RoundImportResult;
import org.civcity.findings.api.RoundImportStatus;
import org.civcity.findings.api.RoundSummary;
import org.civcity.findings.config.FindingsConfig;
import org.civcity.findings.service.RoundImport;
import org.civcity.findings.service.RoundImportJobs;
import org.civcity.findings.service.RoundReport;
import org.civcity.findings.service.RoundSheet;
import org.civcity.shared.problem.Problem;
import org.civcity.shared.problem.QueryParams;
import org.civcity.shared.security.Caller;
import org.civcity.shared.security.Roles;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Evaluation rounds: an evaluator's spreadsheet imported as a named round, each row a finding; rounds compared. */
@Tag(name = "Evaluation rounds", description = "A third-party evaluator's file (XLSX or CSV) imported as a named"
        + " round; each row becomes a finding through the normal intake.")
@Path("/api/v1/rounds")
@Produces(MediaType.APPLICATION_JSON)
public class RoundResource {

    private final RoundImport rounds;
    private final RoundImportJobs jobs;
    private final RoundReport reports;
    private final SecurityIdentity identity;
    private final FindingsConfig config;

    public RoundResource(RoundImport rounds, RoundImportJobs jobs, RoundReport reports, SecurityIdentity identity,
            FindingsConfig config) {
        this.rounds = rounds;
        this.jobs = jobs;
        this.reports = reports;
        this.identity = identity;
        this.config = config;
    }

    @GET
    @Path("{round}")
    @RolesAllowed({Roles.REPORTER, Roles.SUPERVISOR, Roles.LEADER})
    @APIResponse(responseCode = "200", description = "The round's findings and deduction points, in all and by site"
            + " type, category and township (a reporting system sees its own findings only)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = RoundSummary.class)))
    public Uni<RoundSummary> summary(@PathParam("round") String round) {
        return reports.summary(round, Caller.of(identity));
    }

    @GET
    @Path("{round}/comparison")
    @RolesAllowed({Roles.REPORTER, Roles.SUPERVISOR, Roles.LEADER})
    @APIResponse(responseCode = "200", description = "This round against the earlier one named by with: the trend,"
            + " the changes by site type, category and township, and the inspection points that are new, recurring"
            + " or cleared", content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = RoundComparison.class)))
    public Uni<RoundComparison> comparison(@PathParam("round") String round,
            @Parameter(description = "The earlier round", required = true) @QueryParam("with") String with) {
        return reports.compare(round, with, Caller.of(identity));
    }

    @POST
    @Path("{round}/import")
    @RolesAllowed({Roles.REPORTER, Roles.SUPERVISOR})
    @Consumes({RoundSheet.XLSX, RoundSheet.CSV})
    @RequestBody(description = "The evaluator's file: the first sheet of an XLSX workbook, or CSV in UTF-8 (with or"
            + " without BOM) or GB18030, headings in the first row (序号, 点位类型, 点位名称, 所属街道, 问题描述, 问题类别,"
            + " 扣分, 发现时间, 照片; optional 严重程度, 点位编码, 地址, 纬度, 经度). Times without an offset are the"
            + " district's (Asia/Shanghai). At most 5,000 rows, 4,000 characters a cell and 2 MiB; formulas count"
            + " with their cached values, macros are refused.", required = true, content = {
                @Content(mediaType = RoundSheet.XLSX, schema = @Schema(type = SchemaType.STRING, format = "binary")),
                @Content(mediaType = RoundSheet.CSV, schema = @Schema(type = SchemaType.STRING))})
    @APIResponse(responseCode = "200", description = "Imported: per row, a new finding, the same row imported"
            + " before (nothing new), or refused by the intake; with validOnly, the invalid rows in errors",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = RoundImportResult.class)))
    @APIResponse(responseCode = "202", description = "Checked and accepted for a background import (a file of more"
            + " than findings.rounds.background-from-rows rows, 200 by default, or Prefer: respond-async): follow"
            + " Location for its progress", headers = @Header(name = "Location", description = "The import's status",
                    schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = RoundImportStatus.class)))
    @APIResponse(responseCode = "403", description = "A reporting system imported under another source system",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "413", description = "Too many rows, a cell too long, or a workbook that unpacks too"
            + " large (a zip bomb)", content = @Content(mediaType = Problem.MEDIA_TYPE,
                    schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "422", description = "Invalid rows (rowErrors names each row, column and why;"
            + " nothing imported), missing columns, an unknown encoding, macros or an unreadable workbook",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<Response> importRound(@PathParam("round") String round,
            @Parameter(description = "The evaluator's system; a reporting system's own client id (the default)")
            @QueryParam("sourceSystem") String sourceSystem,
            @Parameter(description = "Where the findings come from; MOCK_EVALUATION unless said")
            @QueryParam("source") String source,
            @Parameter(description = "Import the valid rows and report the invalid ones, instead of refusing the file")
            @QueryParam("validOnly") @DefaultValue("false") boolean validOnly,
            @Parameter(description = "A CSV's encoding when it is neither UTF-8 nor GB18030")
            @QueryParam("charset") String charset,
            @Parameter(description = "respond-async: import in the background whatever the file's size")
            @HeaderParam("Prefer") String prefer,
            @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, byte[] file) {
        Caller caller = Caller.of(identity);
        FindingSource from = source == null ? FindingSource.MOCK_EVALUATION
                : QueryParams.enumValue("source", source, FindingSource.class);
        String system = sourceSystem == null && caller.isMachineReporter() ? caller.clientId() : sourceSystem;
        String mediaType = contentType.toLowerCase(java.util.Locale.ROOT);
        // Reading a workbook is CPU work of up to a second: on a worker thread, then back on this request's context,
        // where the reactive database session lives.
        Context context = Vertx.currentContext();
        return Uni.createFrom().item(() -> RoundSheet.read(mediaType, file, charset, config.rounds().maxRows(),
                        config.rounds().maxCellLength()))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .emitOn(task -> context.runOnContext(ignored -> task.run()))
                .chain(content -> {
                    boolean asked = prefer != null && java.util.Arrays.stream(prefer.split(","))
                            .anyMatch(p -> p.strip().equalsIgnoreCase("respond-async"));
                    if (!jobs.inBackground(content.rows().size(), asked)) {
                        return rounds.importRound(round, system, from, validOnly, content, caller)
                                .map(result -> Response.ok(result).build());
                    }
                    return jobs.submit(round, system, from, validOnly, mediaType, charset, file, content, caller)
                            .map(status -> Response.accepted(status)
                                    .location(URI.create("/api/v1/rounds/" + encode(status.round()) + "/imports/"
                                            + status.id()))
                                    .header("Preference-Applied", asked ? "respond-async" : null).build());
                });
    }

    @GET
    @Path("{round}/imports/{id}")
    @RolesAllowed({Roles.REPORTER, Roles.SUPERVISOR})
    @APIResponse(responseCode = "200", description = "A background import as it goes: rows validated, imported,"
            + " imported before and refused; the result row by row once DONE (a reporting system sees its own)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = RoundImportStatus.class)))
    public Uni<RoundImportStatus> importStatus(@PathParam("round") String round, @PathParam("id") UUID id) {
        return jobs.status(round, id, Caller.of(identity));
    }

    /** A round's name as one path segment (it may hold spaces, Chinese and '/'). */
    private static String encode(String round) {
        return URLEncoder.encode(round, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
