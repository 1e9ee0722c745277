package org.civcity.escalation.domain;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/**
 * A supervision order on a case, open until the case closes, whose ladder escalates like a case's: a leader's
 * instruction (批示), or the listing of the case's site (挂牌督办).
 */
@Entity
@Table(name = "supervision_order")
public class SupervisionOrder extends PanacheEntityBase {

    public static final String INSTRUCTION = "INSTRUCTION";
    public static final String LISTING = "LISTING";

    @Id
    public UUID id;

    /** {@link #INSTRUCTION} or {@link #LISTING}; a case has at most one open order of each. */
    @Column(nullable = false)
    public String kind = INSTRUCTION;

    @Column(name = "finding_id", nullable = false)
    public UUID findingId;

    /** The ledger record of the instruction. */
    @Column(name = "record_id", nullable = false)
    public UUID recordId;

    @Column(name = "issued_by", nullable = false)
    public String issuedBy;

    @Column(nullable = false)
    public String text;

    @Column(name = "issued_at", nullable = false)
    public Instant issuedAt;

    @Column(name = "due_by", nullable = false)
    public Instant dueBy;

    /** The working-time rule the deadline came from, e.g. "3 working days". */
    @Column(name = "due_rule", nullable = false)
    public String dueRule;

    /** When the case closed and the order with it; null while it runs. */
    @Column(name = "closed_at")
    public Instant closedAt;
}
