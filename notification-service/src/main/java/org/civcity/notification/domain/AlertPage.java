package org.civcity.notification.domain;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * An alert that must be acknowledged, for one party of one escalation: with one person of the party at a time, re-sent
 * while unanswered and handed to the next person after a number of tries (a page, as incident tools call it).
 */
@Entity
@Table(name = "alert_page")
public class AlertPage extends PanacheEntityBase {

    /** Where a page stands. */
    public enum Status {
        OPEN, ACKNOWLEDGED, UNANSWERED,
        /** Its case closed before anyone acknowledged it. */
        CLOSED
    }

    @Id
    public UUID id;

    /** The district it belongs to (#24). */
    @Column(nullable = false)
    public String district;

    /** The escalation.raised event, with the party's key: one page per party of an event, however often delivered. */
    @Column(name = "event_id", nullable = false)
    public UUID eventId;

    @Column(name = "party_key", nullable = false)
    public String partyKey;

    @Column(name = "finding_id", nullable = false)
    public UUID findingId;

    @Column(nullable = false)
    public int generation;

    @Column(nullable = false)
    public int level;

    @Column(nullable = false)
    public String role;

    public String unit;

    @Column(nullable = false)
    public String reason;

    @Column(name = "event_type", nullable = false)
    public String eventType;

    /** The webhook's alert JSON, the text and the mail subject, kept for the re-sends. */
    @Column(nullable = false, columnDefinition = "text")
    public String alert;

    @Column(nullable = false, columnDefinition = "text")
    public String message;

    @Column(columnDefinition = "text")
    public String sms;

    @Column(nullable = false)
    public String subject;

    /** The people of the party in the order they are tried: recipient ids, comma-separated. */
    @Column(nullable = false)
    public String people;

    /** Who is being alerted now: an index into {@link #people}. */
    @Column(name = "person_index", nullable = false)
    public int personIndex;

    /** Sends to the current person so far. */
    @Column(nullable = false)
    public int tries;

    /** When the current person was first sent the alert. */
    @Column(name = "sent_at", nullable = false)
    public Instant sentAt;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Status status;

    /** The next re-send or hand-over, while open. */
    @Column(name = "next_at")
    public Instant nextAt;

    @Column(name = "acknowledged_at")
    public Instant acknowledgedAt;

    @Column(name = "acknowledged_by")
    public String acknowledgedBy;

    @Column(name = "on_behalf", nullable = false)
    public boolean onBehalf;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    public List<UUID> peopleIds() {
        return Arrays.stream(people.split(",")).map(UUID::fromString).toList();
    }

    public UUID current() {
        return peopleIds().get(personIndex);
    }
}
