package org.civcity.notification.domain;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A state change of a finding whose poster is not known yet, and the state it left the case in. */
@Entity
@Table(name = "callback_backlog")
public class CallbackBacklog extends PanacheEntityBase {

    @Id
    @Column(name = "event_id")
    public UUID eventId;

    @Column(name = "finding_id")
    public UUID findingId;

    @Column(name = "event_type")
    public String eventType;

    public String state;

    public int generation;

    public String unit;

    @Column(name = "escalation_level")
    public int escalationLevel;

    public String outcome;

    @Column(name = "rectify_by")
    public Instant rectifyBy;

    public Instant at;
}
