package org.civcity.notification.domain;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** One alert to one recipient on one channel, with its attempts; the dedup id is stable across redeliveries. */
@Entity
@Table(name = "delivery")
public class Delivery extends PanacheEntityBase {

    @Id
    public UUID id;

    /** Event id + recipient + channel: a redelivered event never makes a second delivery. */
    @Column(name = "dedup_id", nullable = false, unique = true)
    public String dedupId;

    @Column(name = "finding_id", nullable = false)
    public UUID findingId;

    @Column(name = "event_type", nullable = false)
    public String eventType;

    @Column(nullable = false)
    public String channel;

    @Column(nullable = false)
    public String recipient;

    public String endpoint;

    @Column(nullable = false, columnDefinition = "text")
    public String payload;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public DeliveryStatus status;

    @Column(nullable = false)
    public int attempts;

    @Column(name = "next_attempt_at", nullable = false)
    public Instant nextAttemptAt;

    @Column(name = "last_error")
    public String lastError;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "delivered_at")
    public Instant deliveredAt;
}
