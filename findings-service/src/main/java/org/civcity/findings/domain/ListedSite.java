package org.civcity.findings.domain;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import org.civcity.contracts.SiteType;

/** A site under listed supervision (挂牌督办) after recurring problems, from its listing to its delisting. */
@Entity
@Table(name = "listed_site")
public class ListedSite extends PanacheEntityBase {

    @Id
    public UUID id;

    /** The district the site lies in. */
    @Column(nullable = false)
    public String district;

    /** The site as the recurrence count names it: "code:" and its code, else its type and name. */
    @Column(name = "site_key", nullable = false)
    public String siteKey;

    @Enumerated(EnumType.STRING)
    @Column(name = "site_type", nullable = false)
    public SiteType siteType;

    @Column(name = "site_code")
    public String siteCode;

    @Column(name = "site_name", nullable = false)
    public String siteName;

    public String township;

    @Column(name = "lead_unit", nullable = false)
    public String leadUnit;

    /** The recurrence whose dispatch listed the site. */
    @Column(name = "finding_id", nullable = false)
    public UUID findingId;

    @Column(nullable = false)
    public int recurrences;

    @Column(name = "listed_at", nullable = false)
    public Instant listedAt;

    /** Since when no finding has been open at the site; null while one is. */
    @Column(name = "clean_since")
    public Instant cleanSince;

    /** When the clean period ends and the site is delisted, unless a finding comes first. */
    @Column(name = "delist_due")
    public Instant delistDue;

    @Column(name = "delisted_at")
    public Instant delistedAt;

    /** The key of a finding's site, the same as {@code FindingRepository.recurrences} groups by. */
    public static String siteKey(Finding finding) {
        return finding.siteCode != null ? "code:" + finding.siteCode
                : finding.siteType.name() + "|" + finding.siteName.replaceAll("^ +| +$", "");
    }
}
