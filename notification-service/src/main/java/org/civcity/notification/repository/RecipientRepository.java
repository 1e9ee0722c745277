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

    public Uni<List<Recipient>> listActive(String district) {
        return list("district = ?1 and active order by role, unit, name", district);
    }

    /** The active recipient {@code id} of {@code district}, or null. */
    public Uni<Recipient> findActive(String district, UUID id) {
        return findById(id).map(r -> r != null && r.active && r.district.equals(district) ? r : null);
    }

    /** Who holds {@code role} for {@code unit}, or district-wide, in {@code district}. */
    public Uni<List<Recipient>> holding(String district, String role, String unit) {
        return list("district = ?1 and active = true and role = ?2 and (unit = ?3 or unit is null)"
                + " order by priority, name", district, role, unit);
    }

    /** The recipients among {@code ids}, active or not. */
    public Uni<List<Recipient>> among(Collection<UUID> ids) {
        return list("id in ?1", ids);
    }

    /** Everyone active in one of {@code roles}, of every district. */
    public Uni<List<Recipient>> inRoles(Collection<String> roles) {
        return list("active = true and role in ?1 order by district, name", roles);
    }

    /** Everyone active in one of {@code roles} in {@code district}. */
    public Uni<List<Recipient>> inRoles(String district, Collection<String> roles) {
        return list("district = ?1 and active = true and role in ?2 order by name", district, roles);
    }
}
