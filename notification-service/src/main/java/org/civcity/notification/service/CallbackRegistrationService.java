package org.civcity.notification.service;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.civcity.notification.api.CallbackView;
import org.civcity.notification.domain.CallbackSubscription;
import org.civcity.notification.repository.CallbackRepository;
import org.civcity.shared.problem.ProblemException;
import org.civcity.shared.security.Caller;
import org.civcity.shared.security.Roles;

/**
 * Who registers status callbacks: a posting system its own, an admin any system's. One active registration per
 * system; registering again replaces it with a new secret.
 */
@ApplicationScoped
public class CallbackRegistrationService {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final OutboundPolicy outbound;
    private final CallbackRepository callbacks;
    private final CallbackSecrets secrets;

    public CallbackRegistrationService(OutboundPolicy outbound, CallbackRepository callbacks,
            CallbackSecrets secrets) {
        this.outbound = outbound;
        this.callbacks = callbacks;
        this.secrets = secrets;
    }

    /**
     * Registers (or replaces) the callback of the caller's system, or of {@code requestedSystem} for an admin, in the
     * caller's district (a system posting to two districts registers in each); the view carries the new signing
     * secret, which is stored sealed and never shown again.
     */
    public Uni<CallbackView> register(String url, String requestedSystem, Caller caller) {
        String system = system(caller, requestedSystem);
        return outbound.vetForRegistration(url, "url").chain(() -> store(system, url, caller));
    }

    private Uni<CallbackView> store(String system, String url, Caller caller) {
        CallbackSubscription s = new CallbackSubscription();
        s.id = UUID.randomUUID();
        s.district = caller.district();
        s.sourceSystem = system;
        s.url = url;
        String secret = HexFormat.of().formatHex(secret());
        s.secret = secrets.seal(s.id, secret);
        s.active = true;
        s.createdAt = Instant.now();
        s.createdBy = caller.name();
        return Panache.withTransaction(() -> callbacks.endActive(s.district, system)
                        .chain(() -> callbacks.persist(s)))
                .invoke(() -> Log.infof("Callback of %s registered by %s: %s", system, caller.name(), s.url))
                .replaceWith(() -> CallbackView.of(s, secret));
    }

    void onStart(@Observes StartupEvent event) throws Throwable {
        int sealed = VertxContextSupport.subscribeAndAwait(this::sealPlainSecrets);
        if (sealed > 0) {
            Log.infof("Sealed the signing secrets of %d callback registrations stored before sealing", sealed);
        }
    }

    /** Seals the secrets stored in clear before sealing existed (a no-op once done); how many it sealed. */
    public Uni<Integer> sealPlainSecrets() {
        return Panache.withTransaction(() -> callbacks.withPlainSecret()
                .invoke(list -> list.forEach(s -> s.secret = secrets.seal(s.id, s.secret)))
                .map(List::size));
    }

    /** A system sees its own registration; admins and operations staff see all of their district's. */
    public Uni<List<CallbackSubscription>> visible(Caller caller) {
        boolean all = caller.has(Roles.ADMIN) || caller.has(Roles.OPS);
        return Panache.withSession(() -> callbacks.listActive(caller.district(), all ? null : caller.clientId()));
    }

    /** Ends a registration the caller may manage; another system's is not found. */
    public Uni<Void> remove(UUID id, Caller caller) {
        return Panache.withTransaction(() -> callbacks.findById(id)
                .map(s -> s != null && s.active && s.district.equals(caller.district()) && (caller.has(Roles.ADMIN)
                        || s.sourceSystem.equals(caller.clientId())) ? s : null)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("Callback " + id))
                .invoke(s -> s.active = false))
                .replaceWithVoid();
    }

    private static String system(Caller caller, String requested) {
        if (caller.has(Roles.ADMIN)) {
            if (requested == null) {
                throw new ProblemException(400, "Bad Request", "An admin names the sourceSystem the callback is for");
            }
            return requested;
        }
        if (caller.clientId() == null) {
            throw new ProblemException(400, "Bad Request", "Only a client's own token can register its callback");
        }
        if (requested != null && !requested.equals(caller.clientId())) {
            throw new ProblemException(403, "Forbidden", "A system registers callbacks for itself only ('"
                    + caller.clientId() + "')");
        }
        return caller.clientId();
    }

    private static byte[] secret() {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        return secret;
    }
}
