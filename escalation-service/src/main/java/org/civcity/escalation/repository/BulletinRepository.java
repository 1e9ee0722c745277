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

    /**
     * Serialises publications of one district's period across replicas until the transaction ends, so versions never
     * clash.
     */
    public Uni<Void> lockPeriod(String district, String period) {
        return getSession().chain(s -> AdvisoryLocks.lock(s, "civcity.bulletin." + district + "." + period));
    }

    /** The district's versions of the period, oldest first. */
    public Uni<List<BulletinPublication>> ofPeriod(String district, String period) {
        return list("district = ?1 and period = ?2 order by version", district, period);
    }

    public Uni<BulletinPublication> version(String district, String period, int version) {
        return find("district = ?1 and period = ?2 and version = ?3", district, period, version).firstResult();
    }
}
