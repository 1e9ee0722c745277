package org.civcity.notification.domain;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.civcity.shared.trace.TraceContext;

/** One alert to one recipient on one channel, with its attempts; the dedup id is stable across redeliveries. */
@Entity
@Table(name = "delivery")
public class Delivery extends PanacheEntityBase {

    public static final String WEBHOOK = "WEBHOOK";
    public static final String EMAIL = "EMAIL";
    public static final String SMS = "SMS";
    /** Status callbacks to posting systems: webhooks signed with the subscription's own secret. */
    public static final String CALLBACK = "CALLBACK";
    /** A WeChat Work group robot. */
    public static final String WECOM = "WECOM";
    /** A DingTalk custom robot. */
    public static final String DINGTALK = "DINGTALK";
    public static final List<String> CHANNELS = List.of(WEBHOOK, CALLBACK, EMAIL, SMS, WECOM, DINGTALK);

    @Id
    public UUID id;

    /** The district it belongs to (#24). */
    @Column(nullable = false)
    public String district;

    /** Event id + recipient + channel: a redelivered event never makes a second delivery. */
    @Column(name = "dedup_id", nullable = false, unique = true)
    public String dedupId;

    /** Null for messages about no single case, e.g. a digest. */
    @Column(name = "finding_id")
    public UUID findingId;

    @Column(name = "event_type", nullable = false)
    public String eventType;

    @Column(nullable = false)
    public String channel;

    @Column(nullable = false)
    public String recipient;

    /** Webhook URL, mail address or mobile number, as the channel needs. */
    public String endpoint;

    /** Mail subject. */
    public String subject;

    /** Status callbacks: the subscription whose secret signs them. */
    @Column(name = "subscription_id")
    public UUID subscriptionId;

    @Column(nullable = false, columnDefinition = "text")
    public String payload;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public DeliveryStatus status;

    @Column(nullable = false)
    public int attempts;

    @Column(name = "next_attempt_at", nullable = false)
    public Instant nextAttemptAt;

    @Column(name = "last_error")
    public String lastError;

    /** Robot deliveries: the recipient whose DingTalk secret signs them. */
    @Column(name = "recipient_id")
    public UUID recipientId;

    /** An alert that must be acknowledged: its page. */
    @Column(name = "page_id")
    public UUID pageId;

    /** The trace of the event that queued it; the webhook request continues it. */
    public String traceparent;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "delivered_at")
    public Instant deliveredAt;

    /** A new delivery, due at {@code notBefore}; without an endpoint it is recorded as unroutable. */
    public static Delivery of(String dedupId, String channel, UUID findingId, String eventType, String recipient,
            String endpoint, String subject, String payload, Instant notBefore) {
        Delivery d = new Delivery();
        d.id = UUID.randomUUID();
        d.dedupId = dedupId;
        d.channel = channel;
        d.findingId = findingId;
        d.eventType = eventType;
        d.recipient = recipient.length() <= 100 ? recipient : recipient.substring(0, 100);
        d.endpoint = endpoint;
        d.subject = subject == null || subject.length() <= 200 ? subject : subject.substring(0, 200);
        d.payload = payload;
        d.status = endpoint == null ? DeliveryStatus.UNROUTABLE : DeliveryStatus.PENDING;
        d.attempts = 0;
        d.createdAt = Instant.now();
        d.nextAttemptAt = notBefore;
        d.traceparent = TraceContext.current();
        return d;
    }
}
