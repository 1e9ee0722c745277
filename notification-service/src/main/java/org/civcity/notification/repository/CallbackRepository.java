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

    /** The active registration of {@code sourceSystem}, or null. */
    public Uni<CallbackSubscription> activeFor(String sourceSystem) {
        return find("sourceSystem = ?1 and active = true", sourceSystem).firstResult();
    }

    /** Active registrations, of one system or (null) of all. */
    public Uni<List<CallbackSubscription>> listActive(String sourceSystem) {
        return sourceSystem == null ? list("active = true order by sourceSystem")
                : list("active = true and sourceSystem = ?1", sourceSystem);
    }

    /** The active registrations among {@code ids}; a removed one is not among them. */
    public Uni<List<CallbackSubscription>> activeAmong(Collection<UUID> ids) {
        return list("id in ?1 and active = true", ids);
    }

    /** Registrations whose secret was stored before secrets were sealed. */
    public Uni<List<CallbackSubscription>> withPlainSecret() {
        return list("secret not like 'v1:%'");
    }

    /** Ends the active registration of {@code sourceSystem}, written before the next statement runs. */
    public Uni<Void> endActive(String sourceSystem) {
        return update("active = false where sourceSystem = ?1 and active = true", sourceSystem)
                .call(this::flush).replaceWithVoid();
    }
}
