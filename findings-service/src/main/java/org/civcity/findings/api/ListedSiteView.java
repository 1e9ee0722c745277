package org.civcity.findings.api;

import java.time.Instant;
import java.util.UUID;
import org.civcity.contracts.SiteType;

/**
 * A site under listed supervision (挂牌督办), or one taken off it: where it is, who answers for it (the township and
 * the lead department, with their names where a dispatch carried them), the recurrences that listed it, and its
 * clean period: {@code cleanSince} (no finding open there since) and {@code delistDue} (when it comes off unless a
 * finding comes first); both null while a finding is open there.
 */
public record ListedSiteView(UUID listingId, boolean active, SiteType siteType, String siteTypeLabel,
        String siteCode, String siteName, String township, String townshipName, String leadUnit,
        String leadUnitName, UUID findingId, int recurrences, Instant listedAt, Instant cleanSince, Instant delistDue,
        Instant delistedAt) {
}
