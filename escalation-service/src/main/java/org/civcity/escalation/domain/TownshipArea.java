package org.civcity.escalation.domain;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/** A township's boundary and grids as its district's routing data in force draws them, for the hot-spot map. */
@Entity
@Table(name = "township_area")
@IdClass(TownshipArea.Key.class)
public class TownshipArea extends PanacheEntityBase {

    /** A township is its district's: the same code in two districts is two areas. */
    public static class Key implements Serializable {

        private static final long serialVersionUID = 1L;

        public String district;
        public String code;

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(district, k.district) && Objects.equals(code, k.code);
        }

        @Override
        public int hashCode() {
            return Objects.hash(district, code);
        }
    }

    @Id
    public String district;

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
