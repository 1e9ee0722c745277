package org.civcity.findings.domain;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import org.civcity.contracts.FindingSource;

/** An evaluator's file imported in the background: its file until it ends, its progress and its outcome. */
@Entity
@Table(name = "round_import")
public class RoundImportJob extends PanacheEntityBase {

    /** QUEUED until a replica claims it, RUNNING, then DONE, or FAILED when it cannot be finished. */
    public enum State {
        QUEUED, RUNNING, DONE, FAILED
    }

    @Id
    public UUID id;

    @Column(nullable = false)
    public String round;

    @Column(name = "source_system", nullable = false)
    public String sourceSystem;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public FindingSource source;

    @Column(name = "valid_only", nullable = false)
    public boolean validOnly;

    @Column(name = "media_type", nullable = false)
    public String mediaType;

    public String charset;

    /** The file as posted; dropped when the job ends. */
    @Column(columnDefinition = "bytea")
    public byte[] file;

    /** SHA-256 of the file: the same file posted again while this job waits or runs is this job. */
    @Column(name = "file_sha256", nullable = false)
    public String fileSha256;

    /** The district of the caller, whose findings it imports. */
    @Column(nullable = false)
    public String district;

    /** Who posted it (JSON of the caller), so each row is reported as by them. */
    @Column(nullable = false, columnDefinition = "text")
    public String caller;

    /** The reporting system's client id, or the user's name: a reporting system sees its own imports only. */
    @Column(name = "requested_by", nullable = false)
    public String requestedBy;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public State state;

    @Column(name = "rows_total", nullable = false)
    public int rows;

    @Column(name = "rows_validated", nullable = false)
    public int validated;

    @Column(name = "rows_imported", nullable = false)
    public int imported;

    @Column(name = "rows_already", nullable = false)
    public int alreadyImported;

    @Column(name = "rows_refused", nullable = false)
    public int refused;

    @Column(nullable = false)
    public int attempts;

    @Column(name = "lease_until")
    public Instant leaseUntil;

    /** When it ends: the import's result as JSON (DONE), or why it failed (FAILED). */
    @Column(columnDefinition = "text")
    public String outcome;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    @Column(name = "finished_at")
    public Instant finishedAt;

    public RoundImportJob() {
    }

    /** What a status read loads: everything but the file and the caller. */
    public RoundImportJob(UUID id, String round, String sourceSystem, String requestedBy, State state, int rows,
            int validated, int imported, int alreadyImported, int refused, String outcome, Instant createdAt,
            Instant updatedAt, Instant finishedAt) {
        this.id = id;
        this.round = round;
        this.sourceSystem = sourceSystem;
        this.requestedBy = requestedBy;
        this.state = state;
        this.rows = rows;
        this.validated = validated;
        this.imported = imported;
        this.alreadyImported = alreadyImported;
        this.refused = refused;
        this.outcome = outcome;
        this.createdAt = createdAt;
        this.updatedAt = updatedAt;
        this.finishedAt = finishedAt;
    }
}
