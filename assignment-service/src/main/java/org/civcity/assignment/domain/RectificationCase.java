package org.civcity.assignment.domain;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import org.civcity.contracts.Category;
import org.civcity.contracts.FindingAssigned;
import org.civcity.contracts.Severity;
import org.civcity.contracts.SiteType;

/** The case opened for one finding: who must fix it and by when, under which policy version. */
@Entity
@Table(name = "rectification_case")
public class RectificationCase extends PanacheEntityBase {

    @Id
    @Column(name = "finding_id")
    public UUID findingId;

    /** Dispatch generation: a rework or transfer opens a new one. */
    @Column(nullable = false)
    public int generation;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public CaseState state;

    @Column(name = "lead_unit", nullable = false)
    public String leadUnit;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Category category;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Severity severity;

    @Enumerated(EnumType.STRING)
    @Column(name = "site_type", nullable = false)
    public SiteType siteType;

    @Column(name = "site_name", nullable = false)
    public String siteName;

    @Column(name = "dispatched_at", nullable = false)
    public Instant dispatchedAt;

    @Column(name = "acknowledge_by", nullable = false)
    public Instant acknowledgeBy;

    @Column(name = "rectify_by", nullable = false)
    public Instant rectifyBy;

    @Column(name = "policy_version", nullable = false)
    public String policyVersion;

    @Column(name = "acknowledged_at")
    public Instant acknowledgedAt;

    @Column(name = "acknowledged_by")
    public String acknowledgedBy;

    public FindingAssigned toEvent() {
        return new FindingAssigned(findingId, generation, leadUnit, category, severity, siteType, siteName,
                dispatchedAt, acknowledgeBy, rectifyBy, policyVersion);
    }
}
