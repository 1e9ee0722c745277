package org.civcity.findings.api;

import java.math.BigDecimal;
import java.util.List;

/**
 * A round against an earlier one: better or worse in all and by site type, category and township, and which
 * inspection points are new, recurring (屡改屡犯: found again) or cleared.
 */
public record RoundComparison(String round, String previousRound, Totals previous, Totals current, Trend trend,
        List<Change> bySiteType, List<Change> byCategory, List<Change> byTownship, List<Point> recurringPoints,
        List<Point> newPoints, List<Point> clearedPoints) {

    /** A round's findings and deduction points. */
    public record Totals(long findings, BigDecimal deductionPoints) {
    }

    /** WORSE: more findings (or as many with more deduction points); BETTER: fewer; SAME otherwise. */
    public enum Trend {
        BETTER,
        SAME,
        WORSE
    }

    /** One site type, category or township in both rounds. */
    public record Change(String key, String label, long previous, long current, long difference,
            BigDecimal previousDeductionPoints, BigDecimal currentDeductionPoints) {
    }

    /** An inspection point (its site code, else its site type and name) with its findings in each round. */
    public record Point(String siteType, String siteCode, String siteName, long previous, long current) {
    }
}
