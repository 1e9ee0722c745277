package org.civcity.shared.lock;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import org.civcity.shared.sql.NativeSql;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Transaction-scoped PostgreSQL advisory locks, the one way work is serialised across replicas (the outbox relay,
 * the ledger's chain, an idempotency key). A lock is named; its key is {@code hashtextextended(name, 0)}, and it is
 * released at commit or rollback, so a crashed holder never leaves it taken.
 */
public final class AdvisoryLocks {

    private AdvisoryLocks() {
    }

    /** Takes the lock {@code name} if free, on a plain SQL connection inside its transaction; false when held. */
    public static Uni<Boolean> tryLock(SqlConnection connection, String name) {
        return connection.preparedQuery("SELECT pg_try_advisory_xact_lock(hashtextextended($1, 0))")
                .execute(Tuple.of(name))
                .map(rows -> rows.iterator().next().getBoolean(0));
    }

    /** Takes the lock {@code name} if free, in the session's transaction; false when held. */
    public static Uni<Boolean> tryLock(Mutiny.Session session, String name) {
        // HQL, not a native select: Hibernate caches a native select's plan under keys that collide, and the lookup
        // was the largest single cost in the intake's profile (docs/benchmarks.md).
        return session.createSelectionQuery("select function('pg_try_advisory_xact_lock',"
                        + " function('hashtextextended', :name, 0L))", Boolean.class)
                .setParameter("name", name)
                .getSingleResult();
    }

    /** Waits for the lock {@code name} and holds it until the session's transaction ends. */
    public static Uni<Void> lock(Mutiny.Session session, String name) {
        // The function returns void, which no driver maps: count its single row instead.
        return NativeSql.select(session,
                        "SELECT count(*) FROM (SELECT pg_advisory_xact_lock(hashtextextended($1, 0))) l", name)
                .replaceWithVoid();
    }
}
