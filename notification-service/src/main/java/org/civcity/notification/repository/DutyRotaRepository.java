package org.civcity.notification.repository;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.civcity.notification.domain.DutyRota;
import org.civcity.shared.lock.AdvisoryLocks;

/** The duty rota's versions; the highest is in force. */
@ApplicationScoped
public class DutyRotaRepository implements PanacheRepositoryBase<DutyRota, Integer> {

    /** Holds the rota's lock until the transaction ends: one writer at a time. */
    public Uni<Void> lockForChange() {
        return Panache.getSession().chain(session -> AdvisoryLocks.lock(session, "duty-rota"));
    }

    /** The version in force, or null before the first. */
    public Uni<DutyRota> current() {
        return findAll(Sort.descending("version")).firstResult();
    }
}
