package org.civcity.notification.repository;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.civcity.shared.sql.NativeSql;

/** The digest claims: one row per leader and date, inserted with the digest's deliveries. */
@ApplicationScoped
public class DigestRepository {

    /** The leaders whose digest of {@code date} exists. */
    public Uni<List<UUID>> recipientsDone(LocalDate date) {
        return Panache.getSession().chain(s -> NativeSql.select(s,
                        "SELECT recipient_id FROM digest WHERE digest_date = $1", date))
                .map(rows -> rows.stream().map(row -> NativeSql.uuid(row[0])).toList());
    }

    /** When the leader's last digest was made, or null. */
    public Uni<Instant> lastMadeFor(UUID recipient) {
        return Panache.getSession().chain(s -> NativeSql.select(s,
                        "SELECT max(created_at) FROM digest WHERE recipient_id = $1", recipient))
                .map(rows -> NativeSql.instant(rows.get(0)[0]));
    }

    /** Claims the leader's digest of {@code date}; false when another replica or an earlier run has it. */
    public Uni<Boolean> claim(UUID recipient, LocalDate date, Instant now, int overdue, int escalations) {
        return Panache.getSession().chain(session -> session
                        .createNativeQuery("INSERT INTO digest (recipient_id, digest_date, created_at, overdue,"
                                + " escalations) VALUES (:recipient, :date, :now, :overdue, :escalations)"
                                + " ON CONFLICT DO NOTHING")
                        .setParameter("recipient", recipient)
                        .setParameter("date", date)
                        .setParameter("now", now)
                        .setParameter("overdue", overdue)
                        .setParameter("escalations", escalations)
                        .executeUpdate())
                .map(inserted -> inserted > 0);
    }
}
