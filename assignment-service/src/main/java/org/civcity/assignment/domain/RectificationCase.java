package org.civcity.assignment.domain;

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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
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

    /** The district of its finding (finding.reported's district); no other district sees the case. */
    @Column(nullable = false)
    public String district;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public CaseState state;

    /** Null while the case waits in triage. */
    @Column(name = "lead_unit")
    public String leadUnit;

    /** The territorial township office (属地), when the finding's place names one. */
    public String township;

    /** The community grid (社区/网格) within the township that holds the place, where the routing data has grids. */
    public String grid;

    /** Units that must help, comma-separated. */
    @Column(name = "supporting_units", nullable = false)
    public String supportingUnits;

    public String subcategory;

    @Column(name = "site_code")
    public String siteCode;

    /** The evaluation round (测评轮次) the finding came from, if any. */
    @Column(name = "inspection_round")
    public String inspectionRound;

    /** Where the finding lies (WGS-84), when its report gave it. */
    public Double latitude;

    public Double longitude;

    @Column(name = "repeat_count", nullable = false)
    public int repeatCount;

    /** The township as the reporter named it (所属街道): routing's last resort for the township. */
    @Column(name = "township_name")
    public String townshipName;

    /** The evaluator's deduction points (扣分), carried to the assessment. */
    @Column(name = "deduction_points")
    public BigDecimal deductionPoints;

    @Column(name = "routing_version")
    public String routingVersion;

    @Column(name = "acknowledge_rule")
    public String acknowledgeRule;

    @Column(name = "rectify_rule")
    public String rectifyRule;

    @Column(name = "rework_count", nullable = false)
    public int reworkCount;

    @Column(name = "transfer_count", nullable = false)
    public int transferCount;

    @Column(name = "extension_count", nullable = false)
    public int extensionCount;

    /** The state a pending transfer request interrupted, to return to on rejection. */
    @Enumerated(EnumType.STRING)
    @Column(name = "state_before_request")
    public CaseState stateBeforeRequest;

    @Column(name = "pending_transfer")
    public String pendingTransfer;

    @Column(name = "pending_extension_until")
    public Instant pendingExtensionUntil;

    @Column(name = "pending_extension_reason")
    public String pendingExtensionReason;

    @Column(name = "rectified_at")
    public Instant rectifiedAt;

    @Column(name = "closed_at")
    public Instant closedAt;

    public String outcome;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    /** Optimistic lock: a concurrent change makes the later transaction fail and retry instead of overwriting. */
    @Version
    @Column(nullable = false)
    public int version;

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

    @Column(name = "acknowledge_by")
    public Instant acknowledgeBy;

    @Column(name = "rectify_by")
    public Instant rectifyBy;

    @Column(name = "policy_version", nullable = false)
    public String policyVersion;

    @Column(name = "acknowledged_at")
    public Instant acknowledgedAt;

    @Column(name = "acknowledged_by")
    public String acknowledgedBy;

    /** The dispatch as announced, with the names of the units it names ({@code names}: code to name). */
    public FindingAssigned toEvent(Function<String, Optional<String>> names) {
        Map<String, String> named = new LinkedHashMap<>();
        List<String> codes = new ArrayList<>(supporting());
        codes.add(0, leadUnit);
        if (township != null) {
            codes.add(1, township);
        }
        if (grid != null) {
            codes.add(grid);
        }
        codes.forEach(code -> names.apply(code).ifPresent(name -> named.put(code, name)));
        return new FindingAssigned(findingId, generation, leadUnit, township, supporting(), category, severity,
                siteType, siteName, dispatchedAt, acknowledgeBy, rectifyBy, policyVersion, repeatCount, named, grid,
                deductionPoints, latitude, longitude, siteCode, inspectionRound);
    }

    public List<String> supporting() {
        return supportingUnits == null || supportingUnits.isBlank() ? List.of()
                : List.of(supportingUnits.split(","));
    }
}
