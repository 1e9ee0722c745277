package org.civcity.shared.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.quarkus.logging.Log;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import org.civcity.shared.district.ServedDistricts;
import org.civcity.shared.messaging.TransientFailures;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Turns every failure into application/problem+json; a 5xx never carries internals, only an id to find the log. */
public class ProblemMappers {

    @ServerExceptionMapper
    public Response problem(ProblemException e, UriInfo uri) {
        Response.ResponseBuilder response = Response.status(e.status()).type(Problem.MEDIA_TYPE)
                .entity(new Problem(URI.create("about:blank"), e.title(), e.status(), e.getMessage(), path(uri),
                        e.errors(), e.extensions()));
        e.headers().forEach(response::header);
        return response.build();
    }

    @ServerExceptionMapper({UnauthorizedException.class, AuthenticationFailedException.class})
    public Response unauthenticated(Exception e, UriInfo uri) {
        return Response.status(401).type(Problem.MEDIA_TYPE).header("WWW-Authenticate", "Bearer")
                .entity(new Problem(URI.create("about:blank"), "Unauthorized", 401,
                        "A valid bearer token is required", path(uri), null))
                .build();
    }

    /** Someone else changed the same thing first: the client re-reads and decides again. */
    @ServerExceptionMapper({jakarta.persistence.OptimisticLockException.class,
        org.hibernate.StaleStateException.class})
    public Response concurrentChange(Exception e, UriInfo uri) {
        return respond(new Problem(URI.create("about:blank"), "Conflict", 409,
                "It was changed by someone else at the same time; read it again and retry", path(uri), null));
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, UriInfo uri) {
        return respond(new Problem(URI.create("about:blank"), "Forbidden", 403,
                "Your role does not allow this operation", path(uri), null));
    }

    /** A token of a district this deployment does not serve (or a malformed district claim). */
    @ServerExceptionMapper
    public Response unknownDistrict(ServedDistricts.UnknownDistrictException e, UriInfo uri) {
        return respond(new Problem(URI.create("about:blank"), "Forbidden", 403,
                "Your token's district is not served by this deployment", path(uri), null));
    }

    @ServerExceptionMapper
    public Response invalid(ConstraintViolationException e, UriInfo uri) {
        List<Problem.FieldError> errors = FieldErrors.of(e.getConstraintViolations());
        return respond(new Problem(URI.create("about:blank"), "Invalid request", 400,
                errors.size() + " field(s) are invalid", path(uri), errors));
    }

    /** Overrides the built-in Jackson mappers, which answer plain JSON. */
    @ServerExceptionMapper
    public Response mismatched(MismatchedInputException e, UriInfo uri) {
        return unreadable(e, uri);
    }

    @ServerExceptionMapper
    public Response invalidFormat(InvalidFormatException e, UriInfo uri) {
        return unreadable(e, uri);
    }

    @ServerExceptionMapper
    public Response unknownField(UnrecognizedPropertyException e, UriInfo uri) {
        return unreadable(e, uri);
    }

    /** Names the field and what is wrong with it, never echoing parser internals or the input. */
    @ServerExceptionMapper
    public Response unreadable(JsonProcessingException e, UriInfo uri) {
        String field = null;
        if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            field = mapping.getPath().stream()
                    .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                    .collect(Collectors.joining(".")).replace(".[", "[");
        }
        if (field == null) {
            String where = e.getLocation() == null ? ""
                    : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            String why = e instanceof StreamConstraintsException ? "it exceeds the allowed nesting or size"
                    : "it is not well-formed JSON" + where;
            return respond(new Problem(URI.create("about:blank"), "Unreadable request body", 400,
                    "The body cannot be read: " + why, path(uri), null));
        }
        String message;
        if (e instanceof UnrecognizedPropertyException) {
            message = "is not a field of this request (a misspelt name?)";
        } else if (e instanceof InvalidFormatException format) {
            message = format.getTargetType() != null && format.getTargetType().isEnum()
                    ? "must be one of " + Arrays.toString(format.getTargetType().getEnumConstants())
                    : "has an invalid value for " + friendly(format.getTargetType());
        } else if (e instanceof MismatchedInputException mismatched) {
            message = "has the wrong type; expected " + friendly(mismatched.getTargetType());
        } else {
            message = "has an invalid value";
        }
        return respond(new Problem(URI.create("about:blank"), "Unreadable request body", 400,
                "Field " + field + " cannot be read", path(uri), List.of(new Problem.FieldError(field, message))));
    }

    private static String friendly(Class<?> type) {
        if (type == null) {
            return "another type";
        }
        if (type.isEnum()) {
            return "one of " + Arrays.toString(type.getEnumConstants());
        }
        if (java.time.temporal.Temporal.class.isAssignableFrom(type)) {
            return "an ISO-8601 date-time with offset";
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
            return "a number";
        }
        if (java.util.Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "an array";
        }
        if (type == String.class) {
            return "a string";
        }
        return "an object";
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, UriInfo uri) {
        int status = e.getResponse().getStatus();
        if (e.getCause() instanceof JsonProcessingException json) {
            return unreadable(json, uri);
        }
        Response.Status.Family family = Response.Status.Family.familyOf(status);
        if (family == Response.Status.Family.SERVER_ERROR) {
            return unexpected(e, uri);
        }
        Response.StatusType type = Response.Status.fromStatusCode(status);
        String title = type != null ? type.getReasonPhrase() : e.getResponse().getStatusInfo().getReasonPhrase();
        return respond(new Problem(URI.create("about:blank"), title, status, e.getMessage(), path(uri), null));
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e, UriInfo uri) {
        if (TransientFailures.isTransient(e)) {
            // The database is away or restarting: the client may retry the same request (with its idempotency key).
            Log.warnf("Request to %s refused while the infrastructure is unavailable: %s", path(uri), e.toString());
            return Response.status(503).type(Problem.MEDIA_TYPE).header("Retry-After", "5")
                    .entity(new Problem(URI.create("about:blank"), "Service Unavailable", 503,
                            "A dependency of this service is unavailable right now; retry shortly", path(uri), null))
                    .build();
        }
        String incident = UUID.randomUUID().toString();
        Log.errorf(e, "Unexpected failure, incident %s", incident);
        return respond(new Problem(URI.create("about:blank"), "Internal Server Error", 500,
                "Unexpected failure; quote incident " + incident + " to the operators", path(uri), null));
    }

    private static Response respond(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem).build();
    }

    private static String path(UriInfo uri) {
        return uri == null ? null : uri.getPath();
    }
}
