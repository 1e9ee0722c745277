package org.civcity.shared.persistence;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.MappedSuperclass;
import java.time.Instant;

/**
 * One published version of reference data a service owns (routing data, the escalation ladder), in the service's own
 * append-only table: the data as JSON, who published it, when, from which document and what it changed.
 */
@MappedSuperclass
public abstract class PublishedVersion extends PanacheEntityBase {

    /** Publication order: the highest is in force. */
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    /** The district whose data it is (#24); each district has its own line of versions. */
    @Column(nullable = false)
    public String district;

    /** The version's name, never reused for other data within its district. */
    @Column(nullable = false)
    public String version;

    /** The document it comes from. */
    @Column(nullable = false)
    public String source;

    @Column(nullable = false)
    public String data;

    @Column(name = "published_by", nullable = false)
    public String publishedBy;

    @Column(name = "published_at", nullable = false)
    public Instant publishedAt;

    /** What this version changed against the one before, in words. */
    @Column(nullable = false)
    public String changes;
}
