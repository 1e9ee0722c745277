package org.civcity.findings.repository;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import org.civcity.findings.domain.IdempotencyRecord;
import org.civcity.shared.lock.AdvisoryLocks;

/** Stored answers to Idempotency-Keys, per client, until they expire. */
@ApplicationScoped
public class IdempotencyRepository implements PanacheRepositoryBase<IdempotencyRecord, IdempotencyRecord.Key> {

    /**
     * Takes the key for this transaction: a concurrent request with the same key sees it taken (false) and gets a
     * 409, not a second finding.
     */
    public Uni<Boolean> tryLock(IdempotencyRecord.Key key) {
        return Panache.getSession().chain(session -> AdvisoryLocks.tryLock(session,
                "idempotency\n" + key.client() + "\n" + key.key()));
    }

    /** Removes an expired record, written before the new one with the same key is inserted. */
    public Uni<Void> replace(IdempotencyRecord expired) {
        return delete(expired).call(this::flush);
    }

    public Uni<Long> purgeExpired(Instant now) {
        return delete("expiresAt < ?1", now);
    }
}
