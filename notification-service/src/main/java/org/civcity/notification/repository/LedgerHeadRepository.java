package org.civcity.notification.repository;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import org.civcity.contracts.LedgerHead;
import org.civcity.shared.sql.NativeSql;

/**
 * The heads of the accountability ledger's chains (one per district) as published: moved forward only, whatever order
 * the events arrive in.
 */
@ApplicationScoped
public class LedgerHeadRepository {

    /**
     * Takes {@code sequence} as the head of {@code district}'s chain when it is later than the one kept; in the
     * caller's transaction.
     */
    public Uni<Void> advance(String district, long sequence, String hash, Instant recordedAt) {
        return Panache.getSession().chain(s -> s.createNativeQuery("INSERT INTO ledger_head (district, sequence,"
                        + " hash, recorded_at) VALUES (:district, :sequence, :hash, :at) ON CONFLICT (district) DO"
                        + " UPDATE SET sequence = EXCLUDED.sequence, hash = EXCLUDED.hash, recorded_at ="
                        + " EXCLUDED.recorded_at WHERE ledger_head.sequence < EXCLUDED.sequence")
                .setParameter("district", district).setParameter("sequence", sequence).setParameter("hash", hash)
                .setParameter("at", recordedAt)
                .executeUpdate()).replaceWithVoid();
    }

    /** The head of {@code district}'s chain, or null before its first record. */
    public Uni<LedgerHead> head(String district) {
        return Panache.getSession().chain(s -> NativeSql.select(s, "SELECT sequence, hash, recorded_at FROM"
                        + " ledger_head WHERE district = $1", district))
                .map(rows -> rows.isEmpty() ? null : new LedgerHead(NativeSql.whole(rows.get(0)[0]),
                        (String) rows.get(0)[1], NativeSql.instant(rows.get(0)[2])));
    }
}
