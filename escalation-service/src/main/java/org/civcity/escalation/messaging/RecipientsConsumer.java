package org.civcity.escalation.messaging;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.civcity.contracts.EventTypes;
import org.civcity.contracts.RecipientChanged;
import org.civcity.escalation.repository.PostHolderRepository;
import org.civcity.shared.inbox.Inbox;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/** Keeps who holds which post, from the recipient directory's announcements, to name people in the ledger. */
@ApplicationScoped
public class RecipientsConsumer {

    private static final String CONSUMER = "escalation-service.post-holders";

    private final Inbox inbox;
    private final PostHolderRepository holders;

    public RecipientsConsumer(Inbox inbox, PostHolderRepository holders) {
        this.inbox = inbox;
        this.holders = holders;
    }

    @Incoming("recipients")
    public Uni<Void> consume(Message<String> message) {
        return inbox.process(message, CONSUMER, event -> EventTypes.RECIPIENT_CHANGED.equals(event.type())
                ? holders.changed(event.district(), inbox.data(event, RecipientChanged.class))
                : Uni.createFrom().voidItem());
    }
}
