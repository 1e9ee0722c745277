package org.civcity.findings.api;

import java.math.BigDecimal;
import java.util.List;

/** One evaluation round at a glance: its findings and deduction points in all and by site type, category, township. */
public record RoundSummary(String round, long findings, BigDecimal deductionPoints, List<Group> bySiteType,
        List<Group> byCategory, List<Group> byTownship) {

    /** Findings and deduction points of one site type, category or township ({@code key} null: not yet routed). */
    public record Group(String key, String label, long findings, BigDecimal deductionPoints) {
    }
}
