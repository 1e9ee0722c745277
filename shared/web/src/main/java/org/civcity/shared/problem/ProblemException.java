package org.civcity.shared.problem;

import java.util.List;
import java.util.Map;

/** Thrown by services for an expected failure the client must see, such as 404 or 409. */
public class ProblemException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String title;
    private final List<Problem.FieldError> errors;
    private final Map<String, Object> extensions;
    private final Map<String, String> headers;

    public ProblemException(int status, String title, String detail) {
        this(status, title, detail, null);
    }

    public ProblemException(int status, String title, String detail, List<Problem.FieldError> errors) {
        this(status, title, detail, errors, null, null);
    }

    /** With extension members and response headers, e.g. the existing resource and its Location. */
    public ProblemException(int status, String title, String detail, List<Problem.FieldError> errors,
            Map<String, Object> extensions, Map<String, String> headers) {
        super(detail);
        this.status = status;
        this.title = title;
        this.errors = errors;
        this.extensions = extensions;
        this.headers = headers == null ? Map.of() : headers;
    }

    public static ProblemException notFound(String what) {
        return new ProblemException(404, "Not Found", what + " does not exist");
    }

    /** A 400 naming the one field that is wrong and why. */
    public static ProblemException invalid(String field, String message) {
        return new ProblemException(400, "Bad Request", field + " " + message,
                List.of(new Problem.FieldError(field, message)));
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    public List<Problem.FieldError> errors() {
        return errors;
    }

    public Map<String, Object> extensions() {
        return extensions;
    }

    public Map<String, String> headers() {
        return headers;
    }
}
