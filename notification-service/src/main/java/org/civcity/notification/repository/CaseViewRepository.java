package org.civcity.notification.repository;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.civcity.contracts.EscalationRaised;
import org.civcity.contracts.FindingReported;
import org.civcity.notification.domain.CaseView;
import org.civcity.shared.inbox.PoisonEventException;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * The case projection. Three topics write it with no order between them, so each event is one upsert that only
 * fills in what it knows: no read-modify-write, no lost update between consumers.
 */
@ApplicationScoped
public class CaseViewRepository implements PanacheRepositoryBase<CaseView, UUID> {

    /** What a case event says; null fields leave the stored value alone. */
    public record Change(UUID findingId, int generation, String state, String leadUnit, String township,
            String siteName, String siteType, String category, String severity, Instant rectifyBy, String outcome,
            Instant closedAt, Instant at) {
    }

    /** Open cases of {@code district} past their deadline: all (area null) or led by or located in {@code area}. */
    public Uni<List<CaseView>> overdue(String district, Instant now, String area) {
        return area == null
                ? list("district = ?1 and closedAt is null and rectifyBy < ?2 order by rectifyBy", district, now)
                : list("district = ?1 and closedAt is null and rectifyBy < ?2 and (leadUnit = ?3 or township = ?3)"
                        + " order by rectifyBy", district, now, area);
    }

    /** Cases of {@code district} whose deadline fell in [from, to]. */
    public Uni<List<CaseView>> dueBetween(String district, Instant from, Instant to) {
        return list("district = ?1 and rectifyBy >= ?2 and rectifyBy <= ?3", district, from, to);
    }

    public Uni<List<CaseView>> byIds(Collection<UUID> findingIds) {
        return list("findingId in ?1", findingIds);
    }

    /**
     * The first event read of a finding names its district; a row keeps it, and an event naming another district is
     * poison (a finding's events all come from its own district).
     */
    public Uni<Integer> reported(String district, FindingReported e) {
        return inDistrict(e.findingId(), district, """
                INSERT INTO case_view (finding_id, district, source_system, source_reference, site_name, site_type,
                    category, severity, state, generation, escalation_level, updated_at)
                VALUES (:id, :district, :system, :reference, :site, :siteType, :category, :severity, 'REPORTED', 0, 0,
                    :at)
                ON CONFLICT (finding_id) DO UPDATE SET
                    source_system = EXCLUDED.source_system,
                    source_reference = EXCLUDED.source_reference,
                    site_name = COALESCE(case_view.site_name, EXCLUDED.site_name),
                    site_type = COALESCE(case_view.site_type, EXCLUDED.site_type),
                    category = COALESCE(case_view.category, EXCLUDED.category),
                    severity = COALESCE(case_view.severity, EXCLUDED.severity),
                    state = COALESCE(case_view.state, EXCLUDED.state)
                WHERE case_view.district = EXCLUDED.district
                """, q -> q.setParameter("id", e.findingId())
                .setParameter("district", district)
                .setParameter("system", e.sourceSystem())
                .setParameter("reference", e.sourceReference())
                .setParameter("site", e.siteName())
                .setParameter("siteType", e.siteType().name())
                .setParameter("category", e.category().name())
                .setParameter("severity", e.severity().name())
                .setParameter("at", e.reportedAt()));
    }

