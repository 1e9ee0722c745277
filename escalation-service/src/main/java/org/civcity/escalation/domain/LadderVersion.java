package org.civcity.escalation.domain;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One published version of the escalation ladder; appended, never changed. */
@Entity
@Table(name = "ladder_version")
public class LadderVersion extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(nullable = false, unique = true)
    public String version;

    /** The document it comes from (the district's accountability measures). */
    @Column(nullable = false)
    public String source;

    /** The levels as JSON. */
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
