package org.civcity.findings.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Valid;
import jakarta.validation.Validator;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.civcity.contracts.Category;
import org.civcity.contracts.FindingSource;
import org.civcity.contracts.SiteType;
import org.civcity.findings.api.BatchItemResult;
import org.civcity.findings.api.FindingRequest;
import org.civcity.findings.api.FindingView;
import org.civcity.findings.domain.FindingStatus;
import org.civcity.findings.repository.FindingFilter;
import org.civcity.findings.service.FindingService;
import org.civcity.findings.service.StoredResponse;
import org.civcity.shared.problem.FieldErrors;
import org.civcity.shared.problem.KeysetCursor;
import org.civcity.shared.problem.Problem;
import org.civcity.shared.problem.ProblemException;
import org.civcity.shared.problem.QueryParams;
import org.civcity.shared.security.Caller;
import org.civcity.shared.security.Roles;
import org.civcity.shared.text.Texts;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Intake of findings from other government systems, and "where is my finding?". */
@Tag(name = "Findings", description = "Intake of findings from government systems, and where each finding stands.")
@Path("/api/v1/findings")
@Produces(MediaType.APPLICATION_JSON)
public class FindingResource {

    static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    private static final String IDEMPOTENCY_KEY_DESCRIPTION = "1-255 visible ASCII characters, for example a UUID;"
            + " a retry with the same key and body within 48 hours replays the first answer";
    private static final int MAX_KEY_LENGTH = 255;
    private static final int MAX_BATCH = 500;

    private final FindingService service;
    private final SecurityIdentity identity;
    private final ObjectMapper mapper;
    private final Validator validator;

    public FindingResource(FindingService service, SecurityIdentity identity, ObjectMapper mapper,
            Validator validator) {
        this.service = service;
        this.identity = identity;
        this.mapper = mapper;
        this.validator = validator;
    }

