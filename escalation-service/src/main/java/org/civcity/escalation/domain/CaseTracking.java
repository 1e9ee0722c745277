package org.civcity.escalation.domain;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/** What the assessment needs of one case, kept from the case events. */
@Entity
@Table(name = "case_tracking")
public class CaseTracking extends PanacheEntityBase {

    @Id
    @Column(name = "finding_id")
    public UUID findingId;

    /** The district of the case (of the first event read about it); no other district sees it. */
    @Column(nullable = false)
    public String district;

    public String unit;

    /** The territorial township office (属地), when routing found one. */
    public String township;

    /** The community grid (社区/网格) within the township, where the routing data has one. */
    public String grid;

    @Column(nullable = false)
    public int generation;

    /**
     * The latest generation whose opening event (dispatch, rework, transfer) was read: an opening event of this
     * generation or an older one, read late, starts nothing.
     */
    @Column(name = "opened_generation", nullable = false)
    public int openedGeneration;

    @Column(name = "dispatched_at", nullable = false)
    public Instant dispatchedAt;

    @Column(name = "rectify_by")
    public Instant rectifyBy;

    @Column(name = "closed_at")
    public Instant closedAt;

    public String outcome;

    @Column(name = "rework_count", nullable = false)
    public int reworkCount;

    @Column(name = "report_count", nullable = false)
    public int reportCount;

    @Column(name = "repeat_count", nullable = false)
    public int repeatCount;

    /** The evaluator's deduction points (扣分) for the finding; null when none were given. */
    @Column(name = "deduction_points")
    public BigDecimal deductionPoints;

    /** The site the problem is at, and where (WGS-84), for the hot-spot map; null when not known. */
    @Column(name = "site_name")
    public String siteName;

    @Column(name = "site_type")
    public String siteType;

    @Column(name = "site_code")
    public String siteCode;

    /** The evaluation round (测评轮次) the finding came from, for the bulletin's round comparison. */
    @Column(name = "inspection_round")
    public String inspectionRound;

    public Double latitude;

    public Double longitude;

    /** The latest generation an acknowledgement was read for, possibly before that generation was opened. */
    @Column(name = "acknowledged_generation", nullable = false)
    public int acknowledgedGeneration;

    /** The generation of the latest extension read, its deadline and when it was approved (0/null: none). */
    @Column(name = "extended_generation", nullable = false)
    public int extendedGeneration;

    @Column(name = "extended_rectify_by")
    public Instant extendedRectifyBy;

    @Column(name = "extended_at")
    public Instant extendedAt;
}
