package org.civcity.notification.domain;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A posting system's callback URL and the secret its status webhooks are signed with. */
@Entity
@Table(name = "callback_subscription")
public class CallbackSubscription extends PanacheEntityBase {

    @Id
    public UUID id;

    /** The district it belongs to (#24). */
    @Column(nullable = false)
    public String district;

    /** The OAuth client of the posting system, which is the sourceSystem of its findings. */
    @Column(name = "source_system", nullable = false)
    public String sourceSystem;

    @Column(nullable = false)
    public String url;

    @Column(nullable = false)
    public String secret;

    @Column(nullable = false)
    public boolean active;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "created_by", nullable = false)
    public String createdBy;
}
