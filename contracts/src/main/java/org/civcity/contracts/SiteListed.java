package org.civcity.contracts;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Data of {@code site.listed}: problems recurred at a site (屡改屡犯) {@code recurrences} times within {@code window}
 * (an ISO-8601 duration), so the site is put under listed supervision (挂牌督办), answered for by its township and the
 * lead department of the recurrence that listed it ({@code findingId}). {@code siteKey} names the site as the
 * recurrence count does: "code:" and its code, else its type and name. {@code findingIds} are the recurrences
 * counted. The township and the department have until {@code dueBy} ({@code dueRule} of working time after the
 * listing) to set the site right. The listing lasts until {@code site.delisted} names the same {@code listingId}. Key:
 * findingId. Topic: civcity.sites.
 */
public record SiteListed(
        @NotNull UUID listingId,
        @NotNull UUID findingId,
        @NotNull String siteKey,
        @NotNull SiteType siteType,
        @NotNull String siteName,
        String siteCode,
        String township,
        String grid,
        @NotNull String leadUnit,
        @Positive int recurrences,
        @NotNull String window,
        @NotNull List<UUID> findingIds,
        @NotNull Instant listedAt,
        @NotNull Instant dueBy,
        @NotNull String dueRule) {

    public SiteListed {
        findingIds = findingIds == null ? List.of() : List.copyOf(findingIds);
    }
}
