package org.civcity.escalation.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;
import org.civcity.escalation.domain.BulletinPublication;
import org.civcity.shared.lock.AdvisoryLocks;

/** Published bulletins, by period and version. */
@ApplicationScoped
public class BulletinRepository implements PanacheRepositoryBase<BulletinPublication, UUID> {

    /** Serialises publications of one period across replicas until the transaction ends, so versions never clash. */
    public Uni<Void> lockPeriod(String period) {
        return getSession().chain(s -> AdvisoryLocks.lock(s, "civcity.bulletin." + period));
    }

    /** The period's versions, oldest first. */
    public Uni<List<BulletinPublication>> ofPeriod(String period) {
        return list("period = ?1 order by version", period);
    }

    public Uni<BulletinPublication> version(String period, int version) {
        return find("period = ?1 and version = ?2", period, version).firstResult();
    }
}
