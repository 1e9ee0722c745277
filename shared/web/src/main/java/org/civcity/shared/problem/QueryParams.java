package org.civcity.shared.problem;

import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

/** Parses query parameters so a malformed value is a 400 naming the parameter, not JAX-RS's bare 404. */
public final class QueryParams {

    private QueryParams() {
    }

    /** The UUID in {@code value}, or null when absent. */
    public static UUID uuid(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return UUID.fromString(value.strip());
        } catch (IllegalArgumentException e) {
            throw new ProblemException(400, "Invalid request", "Query parameter " + name + " is not a UUID",
                    List.of(new Problem.FieldError(name, "must be a UUID")));
        }
    }

    /** The constant named by {@code value}, or null when absent. */
    public static <E extends Enum<E>> E enumValue(String name, String value, Class<E> type) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Enum.valueOf(type, value.strip());
        } catch (IllegalArgumentException e) {
            String allowed = Arrays.stream(type.getEnumConstants()).map(Enum::name).collect(Collectors.joining(", "));
            throw new ProblemException(400, "Invalid request", "Query parameter " + name + " must be one of " + allowed,
                    List.of(new Problem.FieldError(name, "must be one of " + allowed)));
        }
    }

    /** The ISO-8601 duration in {@code value} (P180D, PT12H), or null when absent. */
    public static java.time.Duration duration(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return java.time.Duration.parse(value.strip());
        } catch (java.time.format.DateTimeParseException e) {
            throw new ProblemException(400, "Invalid request", "Query parameter " + name + " is not a duration",
                    List.of(new Problem.FieldError(name, "must be an ISO-8601 duration such as P180D")));
        }
    }

    /** The ISO-8601 date-time with offset in {@code value}, or null when absent. */
    public static java.time.Instant instant(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return java.time.OffsetDateTime.parse(value.strip()).toInstant();
        } catch (java.time.format.DateTimeParseException e) {
            throw new ProblemException(400, "Invalid request", "Query parameter " + name + " is not a date-time",
                    List.of(new Problem.FieldError(name, "must be an ISO-8601 date-time with offset")));
        }
    }
}
