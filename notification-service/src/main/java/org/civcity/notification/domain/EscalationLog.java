package org.civcity.notification.domain;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** An escalation as it was raised, and whether a disposition has settled it, kept for the leaders' digest. */
@Entity
@Table(name = "escalation_log")
public class EscalationLog extends PanacheEntityBase {

    @Id
    @Column(name = "escalation_id")
    public UUID escalationId;

    /** The district it belongs to (#24). */
    @Column(nullable = false)
    public String district;

    @Column(name = "finding_id")
    public UUID findingId;

    public int level;

    public String target;

    public String unit;

    @Column(name = "raised_at")
    public Instant raisedAt;

    /** The level proposes accountability measures: it waits for a disposition. */
    public boolean proposal;

    /** When a disposition settled it, and which; null while it waits. */
    @Column(name = "disposed_at")
    public Instant disposedAt;

    public String disposition;
}
