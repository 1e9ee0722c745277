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

/**
 * A durable timer: one escalation level of one case generation (or of one supervision order), due at a fixed
 * instant. The unique key (finding, generation, kind, level, order) makes each level fire at most once.
 */
@Entity
@Table(name = "deadline_timer")
public class DeadlineTimer extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "finding_id", nullable = false)
    public UUID findingId;

    /** The district of its case: whose ledger chain its escalation joins. */
    @Column(nullable = false)
    public String district;

    @Column(nullable = false)
    public int generation;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public DeadlineKind kind;

    @Column(nullable = false)
    public int level;

    @Column(nullable = false)
    public String unit;

    /** The role the level addresses; null when the policy names none (the level is skipped). */
    public String target;

    /** The level's delay after the deadline, kept so an extension can move the timer. */
    @Column(name = "delay_rule", nullable = false)
    public String delayRule;

    @Column(name = "repeat_count", nullable = false)
    public int repeatCount;

    /** The case deadline this level counts from. */
    @Column(nullable = false)
    public Instant deadline;

    @Column(name = "due_at", nullable = false)
    public Instant dueAt;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public TimerStatus status;

    @Column(name = "fired_at")
    public Instant firedAt;

    @Column(name = "policy_version", nullable = false)
    public String policyVersion;

    /** The township where the problem lies, so a level can address its people; null when the place names none. */
    public String township;

    /** The community grid within the township, where the routing data has one. */
    public String grid;

    /** For a SUPERVISION or LISTING timer: the supervision order it watches; null on every other. */
    @Column(name = "order_id")
    public UUID orderId;

    /** The trace of the dispatch that set the timer: its escalation continues the finding's trace. */
    public String traceparent;
}
