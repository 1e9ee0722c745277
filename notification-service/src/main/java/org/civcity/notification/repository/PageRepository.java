package org.civcity.notification.repository;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.civcity.notification.domain.AlertPage;
import org.civcity.notification.domain.AlertPageStep;
import org.civcity.shared.sql.NativeSql;

/** Alerts that must be acknowledged (pages) and their steps. */
@ApplicationScoped
public class PageRepository implements PanacheRepositoryBase<AlertPage, UUID> {

    /** Open pages due for a re-send or hand-over, locked, skipping those another replica holds; in a transaction. */
    public Uni<List<AlertPage>> claimDue(Instant now, int limit) {
        return Panache.getSession().chain(session -> NativeSql.entities(session, AlertPage.class,
                "SELECT id FROM alert_page WHERE status = 'OPEN' AND next_at <= $1 ORDER BY next_at"
                        + " LIMIT $2 FOR UPDATE SKIP LOCKED", now, limit));
    }

    /** The page, locked against a concurrent re-send or acknowledgement; null if none. */
    public Uni<AlertPage> locked(UUID id) {
        return findById(id, LockModeType.PESSIMISTIC_WRITE);
    }

    /** The page of one party of one event, if already opened (a redelivered event opens none). */
    public Uni<AlertPage> of(UUID eventId, String partyKey) {
        return find("eventId = ?1 and partyKey = ?2", eventId, partyKey).firstResult();
    }

    public Uni<List<AlertPage>> ofFinding(String district, UUID findingId) {
        return list("district = ?1 and findingId = ?2 order by createdAt", district, findingId);
    }

    public Uni<List<AlertPage>> open(int limit) {
        return find("status = ?1 order by createdAt", AlertPage.Status.OPEN).page(0, limit).list();
    }

    /**
     * Cancels the page's deliveries still waiting (quiet hours, a retry): acknowledged or closed, it needs no more
     * reminding.
     */
    public Uni<Integer> cancelPending(UUID page) {
        return Panache.getSession().chain(session -> session.createNativeQuery("UPDATE delivery SET status ="
                        + " 'CANCELLED', last_error = 'not sent: no longer needed' WHERE page_id = :page AND status ="
                        + " 'PENDING'")
                .setParameter("page", page)
                .executeUpdate());
    }

    /** Open pages of a finding, locked: its case closed, so they end. */
    public Uni<List<AlertPage>> openOf(UUID findingId) {
        return find("findingId = ?1 and status = ?2", findingId, AlertPage.Status.OPEN)
                .withLock(LockModeType.PESSIMISTIC_WRITE).list();
    }

    /** Puts a page whose follow-up failed back for later, so it does not block the others. */
    public Uni<Integer> deferFollowUp(UUID page, Instant until) {
        return update("nextAt = ?1 where id = ?2 and status = ?3", until, page, AlertPage.Status.OPEN);
    }

    /** Adds a step; steps are never changed. */
    public Uni<Void> record(AlertPageStep step) {
        return step.persist().replaceWithVoid();
    }

    public Uni<List<AlertPageStep>> steps(List<UUID> pages) {
        return pages.isEmpty() ? Uni.createFrom().item(List.of())
                : AlertPageStep.<AlertPageStep>list("pageId in ?1 order by seq", pages);
    }
}
