package org.civcity.notification.domain;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.UUID;

/** A person or office holding a role for a unit (or district-wide), with the addresses alerts go to. */
@Entity
@Table(name = "recipient")
public class Recipient extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(nullable = false)
    public String role;

    /** Null: the role district-wide, e.g. the principal leaders. */
    public String unit;

    @Column(nullable = false)
    public String name;

    @Column(name = "webhook_url")
    public String webhookUrl;

    public String email;

    public String mobile;

    /** Local time range without alerts, e.g. 22:00-07:00. */
    @Column(name = "quiet_hours")
    public String quietHours;

    @Column(nullable = false)
    public boolean active;

    /** Incremented by every change; a stale update is refused. */
    @Version
    @Column(nullable = false)
    public int version;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    @Column(name = "updated_by", nullable = false)
    public String updatedBy;
}
