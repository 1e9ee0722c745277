package org.civcity.escalation.domain;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A township's boundary and grids as the routing data in force draws them, for the hot-spot map. */
@Entity
@Table(name = "township_area")
public class TownshipArea extends PanacheEntityBase {

    @Id
    public String code;

    public String name;

    /** JSON: [[longitude, latitude], ...]. */
    public String polygon;

    /** JSON: [{"code", "name", "polygon"}, ...]. */
    public String grids;

    public String version;

    @Column(name = "published_at")
    public Instant publishedAt;
}
