package org.civcity.escalation.domain;

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

/** A site under listed supervision (挂牌督办), as site.listed announced it, with its order and ledger records. */
@Entity
@Table(name = "listed_site")
public class ListedSite extends PanacheEntityBase {

    @Id
    @Column(name = "listing_id")
    public UUID listingId;

    /** The district it belongs to (#24). */
    @Column(nullable = false)
    public String district;

    /** The recurrence that listed the site; its case carries the listing's supervision order. */
    @Column(name = "finding_id", nullable = false)
    public UUID findingId;

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

    public String grid;

    @Column(name = "lead_unit", nullable = false)
    public String leadUnit;

    @Column(nullable = false)
    public int recurrences;

    /** The window the recurrences were counted in, as an ISO-8601 duration. */
    @Column(name = "recurrence_window", nullable = false)
    public String recurrenceWindow;

    @Column(name = "listed_at", nullable = false)
    public Instant listedAt;

    @Column(name = "order_id", nullable = false)
    public UUID orderId;

    @Column(name = "listed_record_id", nullable = false)
    public UUID listedRecordId;

    @Column(name = "clean_since")
    public Instant cleanSince;

    @Column(name = "delisted_at")
    public Instant delistedAt;

    @Column(name = "delisted_record_id")
    public UUID delistedRecordId;
}
