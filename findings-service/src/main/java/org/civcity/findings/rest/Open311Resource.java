package org.civcity.findings.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.civcity.contracts.Category;
import org.civcity.contracts.Severity;
import org.civcity.contracts.SiteType;
import org.civcity.findings.api.FindingRequest;
import org.civcity.findings.api.FindingView;
import org.civcity.findings.domain.FindingStatus;
import org.civcity.findings.repository.FindingFilter;
import org.civcity.findings.service.FindingService;
import org.civcity.shared.calendar.WorkingCalendar;
import org.civcity.shared.problem.FieldErrors;
import org.civcity.shared.problem.Problem;
import org.civcity.shared.problem.ProblemException;
import org.civcity.shared.security.Caller;
import org.civcity.shared.security.Roles;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Open311 GeoReport v2 for existing clients: service discovery and service requests, which are findings. Errors
 * use the specification's format, a list of {code, description}.
 */
@Tag(name = "Open311", description = "Open311 GeoReport v2 for existing clients; errors in that specification's "
        + "format.")
@Path("/open311/v2")
@Produces(MediaType.APPLICATION_JSON)
public class Open311Resource {

    private static final int MAX_RESULTS = 1000;
    private static final Duration DEFAULT_WINDOW = Duration.ofDays(90);

    private final FindingService service;
    private final SecurityIdentity identity;
    private final ObjectMapper mapper;
    private final Validator validator;
    private final WorkingCalendar calendar;

    public Open311Resource(FindingService service, SecurityIdentity identity, ObjectMapper mapper,
            Validator validator, WorkingCalendar calendar) {
        this.service = service;
        this.identity = identity;
        this.mapper = mapper;
        this.validator = validator;
        this.calendar = calendar;
    }

    /** One entry of services.json. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Service(@JsonProperty("service_code") String serviceCode,
            @JsonProperty("service_name") String serviceName, String description, boolean metadata, String type,
            String keywords, String group) {
    }

    /** One attribute of a service definition. */
    public record Attribute(boolean variable, String code, String datatype, boolean required,
            @JsonProperty("datatype_description") String datatypeDescription, int order, String description,
            List<Map<String, String>> values) {
    }

    /** A service definition: the attributes a request may carry. */
    public record Definition(@JsonProperty("service_code") String serviceCode, List<Attribute> attributes) {
    }

    /** One service request as GET requests answers it. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record ServiceRequest(@JsonProperty("service_request_id") String serviceRequestId, String status,
            @JsonProperty("status_notes") String statusNotes, @JsonProperty("service_name") String serviceName,
            @JsonProperty("service_code") String serviceCode, String description,
            @JsonProperty("agency_responsible") String agencyResponsible,
            @JsonProperty("service_notice") String serviceNotice,
            @JsonProperty("requested_datetime") OffsetDateTime requestedDatetime,
            @JsonProperty("updated_datetime") OffsetDateTime updatedDatetime,
            @JsonProperty("expected_datetime") OffsetDateTime expectedDatetime, String address,
            @JsonProperty("address_id") String addressId, String zipcode, Double lat, @JsonProperty("long") Double lon,
            @JsonProperty("media_url") String mediaUrl) {
    }

    /** The answer to a posted request. */
    public record Created(@JsonProperty("service_request_id") String serviceRequestId,
            @JsonProperty("service_notice") String serviceNotice, @JsonProperty("account_id") String accountId) {
    }

    /** The specification's error entry. */
    public record Error(int code, String description) {
    }

    @GET
    @Path("services.json")
    @PermitAll
    public List<Service> services() {
        List<Service> services = new ArrayList<>();
        for (Category category : Category.values()) {
            services.add(service(category, null));
            for (String sub : Open311Catalogue.SUBCATEGORIES.getOrDefault(category, List.of())) {
                services.add(service(category, sub));
            }
        }
        return services;
    }

