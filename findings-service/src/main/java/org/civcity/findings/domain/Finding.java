package org.civcity.findings.domain;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.civcity.contracts.Category;
import org.civcity.contracts.FindingSource;
import org.civcity.contracts.Severity;
import org.civcity.contracts.SiteType;

/** One problem observed at one site, as accepted at intake, with its status from the case events. */
@Entity
@Table(name = "finding")
public class Finding extends PanacheEntityBase {

    @Id
    public UUID id;

    /** The district it was reported in (the reporter's token names it); no other district sees it. */
    @Column(nullable = false)
    public String district;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public FindingSource source;

    @Column(name = "source_system", nullable = false)
    public String sourceSystem;

    @Column(name = "source_reference", nullable = false)
    public String sourceReference;

    @Column(name = "inspection_round")
    public String inspectionRound;

    @Enumerated(EnumType.STRING)
    @Column(name = "site_type", nullable = false)
    public SiteType siteType;

    @Column(name = "site_name", nullable = false)
    public String siteName;

    @Column(name = "site_code")
    public String siteCode;

    @Column(name = "site_address")
    public String siteAddress;

    /** The township as the reporter names it (所属街道); the one the case was routed to is {@link #township}. */
    @Column(name = "township_name")
    public String townshipName;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Category category;

    public String subcategory;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Severity severity;

    @Column(nullable = false)
    public String description;

    @Column(name = "observed_at", nullable = false)
    public OffsetDateTime observedAt;

    public Double latitude;

    public Double longitude;

    /** Evidence items as JSON (url, sha256, mediaType). */
    @Column(nullable = false, columnDefinition = "text")
    public String evidence;

    public String reporter;

    @Column(name = "deduction_points")
    public BigDecimal deductionPoints;

    @Column(name = "repeat_of")
    public UUID repeatOf;

    @Column(name = "repeat_count", nullable = false)
    public int repeatCount;

    @Column(name = "duplicate_of")
    public UUID duplicateOf;

    @Column(name = "reported_at", nullable = false)
    public Instant reportedAt;

    /** The OAuth client (machine accounts) or user that posted it. */
    @Column(name = "reported_by", nullable = false)
    public String reportedBy;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public FindingStatus status;

    @Column(name = "assigned_unit")
    public String assignedUnit;

    /** The territorial township office (属地) named at dispatch. */
    public String township;

    @Column(name = "rectify_by")
    public Instant rectifyBy;

    @Column(name = "escalation_level", nullable = false)
    public int escalationLevel;

    @Column(name = "closed_at")
    public Instant closedAt;

    public String outcome;

    /** Optimistic lock: a concurrent change makes the later transaction fail and retry instead of overwriting. */
    @Version
    @Column(nullable = false)
    public int version;
}
