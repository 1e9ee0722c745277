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

/** Append-only, hash-chained record of who failed, at which level, by how much; the database refuses changes. */
@Entity
@Table(name = "accountability_record")
public class AccountabilityRecord extends PanacheEntityBase {

    @Id
    public UUID id;

    /** Position in its district's hash chain (unique with the district). */
    @Column(nullable = false)
    public long sequence;

    /** The escalation this record documents; null for a rework record. */
    @Column(name = "escalation_id")
    public UUID escalationId;

    @Column(name = "finding_id", nullable = false)
    public UUID findingId;

    /** The district whose ledger chain holds it; its sequence and hashes are that chain's. */
    @Column(nullable = false)
    public String district;

    @Column(nullable = false)
    public int generation;

    @Column(nullable = false)
    public int level;

    @Column(nullable = false)
    public String unit;

    @Column(name = "responsible_role", nullable = false)
    public String responsibleRole;

    @Column(nullable = false)
    public String reason;

    @Column(nullable = false)
    public Instant deadline;

    @Column(name = "overdue_seconds", nullable = false)
    public long overdueSeconds;

    @Column(name = "recorded_at", nullable = false)
    public Instant recordedAt;

    @Column(name = "policy_version", nullable = false)
    public String policyVersion;

    @Column(name = "previous_hash", nullable = false)
    public String previousHash;

    /** For a disposition record: the escalation it settles; null on every other record. */
    public UUID disposes;

    /** For a disposition record: what followed the escalation; null on every other record. */
    @Enumerated(EnumType.STRING)
    public Disposition disposition;

    /** For a disposition: the person held to account, with their post. */
    public String subject;

    /** For a disposition: who decided it (the caller's name). */
    @Column(name = "decided_by")
    public String decidedBy;

    /** For a disposition: why (required for an exemption). */
    public String note;

    /**
     * For an escalation: the parties its level addressed, each with its unit and the people who held the role then,
     * as JSON ({@code [{"role":"UNIT_HEAD","unit":"URBAN_MANAGEMENT","unitName":"城市管理局","persons":["王建国"]}]});
     * stored so that a later change of post does not rewrite history. Null on records written before parties existed.
     */
    public String parties;

    /** Whether this record documents an escalation (not a rework record, not a disposition). */
    public boolean isEscalation() {
        return escalationId != null;
    }

    /** SHA-256 over the previous hash and this record's fields: changing any record breaks the chain after it. */
    @Column(nullable = false)
    public String hash;

    /**
     * A record outside the ladder (level 0) addressed to the head of {@code unit}: a leader's instruction, a site's
     * listing or delisting; not yet in the chain (the ledger sets its sequence and hashes).
     */
    public static AccountabilityRecord unlevelled(CaseTracking t, String reason, Instant deadline, Instant now,
            String policyVersion) {
        AccountabilityRecord r = new AccountabilityRecord();
        r.id = UUID.randomUUID();
        r.findingId = t.findingId;
        r.district = t.district;
        r.generation = t.generation;
        r.level = 0;
        r.unit = t.unit;
        r.responsibleRole = "UNIT_HEAD";
        r.reason = reason;
        r.deadline = deadline;
        r.overdueSeconds = 0;
        r.recordedAt = now;
        r.policyVersion = policyVersion;
        return r;
    }
}
