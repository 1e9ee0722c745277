package org.civcity.findings.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.civcity.contracts.Category;
import org.civcity.contracts.FindingSource;
import org.civcity.contracts.Severity;
import org.civcity.contracts.SiteType;
import org.civcity.findings.domain.Finding;
import org.civcity.findings.domain.FindingStatus;
import org.civcity.findings.domain.TimelineEntry;

/** A stored finding as the API returns it, with its district; the timeline only when one finding is read. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FindingView(
        UUID id,
        String district,
        FindingSource source,
        String sourceSystem,
        String sourceReference,
        String inspectionRound,
        SiteType siteType,
        String siteName,
        String siteCode,
        String siteAddress,
        String townshipName,
        Category category,
        String subcategory,
        Severity severity,
        String description,
        OffsetDateTime observedAt,
        Double latitude,
        Double longitude,
        List<FindingRequest.EvidenceItem> evidence,
        String reporter,
        BigDecimal deductionPoints,
        UUID repeatOf,
        int repeatCount,
        UUID duplicateOf,
        Instant reportedAt,
        FindingStatus status,
        String assignedUnit,
        String township,
        Instant rectifyBy,
        int escalationLevel,
        Instant closedAt,
        String outcome,
        List<Step> timeline) {

    /** One step of the timeline. */
    public record Step(String type, Instant occurredAt, String summary) {

        static Step of(TimelineEntry e) {
            return new Step(e.type, e.occurredAt, e.summary);
        }
    }

    public static FindingView of(Finding f, List<FindingRequest.EvidenceItem> evidence, List<TimelineEntry> timeline) {
        return new FindingView(f.id, f.district, f.source, f.sourceSystem, f.sourceReference, f.inspectionRound,
                f.siteType, f.siteName, f.siteCode, f.siteAddress, f.townshipName, f.category, f.subcategory,
                f.severity, f.description, f.observedAt, f.latitude, f.longitude, evidence, f.reporter,
                f.deductionPoints, f.repeatOf, f.repeatCount, f.duplicateOf, f.reportedAt, f.status, f.assignedUnit,
                f.township, f.rectifyBy, f.escalationLevel, f.closedAt, f.outcome,
                timeline == null ? null : timeline.stream().map(Step::of).toList());
    }
}
