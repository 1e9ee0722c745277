package org.civcity.escalation.domain;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** One published version of a period's bulletin (通报), frozen as JSON with the ledger's head; never changed. */
@Entity
@Table(name = "bulletin_publication")
public class BulletinPublication extends PanacheEntityBase {

    @Id
    public UUID id;

    /** The district it belongs to (#24). */
    @Column(nullable = false)
    public String district;

    public String period;

    public int version;

    @Column(name = "published_at")
    public Instant publishedAt;

    @Column(name = "published_by")
    public String publishedBy;

    /** Why this version replaces the previous one; null for the first. */
    public String correction;

    @Column(name = "ledger_sequence")
    public long ledgerSequence;

    @Column(name = "ledger_hash")
    public String ledgerHash;

    /** The bulletin as JSON, as it read when published. */
    public String content;

    /** The printable page as published. */
    public String html;

    /** The workbook as published. */
    public byte[] xlsx;
}
