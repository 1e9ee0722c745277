package org.civcity.escalation.repository;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.civcity.escalation.domain.DeadlineKind;
import org.civcity.escalation.domain.LadderVersion;
import org.civcity.escalation.domain.TimerStatus;
import org.civcity.shared.lock.AdvisoryLocks;

/** The published versions of the escalation ladder. */
@ApplicationScoped
public class LadderRepository implements PanacheRepository<LadderVersion> {

    /** Serialises publications across replicas until the transaction ends. */
    public Uni<Void> lockPublications() {
        return Panache.getSession().chain(session -> AdvisoryLocks.lock(session, "civcity.ladder"));
    }

    public Uni<LadderVersion> latest() {
        return find("order by id desc").firstResult();
    }

    public Uni<LadderVersion> byVersion(String version) {
        return find("version", version).firstResult();
    }

    /** Every version, oldest first. */
    public Uni<List<LadderVersion>> history() {
        return list("order by id");
    }

    /** Pending timers by the ladder version they were started on: who a new version leaves on an older one. */
    public Uni<List<Object[]>> pendingByVersion() {
        return Panache.getSession().chain(s -> s.createSelectionQuery("select t.policyVersion,"
                + " count(distinct t.findingId) from DeadlineTimer t where t.status = :pending and t.kind = :rectify"
                + " group by t.policyVersion", Object[].class)
                .setParameter("pending", TimerStatus.PENDING).setParameter("rectify", DeadlineKind.RECTIFY)
                .getResultList());
    }
}
