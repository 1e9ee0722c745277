package org.civcity.assignment.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.civcity.assignment.domain.CaseHistory;
import org.civcity.assignment.domain.CaseState;
import org.civcity.assignment.domain.RectificationCase;
import org.civcity.contracts.Category;
import org.civcity.contracts.Severity;
import org.civcity.contracts.SiteType;

/**
 * A case as the API returns it; with its history when one case is read. {@code township} is the township it was routed
 * to, {@code townshipName} the one its reporter named (所属街道); {@code deductionPoints} the evaluator's (扣分).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CaseView(
        UUID findingId,
        String district,
        int generation,
        CaseState state,
        String leadUnit,
        String township,
        String townshipName,
        String grid,
        List<String> supportingUnits,
        Category category,
        String subcategory,
        Severity severity,
        SiteType siteType,
        String siteName,
        int repeatCount,
        BigDecimal deductionPoints,
        Instant dispatchedAt,
        Instant acknowledgeBy,
        Instant rectifyBy,
        String acknowledgeRule,
        String rectifyRule,
        String policyVersion,
        String routingVersion,
        Instant acknowledgedAt,
        String acknowledgedBy,
        Instant rectifiedAt,
        int reworkCount,
        int transferCount,
        int extensionCount,
        String pendingTransfer,
        Instant pendingExtensionUntil,
        Instant closedAt,
        String outcome,
        boolean overdue,
        List<Step> history) {

    /** One transition of the case. */
    public record Step(int generation, String action, String actor, Instant at, String detail) {
    }

    public static CaseView of(RectificationCase c) {
        return of(c, null);
    }

    public static CaseView of(RectificationCase c, List<CaseHistory> history) {
        boolean overdue = c.state != CaseState.CLOSED && c.rectifyBy != null && c.rectifyBy.isBefore(Instant.now());
        return new CaseView(c.findingId, c.district, c.generation, c.state, c.leadUnit, c.township, c.townshipName,
                c.grid, c.supporting(), c.category, c.subcategory, c.severity, c.siteType, c.siteName, c.repeatCount,
                c.deductionPoints, c.dispatchedAt, c.acknowledgeBy, c.rectifyBy, c.acknowledgeRule, c.rectifyRule,
                c.policyVersion, c.routingVersion, c.acknowledgedAt, c.acknowledgedBy, c.rectifiedAt, c.reworkCount,
                c.transferCount, c.extensionCount, c.pendingTransfer, c.pendingExtensionUntil, c.closedAt, c.outcome,
                overdue, history == null ? null : history.stream()
                        .map(h -> new Step(h.generation, h.action, h.actor, h.at, h.detail)).toList());
    }
}
