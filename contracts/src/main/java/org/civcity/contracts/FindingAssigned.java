package org.civcity.contracts;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Data of {@code finding.assigned}: a case was dispatched to its lead unit; both clocks start at dispatchedAt.
 * {@code unitNames} gives the names people use (城市管理局, 新华街道) of the lead unit, the township and the supporting
 * units, by code, as the routing data in force has them; empty when unknown. {@code grid} is the community grid
 * (社区/网格) within the township that holds the place, where the routing data has grids; its name is in
 * {@code unitNames} too. {@code deductionPoints} are the evaluator's (扣分), counted in the assessment of the lead unit
 * and of the township. {@code latitude} and {@code longitude} (WGS-84) place the problem on the district's map when
 * the finding was reported with them. {@code siteCode} is the site's registered code, {@code inspectionRound} the
 * evaluation round (测评轮次) the finding came from; null when it has none.
 */
public record FindingAssigned(
        @NotNull UUID findingId,
        @Positive int generation,
        @NotNull String leadUnit,
        String township,
        @NotNull List<String> supportingUnits,
        @NotNull Category category,
        @NotNull Severity severity,
        @NotNull SiteType siteType,
        @NotNull String siteName,
        @NotNull Instant dispatchedAt,
        @NotNull Instant acknowledgeBy,
        @NotNull Instant rectifyBy,
        @NotNull String policyVersion,
        int repeatCount,
        Map<String, String> unitNames,
        String grid,
        BigDecimal deductionPoints,
        Double latitude,
        Double longitude,
        String siteCode,
        String inspectionRound) {

    public FindingAssigned {
        unitNames = unitNames == null ? Map.of() : Map.copyOf(unitNames);
    }

    /** Without a place on the map, as before it travelled in the event. */
    public FindingAssigned(UUID findingId, int generation, String leadUnit, String township,
            List<String> supportingUnits, Category category, Severity severity, SiteType siteType, String siteName,
            Instant dispatchedAt, Instant acknowledgeBy, Instant rectifyBy, String policyVersion, int repeatCount,
            Map<String, String> unitNames, String grid, BigDecimal deductionPoints) {
        this(findingId, generation, leadUnit, township, supportingUnits, category, severity, siteType, siteName,
                dispatchedAt, acknowledgeBy, rectifyBy, policyVersion, repeatCount, unitNames, grid, deductionPoints,
                null, null, null, null);
    }

    /** Without names, as before they travelled in the event. */
    public FindingAssigned(UUID findingId, int generation, String leadUnit, String township,
            List<String> supportingUnits, Category category, Severity severity, SiteType siteType, String siteName,
            Instant dispatchedAt, Instant acknowledgeBy, Instant rectifyBy, String policyVersion, int repeatCount) {
        this(findingId, generation, leadUnit, township, supportingUnits, category, severity, siteType, siteName,
                dispatchedAt, acknowledgeBy, rectifyBy, policyVersion, repeatCount, Map.of(), null, null, null, null,
                null, null);
    }
}