    /**
     * Applies a change as of its generation and time, whatever order changes arrive in: an older generation's, or an
     * earlier moment's of the same generation, does not overwrite a newer state, lead unit or deadline, and a closed
     * case stays closed. A row without a state (made by an extension or escalation read first) takes any.
     */
    public Uni<Integer> changed(String district, Change c) {
        return inDistrict(c.findingId(), district, """
                INSERT INTO case_view (finding_id, district, site_name, site_type, category, severity, lead_unit,
                    township, state, outcome, generation, rectify_by, closed_at, escalation_level, updated_at)
                VALUES (:id, :district, :site, :siteType, :category, :severity, :leadUnit, :township, :state, :outcome,
                    :generation, :rectifyBy, :closedAt, 0, :at)
                ON CONFLICT (finding_id) DO UPDATE SET
                    site_name = COALESCE(EXCLUDED.site_name, case_view.site_name),
                    site_type = COALESCE(EXCLUDED.site_type, case_view.site_type),
                    category = COALESCE(EXCLUDED.category, case_view.category),
                    severity = COALESCE(EXCLUDED.severity, case_view.severity),
                    lead_unit = CASE WHEN case_view.lead_unit IS NULL OR (EXCLUDED.generation >= case_view.generation
                        AND case_view.closed_at IS NULL) THEN COALESCE(EXCLUDED.lead_unit, case_view.lead_unit)
                        ELSE case_view.lead_unit END,
                    township = COALESCE(case_view.township, EXCLUDED.township),
                    state = CASE WHEN case_view.state IS NULL THEN EXCLUDED.state
                        WHEN case_view.closed_at IS NOT NULL AND EXCLUDED.closed_at IS NULL
                            THEN case_view.state
                        WHEN EXCLUDED.generation > case_view.generation
                            OR (EXCLUDED.generation = case_view.generation
                                AND EXCLUDED.updated_at >= case_view.updated_at)
                            OR EXCLUDED.closed_at IS NOT NULL
                            THEN COALESCE(EXCLUDED.state, case_view.state)
                        ELSE case_view.state END,
                    outcome = COALESCE(case_view.outcome, EXCLUDED.outcome),
                    escalation_level = CASE WHEN EXCLUDED.generation > case_view.generation THEN 0
                        ELSE case_view.escalation_level END,
                    generation = GREATEST(EXCLUDED.generation, case_view.generation),
                    rectify_by = CASE WHEN case_view.rectify_by IS NULL OR EXCLUDED.generation > case_view.generation
                            OR (EXCLUDED.generation = case_view.generation
                                AND EXCLUDED.updated_at >= case_view.updated_at)
                        THEN COALESCE(EXCLUDED.rectify_by, case_view.rectify_by) ELSE case_view.rectify_by END,
                    closed_at = COALESCE(EXCLUDED.closed_at, case_view.closed_at),
                    updated_at = GREATEST(EXCLUDED.updated_at, case_view.updated_at)
                WHERE case_view.district = EXCLUDED.district
                """, q -> q.setParameter("id", c.findingId())
                .setParameter("district", district)
                .setParameter("site", c.siteName())
                .setParameter("siteType", c.siteType())
                .setParameter("category", c.category())
                .setParameter("severity", c.severity())
                .setParameter("leadUnit", c.leadUnit())
                .setParameter("township", c.township())
                .setParameter("state", c.state())
                .setParameter("outcome", c.outcome())
                .setParameter("generation", c.generation())
                .setParameter("rectifyBy", c.rectifyBy())
                .setParameter("closedAt", c.closedAt())
                .setParameter("at", c.at()));
    }

    /**
     * Logs the escalation once and raises the case's level for its generation. An escalation is not a state: a row it
     * creates (read before the dispatch, on another topic) gets the earliest state time, so any case event read after
     * it sets the state.
     */
    public Uni<Integer> escalated(String district, EscalationRaised e) {
        return execute("""
                INSERT INTO escalation_log (escalation_id, district, finding_id, level, target, unit, raised_at,
                    proposal)
                VALUES (:escalation, :district, :id, :level, :target, :unit, :at, :proposal) ON CONFLICT DO NOTHING
                """, q -> q.setParameter("escalation", e.escalationId())
                .setParameter("district", district)
                .setParameter("proposal", e.reason().contains("ACCOUNTABILITY_PROPOSAL"))
                .setParameter("id", e.findingId())
                .setParameter("level", e.level())
                .setParameter("target", e.target())
                .setParameter("unit", e.unit())
                .setParameter("at", e.raisedAt()))
                .chain(() -> inDistrict(e.findingId(), district, """
                        INSERT INTO case_view (finding_id, district, lead_unit, generation, escalation_level,
                            updated_at)
                        VALUES (:id, :district, :unit, :generation, :level, TIMESTAMPTZ 'epoch')
                        ON CONFLICT (finding_id) DO UPDATE SET
                            escalation_level = CASE
                                WHEN EXCLUDED.generation > case_view.generation THEN EXCLUDED.escalation_level
                                WHEN EXCLUDED.generation = case_view.generation
                                    THEN GREATEST(EXCLUDED.escalation_level, case_view.escalation_level)
                                ELSE case_view.escalation_level END,
                            generation = GREATEST(EXCLUDED.generation, case_view.generation),
                            lead_unit = COALESCE(case_view.lead_unit, EXCLUDED.lead_unit)
                        WHERE case_view.district = EXCLUDED.district
                        """, q -> q.setParameter("id", e.findingId())
                        .setParameter("district", district)
                        .setParameter("unit", e.unit())
                        .setParameter("generation", e.generation())
                        .setParameter("level", e.level())));
    }

    /** The stored row, read fresh from the database (the upserts above bypass the session). */
    public Uni<CaseView> current(UUID findingId) {
        return Panache.getSession().chain(s -> s.find(CaseView.class, findingId));
    }

    /** Runs an upsert of {@code district}'s row of the finding; refuses (poison) a row of another district. */
    private static Uni<Integer> inDistrict(UUID findingId, String district, String sql,
            UnaryOperator<Mutiny.Query<Object>> parameters) {
        return execute(sql, parameters).invoke(rows -> {
            if (rows == 0) {
                throw new PoisonEventException("finding " + findingId + " is another district's than " + district);
            }
        });
    }

    private static Uni<Integer> execute(String sql, UnaryOperator<Mutiny.Query<Object>> parameters) {
        return Panache.getSession().chain(s -> parameters.apply(s.<Object>createNativeQuery(sql)).executeUpdate());
    }
}
