package org.civcity.escalation.repository;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.civcity.escalation.domain.DeadlineKind;
import org.civcity.escalation.domain.DeadlineTimer;
import org.civcity.escalation.domain.TimerStatus;
import org.civcity.shared.sql.NativeSql;

/** Durable timers; due ones are claimed so that replicas never fire the same timer twice. */
@ApplicationScoped
public class TimerRepository implements PanacheRepositoryBase<DeadlineTimer, UUID> {

    /** The districts with pending timers due at {@code now}, each once (read through the due-time index). */
    public Uni<List<String>> dueDistricts(Instant now) {
        return Panache.getSession().chain(session -> NativeSql.select(session,
                        "SELECT DISTINCT district FROM deadline_timer WHERE status = 'PENDING' AND due_at <= $1", now))
                .map(rows -> rows.stream().map(row -> (String) row[0]).toList());
    }

    /** When the earliest pending timer falls due, if any is pending. */
    public Uni<Optional<Instant>> nextDue() {
        return Panache.getSession().chain(session -> NativeSql.select(session,
                        "SELECT min(due_at) FROM deadline_timer WHERE status = 'PENDING'"))
                .map(rows -> Optional.ofNullable(rows.isEmpty() ? null : NativeSql.instant(rows.get(0)[0])));
    }

    /**
     * Locks up to {@code limit} of {@code district}'s due pending timers, skipping those another replica holds; call in
     * a transaction.
     */
    public Uni<List<DeadlineTimer>> claimDue(Instant now, int limit, String district) {
        return Panache.getSession().chain(session -> NativeSql.entities(session, DeadlineTimer.class,
                "SELECT id FROM deadline_timer WHERE status = 'PENDING' AND due_at <= $1 AND district = $3"
                        + " ORDER BY due_at, level LIMIT $2 FOR UPDATE SKIP LOCKED", now, limit, district));
    }

    /**
     * Moves a timer that is still pending; one the scanner fired meanwhile (it holds the row locked until it commits,
     * and the condition is checked again after) or that was cancelled stays as it is. Returns the rows moved.
     */
    public Uni<Integer> moveIfPending(UUID id, Instant deadline, Instant dueAt) {
        return update("deadline = ?1, dueAt = ?2 where id = ?3 and status = ?4", deadline, dueAt, id,
                TimerStatus.PENDING);
    }

    /** Whether the clocks of a generation were started (a supervision order's timers are not its clocks). */
    public Uni<Boolean> exists(UUID findingId, int generation) {
        return count("findingId = ?1 and generation = ?2 and kind not in ?3", findingId, generation,
                DeadlineKind.ORDERS).map(n -> n > 0);
    }

    /** Open cases with pending levels, by the ladder version they were started on. */
    public Uni<List<Object[]>> pendingCasesByLadderVersion(String district) {
        return getSession().chain(s -> s.createSelectionQuery("select t.policyVersion, count(distinct t.findingId)"
                + " from DeadlineTimer t where t.status = :pending and t.kind = :rectify and t.district = :district"
                + " group by t.policyVersion", Object[].class)
                .setParameter("pending", TimerStatus.PENDING).setParameter("rectify", DeadlineKind.RECTIFY)
                .setParameter("district", district)
                .getResultList());
    }
}
