package org.civcity.shared.outbox;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** An event written in the same transaction as the state change it announces, waiting for the relay. */
@Entity
@Table(name = "outbox_event")
public class OutboxEvent extends PanacheEntityBase {

    /**
     * The entity's identity for Hibernate: assigned here, so appends are batched at flush. An identity key would
     * send each append on its own as INSERT ... RETURNING (an escalation round of 500 made 1,000 round trips).
     */
    @Id
    @Column(name = "event_id", nullable = false, unique = true)
    public UUID eventId;

    /**
     * The table's key, from its identity column when the row is written (at flush, inside the transaction): the
     * relay publishes in this order. Never written or read back here.
     */
    @Column(insertable = false, updatable = false)
    public Long position;

    @Column(nullable = false)
    public String topic;

    @Column(nullable = false)
    public String type;

    @Column(name = "event_key", nullable = false)
    public String key;

    @Column(nullable = false)
    public String subject;

    @Column(nullable = false, columnDefinition = "text")
    public String payload;

    @Column(name = "occurred_at", nullable = false)
    public Instant occurredAt;

    /** The district of the change, sent as the CloudEvents district extension; null is the home district. */
    public String district;

    /** W3C trace context of the change, sent as the CloudEvents traceparent extension. */
    public String traceparent;
}
