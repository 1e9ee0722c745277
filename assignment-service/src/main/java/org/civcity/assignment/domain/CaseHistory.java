package org.civcity.assignment.domain;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** One transition of a case: what, in which generation, by whom, when, and why. */
@Entity
@Table(name = "case_history")
public class CaseHistory extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "finding_id", nullable = false)
    public UUID findingId;

    @Column(nullable = false)
    public int generation;

    @Column(nullable = false)
    public String action;

    @Column(nullable = false)
    public String actor;

    @Column(nullable = false)
    public Instant at;

    public String detail;

    public static CaseHistory of(RectificationCase c, String action, String actor, Instant at, String detail) {
        CaseHistory h = new CaseHistory();
        h.findingId = c.findingId;
        h.generation = c.generation;
        h.action = action;
        h.actor = actor;
        h.at = at;
        h.detail = detail == null || detail.length() <= 2000 ? detail : detail.substring(0, 2000);
        return h;
    }
}
