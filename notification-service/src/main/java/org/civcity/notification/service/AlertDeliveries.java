package org.civcity.notification.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.civcity.notification.config.NotificationConfig;
import org.civcity.notification.domain.Alert;
import org.civcity.notification.domain.Delivery;
import org.civcity.notification.domain.Recipient;
import org.civcity.shared.text.JsonText;

/**
 * One alert to one person, on every channel their directory entry has an address for: webhook (the alert as JSON),
 * e-mail, SMS (for the events that ask for action), WeChat Work and DingTalk robots.
 */
@ApplicationScoped
public class AlertDeliveries {

    private final ObjectMapper mapper;
    private final boolean email;

    public AlertDeliveries(ObjectMapper mapper, NotificationConfig config) {
        this.mapper = mapper;
        this.email = config.email().enabled();
    }

    /** What goes out: the alert, its text, mail subject and SMS text (null: none); and a link to acknowledge. */
    public record Content(String eventType, Alert alert, String message, String subject, String sms,
            String acknowledgeLink, UUID pageId) {
    }

    /** The deliveries of {@code c} to {@code r}, each with the dedup id {@code key} and its channel. */
    public List<Delivery> to(Recipient r, String name, String key, Content c, Instant notBefore) {
        String ack = c.acknowledgeLink();
        String message = ack == null ? c.message() : c.message() + "\n确认收到：" + ack;
        List<Delivery> queued = new ArrayList<>();
        UUID findingId = c.alert().findingId();
        if (r.webhookUrl != null) {
            queued.add(webhook(key, c.eventType(), name, r.webhookUrl, c.alert().withAcknowledgeUrl(ack), c.message(),
                    notBefore));
        }
        if (r.email != null && email) {
            queued.add(Delivery.of(key + Delivery.EMAIL, Delivery.EMAIL, findingId, c.eventType(), name, r.email,
                    c.subject(), message, notBefore));
        }
        if (r.mobile != null && c.sms() != null) {
            queued.add(Delivery.of(key + Delivery.SMS, Delivery.SMS, findingId, c.eventType(), name, r.mobile, null,
                    ack == null ? c.sms() : c.sms() + " 确认收到：" + ack, notBefore));
        }
        queued.addAll(Robots.deliveries(r, key, findingId, c.eventType(), name,
                new Robots.Message(c.subject(), c.message(), c.alert().link(), ack, r.mobile), notBefore, null));
        queued.forEach(d -> d.pageId = c.pageId());
        return queued;
    }

    /** A webhook delivery of {@code alert} (as JSON, with its delivery id and text). */
    public Delivery webhook(String key, String eventType, String name, String endpoint, Alert alert, String message,
            Instant notBefore) {
        String dedupId = key + Delivery.WEBHOOK;
        return Delivery.of(dedupId, Delivery.WEBHOOK, alert.findingId(), eventType, name, endpoint, null,
                json(alert.withDelivery(dedupId, message)), notBefore);
    }

    public String json(Object value) {
        return JsonText.write(mapper, value);
    }
}
