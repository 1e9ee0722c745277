package org.civcity.notification.domain;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** One step of a page, never changed: sent, re-sent, handed over, acknowledged, unanswered. */
@Entity
@Table(name = "alert_page_step")
public class AlertPageStep extends PanacheEntityBase {

    public static final String SENT = "SENT";
    public static final String RESENT = "RESENT";
    public static final String HANDED_OVER = "HANDED_OVER";
    public static final String ACKNOWLEDGED = "ACKNOWLEDGED";
    public static final String UNANSWERED = "UNANSWERED";

    @Id
    public UUID id;

    @Column(name = "page_id", nullable = false)
    public UUID pageId;

    @Column(nullable = false)
    public String kind;

    /** The person the step concerns (for a hand-over: the one who did not answer). */
    @Column(nullable = false)
    public UUID recipient;

    @Column(nullable = false)
    public String name;

    @Column(name = "try_number", nullable = false)
    public int tryNumber;

    /** An acknowledgement: the account that gave it. */
    public String actor;

    @Column(nullable = false)
    public Instant at;

    /** Written order, set by the database. */
    @Column(insertable = false, updatable = false)
    public Long seq;

    public static AlertPageStep of(UUID page, String kind, Recipient r, int tryNumber, String actor, Instant at) {
        AlertPageStep s = new AlertPageStep();
        s.id = UUID.randomUUID();
        s.pageId = page;
        s.kind = kind;
        s.recipient = r.id;
        s.name = r.name;
        s.tryNumber = tryNumber;
        s.actor = actor;
        s.at = at;
        return s;
    }
}
