package org.civcity.assignment.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;
import org.civcity.assignment.domain.RectificationCase;

/** Access to cases, keyed by finding id. */
@ApplicationScoped
public class CaseRepository implements PanacheRepositoryBase<RectificationCase, UUID> {
}
