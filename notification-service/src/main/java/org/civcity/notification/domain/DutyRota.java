package org.civcity.notification.domain;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** One version of the civilization office's duty rota (值班表): weekly shifts and dated overrides, as JSON. */
@Entity
@Table(name = "duty_rota")
public class DutyRota extends PanacheEntityBase {

    @Id
    public UUID id;

    /** The district whose office keeps it; each district's versions count on their own (#24). */
    @Column(nullable = false)
    public String district;

    @Column(nullable = false)
    public int version;

    @Column(nullable = false, columnDefinition = "text")
    public String weekly;

    @Column(nullable = false, columnDefinition = "text")
    public String overrides;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    @Column(name = "updated_by", nullable = false)
    public String updatedBy;
}
