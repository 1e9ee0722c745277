package org.civcity.shared.persistence;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The where-clause of a filtered list query, built from optional filters: a filter whose value is null adds nothing.
 * Also the keyset condition of a newest-first page, so every list pages the same way.
 */
public final class Where {

    private final List<String> clauses = new ArrayList<>();
    private final Map<String, Object> params = new LinkedHashMap<>();

    /** {@code field = :field} when {@code value} is not null. */
    public Where eq(String field, Object value) {
        return value == null ? this : add(field + " = :" + field, field, value);
    }

    /** A clause with its named parameters given as name, value pairs. */
    public Where add(String clause, Object... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("parameters come in name, value pairs: " + clause);
        }
        clauses.add(clause);
        for (int i = 0; i < namesAndValues.length; i += 2) {
            params.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return this;
    }

    /** {@link #add} when {@code condition} holds. */
    public Where addIf(boolean condition, String clause, Object... namesAndValues) {
        return condition ? add(clause, namesAndValues) : this;
    }

    /**
     * Rows after the keyset cursor of a list sorted by {@code timeField} then {@code idField}, both descending: older
     * than the cursor's time, or as old and with a smaller id. Nothing when there is no cursor.
     */
    public Where before(String timeField, String idField, Object afterTime, Object afterId) {
        if (afterTime == null) {
            return this;
        }
        return add("(" + timeField + " < :afterTime or (" + timeField + " = :afterTime and " + idField
                + " < :afterId))", "afterTime", afterTime, "afterId", afterId);
    }

    public boolean isEmpty() {
        return clauses.isEmpty();
    }

    /** The clauses joined with {@code and}; empty when there are none. */
    public String query() {
        return String.join(" and ", clauses);
    }

    public Map<String, Object> params() {
        return params;
    }
}
