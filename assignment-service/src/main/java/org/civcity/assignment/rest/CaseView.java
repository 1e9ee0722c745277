package org.civcity.assignment.rest;

import java.time.Instant;
import java.util.UUID;
import org.civcity.assignment.domain.CaseState;
import org.civcity.assignment.domain.RectificationCase;
import org.civcity.contracts.Category;
import org.civcity.contracts.Severity;
import org.civcity.contracts.SiteType;

/** A case as the API returns it. */
public record CaseView(
        UUID findingId,
        int generation,
        CaseState state,
        String leadUnit,
        Category category,
        Severity severity,
        SiteType siteType,
        String siteName,
        Instant dispatchedAt,
        Instant acknowledgeBy,
        Instant rectifyBy,
        String policyVersion,
        Instant acknowledgedAt,
        String acknowledgedBy) {

    public static CaseView of(RectificationCase c) {
        return new CaseView(c.findingId, c.generation, c.state, c.leadUnit, c.category, c.severity, c.siteType,
                c.siteName, c.dispatchedAt, c.acknowledgeBy, c.rectifyBy, c.policyVersion, c.acknowledgedAt,
                c.acknowledgedBy);
    }
}
