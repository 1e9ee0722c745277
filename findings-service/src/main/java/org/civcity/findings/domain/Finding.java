package org.civcity.findings.domain;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.civcity.contracts.Category;
import org.civcity.contracts.FindingReported;
import org.civcity.contracts.FindingSource;
import org.civcity.contracts.Severity;
import org.civcity.contracts.SiteType;

/** One problem observed at one site, as accepted at intake. */
@Entity
@Table(name = "finding")
public class Finding extends PanacheEntityBase {

    @Id
    public UUID id;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public FindingSource source;

    @Column(name = "source_system", nullable = false)
    public String sourceSystem;

    @Column(name = "source_reference", nullable = false)
    public String sourceReference;

    @Enumerated(EnumType.STRING)
    @Column(name = "site_type", nullable = false)
    public SiteType siteType;

    @Column(name = "site_name", nullable = false)
    public String siteName;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Category category;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Severity severity;

    @Column(nullable = false)
    public String description;

    @Column(name = "observed_at", nullable = false)
    public OffsetDateTime observedAt;

    public Double latitude;

    public Double longitude;

    @Column(name = "reported_at", nullable = false)
    public Instant reportedAt;

    /** The OAuth client (machine accounts) or user that posted it. */
    @Column(name = "reported_by", nullable = false)
    public String reportedBy;

    /** The fact published to the other services. */
    public FindingReported toEvent() {
        return new FindingReported(id, source, sourceSystem, sourceReference, siteType, siteName, category, severity,
                description, observedAt, latitude, longitude, reportedAt);
    }
}
