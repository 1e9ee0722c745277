package org.civcity.notification.repository;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.civcity.notification.domain.Delivery;
import org.civcity.notification.domain.DeliveryStatus;
import org.civcity.shared.persistence.Where;
import org.civcity.shared.sql.NativeSql;

/** The delivery queue in PostgreSQL. */
@ApplicationScoped
public class DeliveryRepository implements PanacheRepositoryBase<Delivery, UUID> {

    /** The channels with a delivery due: a round claims (and reads the budget of) only those. */
    public Uni<List<String>> channelsDue(Instant now) {
        return Panache.getSession().chain(session -> NativeSql.select(session,
                        "SELECT DISTINCT channel FROM delivery WHERE status = 'PENDING' AND next_attempt_at <= $1",
                        now))
                .map(rows -> rows.stream().map(row -> (String) row[0]).toList());
    }

    /** Locks due pending deliveries of a channel, skipping those another replica holds; call in a transaction. */
    public Uni<List<Delivery>> claimDue(String channel, Instant now, int limit) {
        return Panache.getSession().chain(session -> NativeSql.entities(session, Delivery.class,
                "SELECT id FROM delivery WHERE status = 'PENDING' AND channel = $1 AND next_attempt_at <= $2"
                        + " ORDER BY next_attempt_at LIMIT $3 FOR UPDATE SKIP LOCKED", channel, now, limit));
    }

    /**
     * Locks the channel's token bucket (shared by every replica) and returns the tokens it holds now, refilled at
     * {@code perSecond} up to {@code burst}; call in a transaction, then {@link #spend}.
     */
    public Uni<Double> budget(String channel, Instant now, double perSecond, int burst) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                                "INSERT INTO channel_budget (channel, tokens, refreshed_at) VALUES (:channel, :burst,"
                                        + " :now) ON CONFLICT DO NOTHING")
                        .setParameter("channel", channel)
                        .setParameter("burst", (double) burst)
                        .setParameter("now", now)
                        .executeUpdate()
                        .chain(() -> NativeSql.select(session, "SELECT CAST(LEAST(CAST($1 AS double precision),"
                                        + " tokens + GREATEST(0, EXTRACT(EPOCH FROM (CAST($2 AS timestamptz)"
                                        + " - refreshed_at))) * CAST($3 AS double precision)) AS double precision)"
                                        + " FROM channel_budget WHERE channel = $4 FOR UPDATE", (double) burst, now,
                                        perSecond, channel))
                        .map(rows -> NativeSql.number(rows.get(0)[0])));
    }

    /** Stores what is left of the bucket after this round's sends. */
    public Uni<Integer> spend(String channel, Instant now, double tokensLeft) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "UPDATE channel_budget SET tokens = :tokens, refreshed_at = GREATEST(refreshed_at, :now)"
                                + " WHERE channel = :channel")
                .setParameter("channel", channel)
                .setParameter("tokens", tokensLeft)
                .setParameter("now", now)
                .executeUpdate());
    }

    /** Stores a new delivery of {@code district} unless one with its dedup id exists; true when stored. */
    public Uni<Boolean> queue(String district, Delivery delivery) {
        delivery.district = java.util.Objects.requireNonNull(district, "district");
        return count("dedupId", delivery.dedupId).chain(existing -> existing > 0
                ? Uni.createFrom().item(false)
                : persist(delivery).replaceWith(true));
    }

    public Uni<List<Delivery>> search(String district, UUID findingId, DeliveryStatus status, int limit) {
        Where where = new Where().eq("district", district).eq("findingId", findingId).eq("status", status);
        return find(where.query(), Sort.by("createdAt"), where.params()).page(Page.ofSize(limit)).list();
    }
}
