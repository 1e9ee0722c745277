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
public class DutyRotaRepository implements PanacheRepositoryBase<DutyRota, java.util.UUID> {

    /** Holds the lock of {@code district}'s rota until the transaction ends: one writer at a time. */
    public Uni<Void> lockForChange(String district) {
        return Panache.getSession().chain(session -> AdvisoryLocks.lock(session, "duty-rota:" + district));
    }

    /** The version in force in {@code district}, or null before its first. */
    public Uni<DutyRota> current(String district) {
        return find("district", Sort.descending("version"), district).firstResult();
    }
}
