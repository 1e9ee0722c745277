package org.civcity.notification.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import org.civcity.notification.domain.Recipient;

/** The recipient directory; rows are retired, never deleted. */
@ApplicationScoped
public class RecipientRepository implements PanacheRepositoryBase<Recipient, UUID> {

    public Uni<List<Recipient>> listActive() {
        return list("active order by role, unit, name");
    }

    /** The active recipient {@code id}, or null. */
    public Uni<Recipient> findActive(UUID id) {
        return findById(id).map(r -> r != null && r.active ? r : null);
    }

    /** Who holds {@code role} for {@code unit}, or district-wide. */
    public Uni<List<Recipient>> holding(String role, String unit) {
        return list("active = true and role = ?1 and (unit = ?2 or unit is null) order by priority, name", role, unit);
    }

    /** The recipients among {@code ids}, active or not. */
    public Uni<List<Recipient>> among(Collection<UUID> ids) {
        return list("id in ?1", ids);
    }

    /** Everyone active in one of {@code roles}. */
    public Uni<List<Recipient>> inRoles(Collection<String> roles) {
        return list("active = true and role in ?1 order by name", roles);
    }
}
