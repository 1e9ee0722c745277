package org.civcity.contracts;

import jakarta.validation.constraints.NotNull;
import java.time.Instant;
import java.util.UUID;

/**
 * Data of {@code site.delisted}: a listed site (挂牌督办) stayed clean, no finding open there, from {@code cleanSince}
 * for {@code cleanPeriod} (working time on the district's calendar, as configured), so its listing {@code listingId}
 * ends. Key: findingId, the recurrence that listed it, so it follows its {@code site.listed}. Topic: civcity.sites.
 */
public record SiteDelisted(
        @NotNull UUID listingId,
        @NotNull UUID findingId,
        @NotNull String siteKey,
        @NotNull String siteName,
        String township,
        @NotNull String leadUnit,
        @NotNull Instant listedAt,
        @NotNull Instant cleanSince,
        @NotNull String cleanPeriod,
        @NotNull Instant delistedAt) {
}
