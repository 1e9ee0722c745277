package org.civcity.notification.service;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.civcity.notification.api.RecipientRequest;
import org.civcity.notification.domain.Recipient;
import org.civcity.notification.repository.RecipientRepository;
import org.civcity.shared.problem.ProblemException;
import org.civcity.shared.security.Caller;
import org.civcity.shared.text.Texts;

/** The recipient directory: who receives alerts for which role and unit; versioned, never deleted. */
@ApplicationScoped
public class RecipientService {

    private final RecipientRepository recipients;

    public RecipientService(RecipientRepository recipients) {
        this.recipients = recipients;
    }

    public Uni<List<Recipient>> active() {
        return Panache.withSession(recipients::listActive);
    }

    public Uni<Recipient> create(RecipientRequest body, Caller caller) {
        Recipient r = new Recipient();
        r.id = UUID.randomUUID();
        r.active = true;
        apply(r, body, caller);
        return Panache.withTransaction(() -> recipients.persist(r)).replaceWith(r)
                .invoke(() -> Log.infof("Recipient %s (%s of %s) added by %s", r.name, r.role, r.unit, r.updatedBy));
    }

    /** Changes a recipient written at {@code body.version()}; another version in between is a 409. */
    public Uni<Recipient> update(UUID id, RecipientRequest body, Caller caller) {
        return Panache.withTransaction(() -> active(id).invoke(r -> {
            if (body.version() == null || body.version() != r.version) {
                throw new ProblemException(409, "Conflict", "The recipient changed since version " + body.version()
                        + "; it is at version " + r.version, null, Map.of("version", r.version), null);
            }
            apply(r, body, caller);
        }).call(recipients::flush));
    }

    /** Retires a recipient; the row stays for the history of who was alerted. */
    public Uni<Recipient> retire(UUID id, Caller caller) {
        return Panache.withTransaction(() -> active(id).invoke(r -> {
            r.active = false;
            r.updatedAt = Instant.now();
            r.updatedBy = caller.name();
        }));
    }

    private Uni<Recipient> active(UUID id) {
        return recipients.findActive(id)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("Recipient " + id));
    }

    private static void apply(Recipient r, RecipientRequest body, Caller caller) {
        r.role = body.role();
        r.unit = Texts.strippedOrNull(body.unit());
        r.name = body.name().strip();
        r.webhookUrl = body.webhookUrl();
        r.email = body.email();
        r.mobile = body.mobile();
        r.quietHours = body.quietHours();
        r.updatedAt = Instant.now();
        r.updatedBy = caller.name();
    }
}
