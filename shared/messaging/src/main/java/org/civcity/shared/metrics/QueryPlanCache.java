package org.civcity.shared.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.query.spi.QueryInterpretationCache;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Hibernate's query plan cache as gauges. A native query with a scalar result class (Long.class, UUID.class...) gets
 * a cache key that never equals another, so each execution adds a plan: the cache fills with copies of one query,
 * evicts the plans worth keeping (each re-translated at its next use) and every lookup scans a bucket of equal
 * hashes. A count that keeps growing at a steady load shows such a query.
 */
@ApplicationScoped
public class QueryPlanCache {

    private final Mutiny.SessionFactory sessionFactory;

    public QueryPlanCache(Mutiny.SessionFactory sessionFactory) {
        this.sessionFactory = sessionFactory;
    }

    void register(@Observes StartupEvent event, MeterRegistry registry) {
        Gauge.builder("civcity.hibernate.query.plans", this, c -> c.plans())
                .description("Query plans in Hibernate's cache (bounded; a steady growth means a query misses it)")
                .register(registry);
    }

    /** The number of query plans cached now. */
    public int plans() {
        return cache().getNumberOfCachedQueryPlans();
    }

    private QueryInterpretationCache cache() {
        // Hibernate Reactive exposes the ORM factory only through its second-level cache's owner.
        return ((SessionFactoryImplementor) sessionFactory.getCache().getSessionFactory()).getQueryEngine()
                .getInterpretationCache();
    }
}