    @GET
    @Path("services/{code}.json")
    @PermitAll
    @APIResponse(responseCode = "200", description = "The service definition")
    @APIResponse(responseCode = "400", description = "Not a service code of this catalogue",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(type = SchemaType.ARRAY, implementation = Error.class)))
    @APIResponse(responseCode = "404", description = "No such service",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(type = SchemaType.ARRAY, implementation = Error.class)))
    @APIResponse(responseCode = "503", description = "A dependency is unavailable",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(type = SchemaType.ARRAY, implementation = Error.class)))
    public Definition definition(@PathParam("code") String code) {
        Open311Catalogue.parse(code);
        List<Map<String, String>> siteTypes = new ArrayList<>();
        for (SiteType type : SiteType.values()) {
            siteTypes.add(Map.of("key", type.name(), "name", Open311Catalogue.siteTypeName(type)));
        }
        List<Map<String, String>> severities = new ArrayList<>();
        for (Severity severity : Severity.values()) {
            severities.add(Map.of("key", severity.name(), "name", severity.name()));
        }
        return new Definition(code, List.of(
                new Attribute(true, "site_type", "singlevaluelist", false, "default COMMUNITY", 1, "Site type",
                        siteTypes),
                new Attribute(true, "site_name", "string", false, "default: address_string", 2, "Site name", null),
                new Attribute(true, "site_code", "string", false, null, 3, "Registered site code", null),
                new Attribute(true, "severity", "singlevaluelist", false, "default MEDIUM", 4, "Severity",
                        severities)));
    }

    @POST
    @Path("requests.json")
    @RolesAllowed({Roles.REPORTER, Roles.SUPERVISOR})
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @RequestBody(description = "The specification's fields (service_code, description, lat/long or address_string,"
            + " attribute[...]), as a form or as a JSON object", content = {
                @Content(mediaType = MediaType.APPLICATION_FORM_URLENCODED, schema = @Schema(type = SchemaType.OBJECT,
                        additionalProperties = Schema.True.class)),
                @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.OBJECT,
                        additionalProperties = Schema.True.class))})
    @APIResponse(responseCode = "201", description = "Created: the new request's id, as the specification answers",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(type = SchemaType.ARRAY, implementation = Created.class)))
    @APIResponse(responseCode = "400", description = "Invalid request; the description names the field",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(type = SchemaType.ARRAY, implementation = Error.class)))
    @APIResponse(responseCode = "409", description = "The source reference was posted already",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(type = SchemaType.ARRAY, implementation = Error.class)))
    @APIResponse(responseCode = "413", description = "The body is larger than the service accepts",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(type = SchemaType.ARRAY, implementation = Error.class)))
    @APIResponse(responseCode = "415", description = "Neither a form nor JSON",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(type = SchemaType.ARRAY, implementation = Error.class)))
    @APIResponse(responseCode = "422", description = "The Idempotency-Key was used with another body",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(type = SchemaType.ARRAY, implementation = Error.class)))
    @APIResponse(responseCode = "503", description = "A dependency is unavailable",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(type = SchemaType.ARRAY, implementation = Error.class)))
    public Uni<Response> postForm(MultivaluedMap<String, String> form,
            @HeaderParam("Idempotency-Key") String idempotencyKey) {
        Map<String, String> fields = new LinkedHashMap<>();
        form.forEach((k, v) -> fields.put(k, v.isEmpty() ? null : v.get(0)));
        return post(fields, idempotencyKey);
    }

    @POST
    @Path("requests.json")
    @RolesAllowed({Roles.REPORTER, Roles.SUPERVISOR})
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> postJson(@RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(type = SchemaType.OBJECT, additionalProperties = Schema.True.class))) JsonNode body,
            @HeaderParam("Idempotency-Key") String idempotencyKey) {
        if (body == null || !body.isObject()) {
            throw new ProblemException(400, "Bad Request", "The body must be a JSON object");
        }
        Map<String, String> fields = new LinkedHashMap<>();
        body.properties().forEach(e -> {
            if (e.getKey().equals("attribute") && e.getValue().isObject()) {
                e.getValue().properties().forEach(a -> fields.put("attribute[" + a.getKey() + "]",
                        a.getValue().isNull() ? null : a.getValue().asText()));
            } else {
                fields.put(e.getKey(), e.getValue().isNull() ? null : e.getValue().asText());
            }
        });
        return post(fields, idempotencyKey);
    }

    private Uni<Response> post(Map<String, String> fields, String idempotencyKey) {
        Caller caller = Caller.of(identity);
        FindingRequest request = Open311Catalogue.toFinding(fields, caller, idempotencyKey,
                Instant.now().atZone(calendar.zone()));
        Set<ConstraintViolation<FindingRequest>> violations = validator.validate(request);
        if (!violations.isEmpty()) {
            Problem.FieldError first = FieldErrors.of(violations).get(0);
            throw new ProblemException(400, "Bad Request", Open311Catalogue.open311Name(first.field()) + " "
                    + first.message());
        }
        String key = idempotencyKey == null || idempotencyKey.isBlank() ? "open311-" + UUID.randomUUID()
                : idempotencyKey;
        return service.report(request, caller, key).map(stored -> {
            try {
                String id = mapper.readTree(stored.body()).get("id").asText();
                return Response.status(201).entity(List.of(new Created(id,
                        "Received; the deadline follows once the case is dispatched", null))).build();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @GET
    @Path("requests/{id}.json")
    @APIResponse(responseCode = "200", description = "The request, as a list of one")
    @APIResponse(responseCode = "400", description = "Not a request id",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(type = SchemaType.ARRAY, implementation = Error.class)))
    @APIResponse(responseCode = "404", description = "No such request",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(type = SchemaType.ARRAY, implementation = Error.class)))
    @APIResponse(responseCode = "503", description = "A dependency is unavailable",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(type = SchemaType.ARRAY, implementation = Error.class)))
    @RolesAllowed({Roles.REPORTER, Roles.SUPERVISOR, Roles.LEADER})
    public Uni<List<ServiceRequest>> request(@PathParam("id") String id) {
        UUID findingId;
        try {
            findingId = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new ProblemException(404, "Not Found", "No service request " + id);
        }
        return service.get(findingId, Caller.of(identity)).map(view -> List.of(toRequest(view)));
    }

    @GET
    @Path("requests.json")
    @APIResponse(responseCode = "200", description = "The requests asked for, or the newest")
    @APIResponse(responseCode = "400", description = "A parameter cannot be read",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(type = SchemaType.ARRAY, implementation = Error.class)))
    @APIResponse(responseCode = "503", description = "A dependency is unavailable",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(type = SchemaType.ARRAY, implementation = Error.class)))
    @RolesAllowed({Roles.REPORTER, Roles.SUPERVISOR, Roles.LEADER})
    public Uni<List<ServiceRequest>> requests(@QueryParam("service_request_id") String ids,
            @QueryParam("service_code") String serviceCode, @QueryParam("start_date") String startDate,
            @QueryParam("end_date") String endDate, @QueryParam("status") String status) {
        Caller caller = Caller.of(identity);
        if (ids != null && !ids.isBlank()) {
            // Per the specification, explicit ids override every other filter. One at a time: a reactive session
            // must not serve two queries at once.
            List<String> wanted = java.util.Arrays.stream(ids.split(",")).map(String::strip).limit(MAX_RESULTS)
                    .toList();
            return io.smallrye.mutiny.Multi.createFrom().iterable(wanted)
                    .onItem().transformToUniAndConcatenate(id -> request(id).map(list -> list.get(0))
                            .onFailure(ProblemException.class).recoverWithNull())
                    .filter(r -> r != null)
                    .collect().asList();
        }
        Instant end = date("end_date", endDate, Instant.now());
        Instant start = date("start_date", startDate, end.minus(DEFAULT_WINDOW));
        Category category = null;
        String subcategory = null;
        if (serviceCode != null && !serviceCode.isBlank()) {
            Open311Catalogue.Code code = Open311Catalogue.parse(serviceCode.strip());
            category = code.category();
            subcategory = code.subcategory();
        }
        Boolean closed = switch (status == null ? "" : status.strip()) {
            case "" -> null;
            case "open" -> false;
            case "closed" -> true;
            default -> throw new ProblemException(400, "Bad Request", "status must be open or closed");
        };
        String sub = subcategory;
        FindingFilter filter = new FindingFilter(null, category, null, null, null, null, null, false, start, end,
                null, closed);
        return service.list(filter, caller, null, null, MAX_RESULTS)
                .map(views -> views.stream().filter(v -> sub == null || sub.equals(v.subcategory()))
                        .map(this::toRequest).toList());
    }

    private ServiceRequest toRequest(FindingView v) {
        boolean closed = v.status() == FindingStatus.CLOSED;
        String notes = v.timeline() == null || v.timeline().isEmpty() ? null
                : v.timeline().get(v.timeline().size() - 1).summary();
        Instant updated = v.closedAt() != null ? v.closedAt()
                : v.timeline() == null || v.timeline().isEmpty() ? v.reportedAt()
                        : v.timeline().get(v.timeline().size() - 1).occurredAt();
        String code = Open311Catalogue.code(v.category(), v.subcategory());
        return new ServiceRequest(v.id().toString(), closed ? "closed" : "open", notes,
                Open311Catalogue.serviceName(v.category(), v.subcategory()), code, v.description(), v.assignedUnit(),
                null, local(v.reportedAt()), local(updated), local(v.rectifyBy()), v.siteAddress(), v.siteCode(),
                null, v.latitude(), v.longitude(),
                v.evidence() == null || v.evidence().isEmpty() ? null : v.evidence().get(0).url());
    }

    private OffsetDateTime local(Instant instant) {
        return instant == null ? null : instant.atZone(calendar.zone()).toOffsetDateTime();
    }

    private static Instant date(String name, String value, Instant fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return OffsetDateTime.parse(value.strip()).toInstant();
        } catch (DateTimeParseException e) {
            throw new ProblemException(400, "Bad Request", name + " must be a W3C date-time with offset");
        }
    }

    private static Service service(Category category, String subcategory) {
        return new Service(Open311Catalogue.code(category, subcategory),
                Open311Catalogue.serviceName(category, subcategory),
                "Civilized City finding: " + Open311Catalogue.serviceName(category, subcategory), true, "realtime",
                category.name().toLowerCase().replace('_', ' '), Open311Catalogue.categoryName(category));
    }

    @ServerExceptionMapper
    public Response open311Error(ProblemException e) {
        return error(e.status(), e.getMessage());
    }

    @ServerExceptionMapper
    public Response open311Invalid(jakarta.validation.ConstraintViolationException e) {
        return error(400, FieldErrors.of(e.getConstraintViolations()).stream()
                .map(f -> Open311Catalogue.open311Name(f.field()) + " " + f.message())
                .findFirst().orElse("invalid request"));
    }

    @ServerExceptionMapper
    public Response open311Web(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        return error(status, status == 415 ? "Post application/x-www-form-urlencoded or application/json"
                : status == 404 ? "Not found" : "The request cannot be read");
    }

    private static Response error(int status, String description) {
        return Response.status(status).type(MediaType.APPLICATION_JSON)
                .entity(List.of(new Error(status, description))).build();
    }
}
