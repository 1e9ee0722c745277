package org.civcity.shared.sql;

import io.smallrye.mutiny.Uni;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.hibernate.reactive.mutiny.Mutiny;
import org.hibernate.reactive.mutiny.impl.MutinySessionImpl;
import org.hibernate.reactive.pool.ReactiveConnection;

/**
 * Native SQL reads on a Hibernate Reactive session's own connection and transaction, past Hibernate's query layer.
 *
 * <p>Why: Hibernate Reactive (3.2) wraps every native query's result mapping in a class without equals, so each
 * execution of a native select caches one more query plan under the same hash. The bounded cache fills with copies,
 * evicts the HQL plans worth keeping (re-translated at their next use) and every lookup walks a long chain of equal
 * hashes: measured, 249 plans for 20 alert deliveries. Native statements that change rows are keyed properly and stay
 * native queries; entity reads are HQL. {@code QueryPlanCache} shows the cache's size.
 */
public final class NativeSql {

    private NativeSql() {
    }

    /**
     * The rows of {@code sql} (positional parameters $1, $2...), each as its column values in the driver's types
     * (uuid, OffsetDateTime, Long...; see the converters below). In a transaction the session is flushed first, as
     * Hibernate does before a native query, so the statement sees what this transaction has changed; outside one
     * nothing is flushed (Hibernate would not either, and a read must never write).
     */
    public static Uni<List<Object[]>> select(Mutiny.Session session, String sql, Object... parameters) {
        ReactiveConnection connection = ((MutinySessionImpl) session).getReactiveConnection();
        Object[] values = new Object[parameters.length];
        for (int i = 0; i < parameters.length; i++) {
            values[i] = driverValue(parameters[i]);
        }
        Uni<Void> flushed = session.currentTransaction() == null ? Uni.createFrom().voidItem() : session.flush();
        return flushed.chain(() -> Uni.createFrom().completionStage(() -> connection.select(sql, values)))
                .map(result -> {
                    List<Object[]> rows = new ArrayList<>(result.size());
                    result.forEachRemaining(rows::add);
                    return rows;
                });
    }

    /**
     * Entities chosen by {@code sql}, which selects their ids (and may lock them: FOR UPDATE SKIP LOCKED for a
     * claim), loaded into the session in the order selected.
     */
    public static <T> Uni<List<T>> entities(Mutiny.Session session, Class<T> entity, String sql,
            Object... parameters) {
        return select(session, sql, parameters).chain(rows -> {
            if (rows.isEmpty()) {
                return Uni.createFrom().item(List.<T>of());
            }
            Object[] ids = rows.stream().map(row -> row[0]).toArray();
            return session.find(entity, ids);
        });
    }

    /** A parameter in a type the PostgreSQL driver binds: instants as UTC offsets, enums by name. */
    private static Object driverValue(Object value) {
        if (value instanceof Instant i) {
            return i.atOffset(ZoneOffset.UTC);
        }
        if (value instanceof Enum<?> e) {
            return e.name();
        }
        return value;
    }

    /** A timestamp column as an instant, whichever type the driver chose; null stays null. */
    public static Instant instant(Object value) {
        if (value == null || value instanceof Instant) {
            return (Instant) value;
        }
        if (value instanceof OffsetDateTime t) {
            return t.toInstant();
        }
        if (value instanceof LocalDateTime t) {
            return t.toInstant(ZoneOffset.UTC);
        }
        if (value instanceof Timestamp t) {
            return t.toInstant();
        }
        throw new IllegalStateException("not a timestamp: " + value.getClass().getName());
    }

    /** A uuid column. */
    public static UUID uuid(Object value) {
        return value == null || value instanceof UUID ? (UUID) value : UUID.fromString(value.toString());
    }

    /** A numeric column as a long. */
    public static long whole(Object value) {
        return ((Number) value).longValue();
    }

    /** A numeric column as a double. */
    public static double number(Object value) {
        return ((Number) value).doubleValue();
    }
}
