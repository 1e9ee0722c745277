package org.civcity.notification.service;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.civcity.contracts.EventTypes;
import org.civcity.contracts.RecipientChanged;
import org.civcity.contracts.Topics;
import org.civcity.notification.api.RecipientRequest;
import org.civcity.notification.domain.Recipient;
import org.civcity.notification.repository.RecipientRepository;
import org.civcity.shared.outbox.Outbox;
import org.civcity.shared.problem.ProblemException;
import org.civcity.shared.security.Caller;
import org.civcity.shared.text.Texts;

/**
 * The recipient directory: who receives alerts for which role and unit; versioned, never deleted. Every change is
 * announced (recipient.changed, through the outbox in the same transaction) so the ledger can name who held a post.
 */
@ApplicationScoped
public class RecipientService {

    static final int DEFAULT_PRIORITY = 100;

    private final RecipientRepository recipients;
    private final Outbox outbox;
    private final OutboundPolicy outbound;
    private final CallbackSecrets secrets;

    public RecipientService(RecipientRepository recipients, Outbox outbox, OutboundPolicy outbound,
            CallbackSecrets secrets) {
        this.recipients = recipients;
        this.outbox = outbox;
        this.outbound = outbound;
        this.secrets = secrets;
    }

    /** The active entries of the caller's district. */
    public Uni<List<Recipient>> active(Caller caller) {
        return Panache.withSession(() -> recipients.listActive(caller.district()));
    }

    public Uni<Recipient> create(RecipientRequest body, Caller caller) {
        return vet(body).chain(() -> add(body, caller));
    }

    private Uni<Recipient> add(RecipientRequest body, Caller caller) {
        Recipient r = new Recipient();
        r.id = UUID.randomUUID();
        r.active = true;
        r.district = caller.district();
        apply(r, body, caller);
        return Panache.withTransaction(() -> recipients.persist(r).call(recipients::flush).call(this::announce))
                .replaceWith(r)
                .invoke(() -> Log.infof("Recipient %s (%s of %s) added by %s", r.name, r.role, r.unit, r.updatedBy));
    }

    /** Changes a recipient written at {@code body.version()}; another version in between is a 409. */
    public Uni<Recipient> update(UUID id, RecipientRequest body, Caller caller) {
        return vet(body).chain(() -> Panache.withTransaction(() -> active(id, caller).invoke(r -> {
            if (body.version() == null || body.version() != r.version) {
                throw new ProblemException(409, "Conflict", "The recipient changed since version " + body.version()
                        + "; it is at version " + r.version, null, Map.of("version", r.version), null);
            }
            apply(r, body, caller);
        }).call(recipients::flush).call(this::announce)));
    }

    /** Webhook and robot URLs must be destinations the outbound policy allows; checked before anything is written. */
    private Uni<Void> vet(RecipientRequest body) {
        if (body.dingtalkSecret() != null && body.dingtalkWebhookUrl() == null) {
            throw ProblemException.invalid("dingtalkSecret", "is the secret of a DingTalk robot: give its URL too");
        }
        return vet(body.webhookUrl(), "webhookUrl")
                .chain(() -> vet(body.wecomWebhookUrl(), "wecomWebhookUrl"))
                .chain(() -> vet(body.dingtalkWebhookUrl(), "dingtalkWebhookUrl"));
    }

    private Uni<Void> vet(String url, String field) {
        return url == null ? Uni.createFrom().voidItem() : outbound.vetForRegistration(url, field);
    }

    /** Retires a recipient; the row stays for the history of who was alerted. */
    public Uni<Recipient> retire(UUID id, Caller caller) {
        return Panache.withTransaction(() -> active(id, caller).invoke(r -> {
            r.active = false;
            r.updatedAt = Instant.now();
            r.updatedBy = caller.name();
        }).call(recipients::flush).call(this::announce));
    }

    /** The entry as it now stands, on the compacted directory topic, keyed by its id. */
    private Uni<UUID> announce(Recipient r) {
        return outbox.inDistrict(r.district).appendReference(Topics.RECIPIENTS, EventTypes.RECIPIENT_CHANGED,
                r.id.toString(), "recipients/" + r.id, new RecipientChanged(r.id, r.role, r.unit, r.name, r.active,
                        r.version, r.updatedAt));
    }

    /** An active entry of the caller's district; another district's is not there for them. */
    private Uni<Recipient> active(UUID id, Caller caller) {
        return recipients.findActive(caller.district(), id)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("Recipient " + id));
    }

    private void apply(Recipient r, RecipientRequest body, Caller caller) {
        r.role = body.role();
        r.unit = Texts.strippedOrNull(body.unit());
        r.name = body.name().strip();
        r.webhookUrl = body.webhookUrl();
        r.email = body.email();
        r.mobile = body.mobile();
        r.quietHours = body.quietHours();
        r.wecomWebhookUrl = body.wecomWebhookUrl();
        if (body.dingtalkSecret() != null) {
            r.dingtalkSecret = secrets.seal(r.id, body.dingtalkSecret());
        } else if (!java.util.Objects.equals(r.dingtalkWebhookUrl, body.dingtalkWebhookUrl())) {
            // Another robot: the old robot's secret would not sign for it.
            r.dingtalkSecret = null;
        }
        r.dingtalkWebhookUrl = body.dingtalkWebhookUrl();
        r.account = body.account();
        r.delegates = body.delegates() == null || body.delegates().isEmpty() ? null
                : String.join(",", body.delegates().stream().map(String::strip).distinct().toList());
        r.priority = body.priority() == null ? DEFAULT_PRIORITY : body.priority();
        r.updatedAt = Instant.now();
        r.updatedBy = caller.name();
    }
}
