package org.civcity.notification.domain;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A case as this service knows it from events; written only by single-statement upserts, read for messages. */
@Entity
@Table(name = "case_view")
public class CaseView extends PanacheEntityBase {

    @Id
    @Column(name = "finding_id")
    public UUID findingId;

    /** The district it belongs to (#24). */
    @Column(nullable = false)
    public String district;

    @Column(name = "source_system")
    public String sourceSystem;

    @Column(name = "source_reference")
    public String sourceReference;

    @Column(name = "site_name")
    public String siteName;

    @Column(name = "site_type")
    public String siteType;

    public String category;

    public String severity;

    @Column(name = "lead_unit")
    public String leadUnit;

    public String township;

    /** The last case event's state: REPORTED, ASSIGNED, ACKNOWLEDGED, RECTIFIED, REWORK, CLOSED. */
    public String state;

    public String outcome;

    public int generation;

    @Column(name = "rectify_by")
    public Instant rectifyBy;

    @Column(name = "closed_at")
    public Instant closedAt;

    @Column(name = "escalation_level")
    public int escalationLevel;

    @Column(name = "updated_at")
    public Instant updatedAt;
}
