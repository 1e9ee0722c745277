package org.civcity.assignment.repository;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.civcity.assignment.domain.RoutingVersion;
import org.civcity.shared.lock.AdvisoryLocks;

/** The published versions of the routing data. */
@ApplicationScoped
public class RoutingRepository implements PanacheRepository<RoutingVersion> {

    /** Serialises publications across replicas until the transaction ends. */
    public Uni<Void> lockPublications() {
        return Panache.getSession().chain(session -> AdvisoryLocks.lock(session, "civcity.routing"));
    }

    /** The version in force, or null before the first publication. */
    public Uni<RoutingVersion> latest() {
        return find("order by id desc").firstResult();
    }

    /** The id of the version in force, 0 before the first publication: what the refresh compares. */
    public Uni<Long> latestId() {
        return Panache.getSession().chain(s -> s.createSelectionQuery("select coalesce(max(id), 0) from RoutingVersion",
                Long.class).getSingleResult());
    }

    public Uni<RoutingVersion> byVersion(String version) {
        return find("version", version).firstResult();
    }

    /** Every version, oldest first, without needing their data. */
    public Uni<List<RoutingVersion>> history() {
        return list("order by id");
    }
}