    @POST
    @RolesAllowed({Roles.REPORTER, Roles.SUPERVISOR})
    @Consumes(MediaType.APPLICATION_JSON)
    @APIResponse(responseCode = "201", description = "Stored; Location names the finding. A repeat with the same"
            + " Idempotency-Key and body replays this answer with Idempotent-Replayed: true",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = FindingView.class),
                    examples = @ExampleObject(name = "reported", value = FindingExamples.REPORTED)))
    @APIResponse(responseCode = "400", description = "Invalid input (every invalid field is listed) or no"
            + " Idempotency-Key", content = @Content(mediaType = Problem.MEDIA_TYPE,
            schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "A reporter posted for another source system than its own client",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "The source system already posted this source reference"
            + " (existingFindingId and Location name it), or the first request with this key is still running",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "422", description = "The Idempotency-Key was used with another body",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<Response> report(@Parameter(required = true, description = IDEMPOTENCY_KEY_DESCRIPTION)
            @HeaderParam(IDEMPOTENCY_KEY) String idempotencyKey,
            @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    examples = @ExampleObject(name = "mockEvaluation", summary = "A mock evaluation's finding",
                            value = FindingExamples.REQUEST)))
            @Valid @NotNull FindingRequest body, @Context UriInfo uri) {
        String key = requireKey(idempotencyKey);
        return service.report(body, Caller.of(identity), key).map(stored -> respond(stored, uri));
    }

    /** Up to 500 findings, e.g. a mock-evaluation round's export; each item stands or falls on its own. */
    @POST
    @Path("batch")
    @RolesAllowed({Roles.REPORTER, Roles.SUPERVISOR})
    @Consumes(MediaType.APPLICATION_JSON)
    @APIResponse(responseCode = "200", description = "One result per item, in order; item i is idempotent under"
            + " the key '<Idempotency-Key>#i'")
    public Uni<List<BatchItemResult>> batch(@Parameter(required = true, description = IDEMPOTENCY_KEY_DESCRIPTION)
            @HeaderParam(IDEMPOTENCY_KEY) String idempotencyKey,
            @Valid @NotNull BatchRequest body) {
        String key = requireKey(idempotencyKey);
        Caller caller = Caller.of(identity);
        List<JsonNode> items = body.items();
        return Multi.createFrom().range(0, items.size())
                .onItem().transformToUniAndConcatenate(i -> batchItem(i, items.get(i), caller, key + "#" + i))
                .collect().asList();
    }

    /** The batch body: the items as JSON, so that one bad item does not refuse the others. */
    public record BatchRequest(@Schema(type = SchemaType.ARRAY, implementation = BatchItem.class,
            minItems = 1, maxItems = MAX_BATCH, description = "Findings as for a single post (FindingRequest); an"
                    + " invalid item is answered in its own result, the others are stored")
            @NotNull @Size(min = 1, max = MAX_BATCH) List<@NotNull JsonNode> items) {
    }

    /** How a batch item is documented: any object, checked as a FindingRequest on its own. */
    @Schema(name = "BatchItem", type = SchemaType.OBJECT, additionalProperties = Schema.True.class,
            description = "A finding as for a single post (see FindingRequest); an invalid one is refused in its own"
                    + " result")
    interface BatchItem {
    }

    private Uni<BatchItemResult> batchItem(int index, JsonNode json, Caller caller, String key) {
        FindingRequest request;
        try {
            request = mapper.treeToValue(json, FindingRequest.class);
        } catch (Exception e) {
            return Uni.createFrom().item(new BatchItemResult(index, 400, null, null, null,
                    Problem.of(400, "Unreadable item", "Item " + index + " is not a valid finding")));
        }
        Set<ConstraintViolation<FindingRequest>> violations = validator.validate(request);
        if (!violations.isEmpty()) {
            List<Problem.FieldError> errors = FieldErrors.of(violations);
            return Uni.createFrom().item(new BatchItemResult(index, 400, null, null, null, new Problem(
                    URI.create("about:blank"), "Invalid request", 400, errors.size() + " field(s) are invalid", null,
                    errors)));
        }
        return service.report(request, caller, key)
                .map(stored -> new BatchItemResult(index, stored.status(), stored.location(), stored.replayed(),
                        stored.body(), null))
                .onFailure(ProblemException.class).recoverWithItem(p -> new BatchItemResult(index, p.status(),
                        p.headers().get("Location"), null, null, new Problem(URI.create("about:blank"), p.title(),
                                p.status(), p.getMessage(), null, p.errors(), p.extensions())));
    }

    @GET
    @Path("{id}")
    @RolesAllowed({Roles.REPORTER, Roles.SUPERVISOR, Roles.LEADER})
    @APIResponse(responseCode = "200", description = "The finding with its status and timeline",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = FindingView.class),
                    examples = @ExampleObject(name = "assigned", value = FindingExamples.ASSIGNED)))
    @APIResponse(responseCode = "404", description = "No such finding",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<FindingView> get(@PathParam("id") UUID id) {
        return service.get(id, Caller.of(identity));
    }

    /** The civilization office splits a duplicate off the open finding it was linked to: it gets its own case. */
    @POST
    @Path("{id}/split")
    @RolesAllowed(Roles.SUPERVISOR)
    @APIResponse(responseCode = "200", description = "Split off: the finding, no longer a duplicate")
    @APIResponse(responseCode = "409", description = "The finding is not a duplicate",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<FindingView> split(@PathParam("id") UUID id) {
        return service.split(id, Caller.of(identity));
    }

    /** Findings newest first, filtered; {@code nextCursor} continues the list. */
    @GET
    @APIResponse(responseCode = "200", description = "A page, newest first; nextCursor is null on the last page",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = FindingPage.class),
                    examples = @ExampleObject(name = "page", value = FindingExamples.PAGE)))
    @RolesAllowed({Roles.REPORTER, Roles.SUPERVISOR, Roles.LEADER})
    public Uni<FindingPage> listFindings(@QueryParam("status") String status, @QueryParam("category") String category,
            @QueryParam("siteType") String siteType, @QueryParam("unit") String unit,
            @QueryParam("township") String township,
            @QueryParam("round") String round, @QueryParam("source") String source,
            @QueryParam("repeatsOnly") @DefaultValue("false") boolean repeatsOnly,
            @QueryParam("from") String from, @QueryParam("to") String to, @QueryParam("cursor") String cursor,
            @QueryParam("limit") @DefaultValue("50") @Min(1) @Max(200) int limit) {
        FindingFilter filter = new FindingFilter(
                QueryParams.enumValue("status", status, FindingStatus.class),
                QueryParams.enumValue("category", category, Category.class),
                QueryParams.enumValue("siteType", siteType, SiteType.class),
                Texts.strippedOrNull(unit), Texts.strippedOrNull(township), Texts.strippedOrNull(round),
                QueryParams.enumValue("source", source, FindingSource.class),
                repeatsOnly, QueryParams.instant("from", from), QueryParams.instant("to", to), null, null);
        KeysetCursor after = KeysetCursor.parse(cursor);
        return service.list(filter, Caller.of(identity), after == null ? null : after.at(),
                        after == null ? null : after.id(), limit + 1)
                .map(views -> {
                    boolean more = views.size() > limit;
                    List<FindingView> page = more ? views.subList(0, limit) : views;
                    FindingView last = page.isEmpty() ? null : page.get(page.size() - 1);
                    return new FindingPage(page, more ? new KeysetCursor(last.reportedAt(), last.id()).encode() : null);
                });
    }

    /** A page of the findings list. */
    public record FindingPage(List<FindingView> items, String nextCursor) {
    }

    private static Response respond(StoredResponse stored, UriInfo uri) {
        Response.ResponseBuilder response = Response.status(stored.status())
                .entity(stored.body()).type(MediaType.APPLICATION_JSON);
        if (stored.location() != null) {
            response.location(uri.getBaseUri().resolve(stored.location().substring(1)));
        }
        if (stored.replayed()) {
            response.header("Idempotent-Replayed", "true");
        }
        return response.build();
    }

    private static String requireKey(String key) {
        if (key == null || key.isBlank()) {
            throw new ProblemException(400, "Idempotency-Key required",
                    "Send an Idempotency-Key header (for example a UUID) so the request can be retried safely",
                    List.of(new Problem.FieldError(IDEMPOTENCY_KEY, "is required")));
        }
        if (key.length() > MAX_KEY_LENGTH || !key.chars().allMatch(c -> c > 32 && c < 127)) {
            throw new ProblemException(400, "Invalid Idempotency-Key",
                    "The Idempotency-Key must be 1 to 255 visible ASCII characters",
                    List.of(new Problem.FieldError(IDEMPOTENCY_KEY, "must be 1 to 255 visible ASCII characters")));
        }
        return key;
    }
}
