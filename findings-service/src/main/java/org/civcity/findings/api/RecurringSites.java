package org.civcity.findings.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import org.civcity.contracts.Category;
import org.civcity.contracts.SiteType;

/**
 * Sites where problems keep coming back (屡改屡犯) within a sliding window, most recurrences first. A recurrence is a
 * finding that repeats one closed before at the same site and category; duplicates of open findings do not count.
 * {@code within} is the window as an ISO-8601 duration (P180D); {@code threshold} the recurrences at which a site
 * is due for listed supervision (挂牌督办).
 */
public record RecurringSites(String within, Instant from, Instant to, int threshold, List<Site> sites) {

    /**
     * One site (its code, else its type and name) with its township (as routed, and its name where a dispatch
     * carried one), its findings and recurrences in the window, in all and per category.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Site(int rank, SiteType siteType, String siteCode, String siteName, String township,
            String townshipLabel, long findings, long recurrences, boolean dueForListing, Instant firstObservedAt,
            Instant lastObservedAt, List<PerCategory> byCategory) {
    }

    /** The same site and one category. */
    public record PerCategory(Category category, String label, long findings, long recurrences) {
    }
}
