package org.civcity.notification.service;

import io.quarkus.logging.Log;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.civcity.contracts.BulletinPublished;
import org.civcity.notification.config.NotificationConfig;
import org.civcity.notification.domain.Delivery;
import org.civcity.notification.domain.Recipient;
import org.civcity.notification.repository.DeliveryRepository;
import org.civcity.notification.repository.RecipientRepository;
import org.civcity.shared.inbox.ReceivedEvent;

/**
 * Tells of a published bulletin (通报): the leaders who get the daily digest, and the heads of the departments and
 * townships on its black list, who answer for it; each once per version and address, by webhook and e-mail.
 */
@ApplicationScoped
public class BulletinNotices {

    static final String TEMPLATE = "bulletin";

    /** What the bulletin's message says. */
    public record BulletinText(String name, String period, int version, String correction, String publishedBy,
            String publishedAt, List<String> honourRoll, List<String> blacklist, boolean named, int escalations,
            int awaitingDisposition, int listedSites, long ledgerSequence, String ledgerHash, String link) {
    }

    private final NotificationConfig config;
    private final MessageRenderer renderer;
    private final RecipientRepository recipients;
    private final DeliveryRepository deliveries;
    private final AlertService alerts;

    public BulletinNotices(NotificationConfig config, MessageRenderer renderer, RecipientRepository recipients,
            DeliveryRepository deliveries, AlertService alerts) {
        this.config = config;
        this.renderer = renderer;
        this.recipients = recipients;
        this.deliveries = deliveries;
        this.alerts = alerts;
    }

    /** Queues the notices in the inbox transaction of the event. */
    public Uni<Void> published(ReceivedEvent event, BulletinPublished b) {
        Uni<List<Recipient>> leaders = recipients.inRoles(event.district(), config.digest().roles());
        Uni<List<Recipient>> heads = Multi.createFrom().iterable(b.blacklist())
                .onItem().transformToUniAndConcatenate(l -> recipients
                        .holding(event.district(), AlertService.UNIT_HEAD, l.unit())
                        .map(found -> found.stream().filter(r -> l.unit().equals(r.unit)).toList()))
                .collect().asList().map(lists -> lists.stream().flatMap(List::stream).toList());
        return leaders.chain(l -> heads.map(h -> {
            Map<UUID, Recipient> everyone = new LinkedHashMap<>();
            l.forEach(r -> everyone.put(r.id, r));
            h.forEach(r -> everyone.putIfAbsent(r.id, r));
            return List.copyOf(everyone.values());
        })).chain(everyone -> {
            if (everyone.isEmpty()) {
                Log.warnf("Bulletin %s version %d: no leader or unit head in the directory to tell", b.period(),
                        b.version());
            }
            List<Delivery> queued = new ArrayList<>();
            for (Recipient r : everyone) {
                queued.addAll(deliveries(event, b, r));
            }
            return Multi.createFrom().iterable(queued).onItem()
                    .transformToUniAndConcatenate(d -> deliveries.queue(event.district(), d))
                    .collect().asList().replaceWithVoid();
        });
    }

    private List<Delivery> deliveries(ReceivedEvent event, BulletinPublished b, Recipient r) {
        boolean named = r.unit != null && b.blacklist().stream().anyMatch(l -> l.unit().equals(r.unit));
        String link = config.bulletinLink().replace("{path}", b.path());
        String message = renderer.render(TEMPLATE, new BulletinText(r.name, b.period(), b.version(), b.correction(),
                b.publishedBy(), renderer.time(b.publishedAt()), names(b.honourRoll()), names(b.blacklist()), named,
                b.escalations(), b.awaitingDisposition(), b.listedSites(), b.ledgerSequence(), b.ledgerHash(), link));
        String subject = message.lines().findFirst().orElse(message);
        String key = "bulletin:" + b.period() + ":v" + b.version() + ":" + r.id + ":";
        String recipient = r.role + "/" + r.name;
        Instant now = Instant.now();
        List<Delivery> queued = new ArrayList<>();
        if (r.webhookUrl != null) {
            queued.add(Delivery.of(key + Delivery.WEBHOOK, Delivery.WEBHOOK, null, event.type(), recipient,
                    r.webhookUrl, subject, alerts.json(Map.of("deliveryId", key + Delivery.WEBHOOK, "type",
                            event.type(), "period", b.period(), "version", b.version(), "recipient", r.name,
                            "link", link, "message", message)), now));
        }
        if (r.email != null && config.email().enabled()) {
            queued.add(Delivery.of(key + Delivery.EMAIL, Delivery.EMAIL, null, event.type(), recipient, r.email,
                    subject, message, now));
        }
        queued.addAll(Robots.deliveries(r, key, null, event.type(), recipient,
                new Robots.Message(subject, message, link, null, null), now, null));
        return queued;
    }

    private static List<String> names(List<BulletinPublished.Listed> listed) {
        return listed.stream().map(BulletinPublished.Listed::name).toList();
    }
}
