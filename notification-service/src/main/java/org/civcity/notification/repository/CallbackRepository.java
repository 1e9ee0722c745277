package org.civcity.notification.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import org.civcity.notification.domain.CallbackSubscription;

/** Status-callback registrations: at most one active per posting system; ended ones stay for the record. */
@ApplicationScoped
public class CallbackRepository implements PanacheRepositoryBase<CallbackSubscription, UUID> {

    /** The active registration of {@code sourceSystem} in {@code district}, or null. */
    public Uni<CallbackSubscription> activeFor(String district, String sourceSystem) {
        return find("district = ?1 and sourceSystem = ?2 and active = true", district, sourceSystem).firstResult();
    }

    /** Active registrations in {@code district}, of one system or (null) of all. */
    public Uni<List<CallbackSubscription>> listActive(String district, String sourceSystem) {
        return sourceSystem == null ? list("district = ?1 and active = true order by sourceSystem", district)
                : list("district = ?1 and active = true and sourceSystem = ?2", district, sourceSystem);
    }

    /** The active registrations among {@code ids}; a removed one is not among them. */
    public Uni<List<CallbackSubscription>> activeAmong(Collection<UUID> ids) {
        return list("id in ?1 and active = true", ids);
    }

    /** Registrations whose secret was stored before secrets were sealed. */
    public Uni<List<CallbackSubscription>> withPlainSecret() {
        return list("secret not like 'v1:%'");
    }

    /** Ends the active registration of {@code sourceSystem} in {@code district}, written before the next statement. */
    public Uni<Void> endActive(String district, String sourceSystem) {
        return update("active = false where district = ?1 and sourceSystem = ?2 and active = true", district,
                sourceSystem)
                .call(this::flush).replaceWithVoid();
    }
}
