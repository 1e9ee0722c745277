package org.civcity.findings.domain;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;

/** The first successful response to one client's Idempotency-Key, replayed to repeats until it expires. */
@Entity
@Table(name = "idempotency_record")
public class IdempotencyRecord extends PanacheEntityBase {

    @EmbeddedId
    public Key id;

    /** SHA-256 of the canonical request: the same key with another body is refused. */
    @Column(name = "request_hash", nullable = false)
    public String requestHash;

    @Column(name = "status_code", nullable = false)
    public int statusCode;

    @Column(name = "response_body", nullable = false, columnDefinition = "text")
    public String responseBody;

    public String location;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "expires_at", nullable = false)
    public Instant expiresAt;

    /** A key is scoped to the client that sent it. */
    @Embeddable
    public record Key(@Column(name = "client") String client, @Column(name = "key") String key)
            implements Serializable {
    }
}
