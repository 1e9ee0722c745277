package org.civcity.escalation.messaging;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.civcity.contracts.EventTypes;
import org.civcity.contracts.SiteDelisted;
import org.civcity.contracts.SiteListed;
import org.civcity.escalation.service.ListingService;
import org.civcity.shared.inbox.Inbox;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/** Opens and ends the supervision of listed sites (挂牌督办) as findings-service lists and delists them. */
@ApplicationScoped
public class SitesConsumer {

    private static final String CONSUMER = "escalation-service.listings";

    private final Inbox inbox;
    private final ListingService listings;

    public SitesConsumer(Inbox inbox, ListingService listings) {
        this.inbox = inbox;
        this.listings = listings;
    }

    @Incoming("sites")
    public Uni<Void> consume(Message<String> message) {
        return inbox.process(message, CONSUMER, event -> switch (event.type()) {
            case EventTypes.SITE_LISTED -> listings.listed(event.district(), inbox.data(event, SiteListed.class));
            case EventTypes.SITE_DELISTED -> listings.delisted(event.district(), inbox.data(event, SiteDelisted.class));
            default -> Uni.createFrom().voidItem();
        });
    }
}
