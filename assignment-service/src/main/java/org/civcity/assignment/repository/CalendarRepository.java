package org.civcity.assignment.repository;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.civcity.assignment.domain.CalendarVersion;
import org.civcity.shared.lock.AdvisoryLocks;

/** The published calendars and their history. */
@ApplicationScoped
public class CalendarRepository implements PanacheRepository<CalendarVersion> {

    /** Serialises publications across replicas until the transaction ends, so versions are numbered without gaps. */
    public Uni<Void> lockPublications() {
        return Panache.getSession().chain(session -> AdvisoryLocks.lock(session, "civcity.calendar"));
    }

    /** The version of {@code year} in force, or null. */
    public Uni<CalendarVersion> latest(int year) {
        return find("year = ?1 order by version desc", year).firstResult();
    }

    /** Every version of {@code year}, oldest first. */
    public Uni<List<CalendarVersion>> history(int year) {
        return list("year = ?1 order by version", year);
    }

    /** The version in force of every year, in year order. */
    public Uni<List<CalendarVersion>> inForce() {
        return list("from CalendarVersion v where v.version = (select max(w.version) from CalendarVersion w"
                + " where w.year = v.year) order by v.year");
    }
}
