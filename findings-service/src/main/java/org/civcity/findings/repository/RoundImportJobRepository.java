package org.civcity.findings.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.civcity.findings.domain.RoundImportJob;
import org.civcity.findings.domain.RoundImportJob.State;

/**
 * Background imports: claimed with FOR UPDATE SKIP LOCKED under a lease; every later write of a replica is fenced by
 * the attempt it claimed, so one that lost its lease changes nothing.
 */
@ApplicationScoped
public class RoundImportJobRepository implements PanacheRepositoryBase<RoundImportJob, UUID> {

    /** A claimed import: its id and the attempt that claimed it. */
    public record Claim(UUID id, int attempt) {
    }

    private final Pool pool;

    public RoundImportJobRepository(Pool pool) {
        this.pool = pool;
    }

    /** The import of this file by this caller in this district that waits or runs, if any. */
    public Uni<RoundImportJob> active(String district, String requestedBy, String round, String fileSha256,
            boolean validOnly) {
        return find("district = ?1 and requestedBy = ?2 and round = ?3 and fileSha256 = ?4 and validOnly = ?5"
                + " and state in ?6", district, requestedBy, round, fileSha256, validOnly,
                List.of(State.QUEUED, State.RUNNING)).firstResult();
    }

    /**
     * A district's import without its file and caller: what a status read needs (a client polls it often); null
     * when it is not that district's.
     */
    public Uni<RoundImportJob> status(UUID id, String district) {
        return find("select new " + RoundImportJob.class.getName() + "(id, round, sourceSystem, requestedBy, state,"
                + " rows, validated, imported, alreadyImported, refused, outcome, createdAt, updatedAt, finishedAt)"
                + " from RoundImportJob where id = ?1 and district = ?2", id, district).firstResult();
    }

    /** Claims the oldest import that is queued or whose replica stopped renewing its lease; null when none. */
    public Uni<Claim> claim(Duration lease) {
        return pool.preparedQuery("UPDATE round_import SET state = 'RUNNING', attempts = attempts + 1,"
                        + " lease_until = now() + make_interval(secs => $1), updated_at = now() WHERE id = (SELECT id"
                        + " FROM round_import WHERE state IN ('QUEUED', 'RUNNING') AND (lease_until IS NULL OR"
                        + " lease_until < now()) ORDER BY created_at LIMIT 1 FOR UPDATE SKIP LOCKED)"
                        + " RETURNING id, attempts")
                .execute(Tuple.of((double) lease.toSeconds()))
                .map(rows -> {
                    if (rows.rowCount() == 0) {
                        return null;
                    }
                    Row row = rows.iterator().next();
                    return new Claim(row.getUUID(0), row.getInteger(1));
                });
    }

    /** Records the counts so far and renews the lease; false when another replica has taken the import over. */
    public Uni<Boolean> progress(Claim claim, int imported, int again, int refused, Duration lease) {
        return pool.preparedQuery("UPDATE round_import SET rows_imported = $3, rows_already = $4, rows_refused = $5,"
                        + " lease_until = now() + make_interval(secs => $6), updated_at = now()"
                        + " WHERE id = $1 AND attempts = $2 AND state = 'RUNNING'")
                .execute(Tuple.from(new Object[] {claim.id(), claim.attempt(), imported, again, refused,
                        (double) lease.toSeconds()}))
                .map(rows -> rows.rowCount() == 1);
    }

    /** Ends the import with its result (JSON) and drops its file. */
    public Uni<Void> finish(Claim claim, int imported, int again, int refused, String result) {
        return pool.preparedQuery("UPDATE round_import SET state = 'DONE', rows_imported = $3, rows_already = $4,"
                        + " rows_refused = $5, outcome = $6, file = NULL, lease_until = NULL, finished_at = now(),"
                        + " updated_at = now() WHERE id = $1 AND attempts = $2 AND state = 'RUNNING'")
                .execute(Tuple.from(new Object[] {claim.id(), claim.attempt(), imported, again, refused, result}))
                .replaceWithVoid();
    }

    /** Ends the import as FAILED with why, and drops its file. */
    public Uni<Void> fail(Claim claim, String detail) {
        return pool.preparedQuery("UPDATE round_import SET state = 'FAILED', outcome = $3, file = NULL,"
                        + " lease_until = NULL, finished_at = now(), updated_at = now()"
                        + " WHERE id = $1 AND attempts = $2 AND state = 'RUNNING'")
                .execute(Tuple.of(claim.id(), claim.attempt(), detail)).replaceWithVoid();
    }
}
