package org.civcity.notification.service;

import io.quarkus.qute.TemplateData;
import java.util.List;

/**
 * What the daily digest template shows one leader; {@code calendarWarning} is set when the published working calendar
 * ends in fewer than {@link org.civcity.shared.calendar.WorkingCalendar#COVERAGE_WARNING_DAYS} days; {@code ledgerHead}
 * names the accountability ledger's last record as published, once there is one; {@code awaiting} are accountability
 * proposals no disposition has settled yet.
 */
@TemplateData
public record DigestText(String name, String area, String date, String asOf, int overdueCount,
        List<OverdueLine> overdue, int escalationCount, List<EscalationLine> escalations, int awaitingCount,
        List<EscalationLine> awaiting, List<RankLine> top, List<RankLine> bottom, String calendarWarning,
        String ledgerHead) {

    /** An open case past its rectification deadline. */
    @TemplateData
    public record OverdueLine(String site, String unit, String township, String overdue, int level, String link) {
    }

    /** An escalation raised since the previous digest. */
    @TemplateData
    public record EscalationLine(String time, String site, String unit, int level, String target) {
    }

    /** A unit's place in the ranking by on-time closure rate. */
    @TemplateData
    public record RankLine(int rank, String unit, String rate, long overdue) {
    }
}
