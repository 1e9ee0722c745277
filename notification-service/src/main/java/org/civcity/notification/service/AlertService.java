package org.civcity.notification.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.UUID;
import org.civcity.contracts.EscalationRaised;
import org.civcity.notification.config.NotificationConfig;
import org.civcity.notification.domain.Alert;
import org.civcity.notification.domain.Delivery;
import org.civcity.notification.domain.DeliveryStatus;
import org.civcity.notification.repository.DeliveryRepository;
import org.civcity.shared.inbox.ReceivedEvent;

/** Turns escalations into queued webhook deliveries to the escalation's target. */
@ApplicationScoped
public class AlertService {

    static final String CHANNEL_WEBHOOK = "WEBHOOK";

    private final DeliveryRepository deliveries;
    private final NotificationConfig config;
    private final ObjectMapper mapper;

    public AlertService(DeliveryRepository deliveries, NotificationConfig config, ObjectMapper mapper) {
        this.deliveries = deliveries;
        this.config = config;
        this.mapper = mapper;
    }

    /** Queues the alert of one escalation; runs in the inbox transaction. */
    public Uni<Void> escalationRaised(ReceivedEvent event, EscalationRaised escalation) {
        String recipient = escalation.target();
        String dedupId = event.id() + ":" + recipient + ":" + CHANNEL_WEBHOOK;
        return deliveries.count("dedupId", dedupId).chain(existing -> {
            if (existing > 0) {
                return Uni.createFrom().voidItem();
            }
            Delivery delivery = new Delivery();
            delivery.id = UUID.randomUUID();
            delivery.dedupId = dedupId;
            delivery.findingId = escalation.findingId();
            delivery.eventType = event.type();
            delivery.channel = CHANNEL_WEBHOOK;
            delivery.recipient = recipient;
            delivery.endpoint = config.webhook().targets().getOrDefault(recipient,
                    config.webhook().defaultUrl().orElse(null));
            delivery.payload = json(new Alert(dedupId, event.type(), escalation.findingId(),
                    escalation.generation(), escalation.level(), escalation.target(), escalation.unit(),
                    escalation.reason(), escalation.deadline(), escalation.overdueSeconds(), escalation.raisedAt(),
                    message(escalation)));
            delivery.status = delivery.endpoint == null ? DeliveryStatus.UNROUTABLE : DeliveryStatus.PENDING;
            delivery.attempts = 0;
            delivery.createdAt = Instant.now();
            delivery.nextAttemptAt = delivery.createdAt;
            if (delivery.endpoint == null) {
                Log.warnf("No webhook configured for %s: alert for finding %s is unroutable", recipient,
                        escalation.findingId());
            }
            return deliveries.persist(delivery).replaceWithVoid();
        });
    }

    /** The human-readable alert text, in Chinese as the recipients read it. */
    static String message(EscalationRaised e) {
        long hours = e.overdueSeconds() / 3600;
        long minutes = (e.overdueSeconds() % 3600) / 60;
        long seconds = e.overdueSeconds() % 60;
        String overdue = hours > 0 ? hours + "小时" + minutes + "分钟" : minutes > 0 ? minutes + "分钟" : seconds + "秒";
        String what = e.reason().startsWith("ACKNOWLEDGEMENT") ? "未按时签收，已超时" : "已超过整改时限";
        return "【超期督办】问题 " + e.findingId() + " " + what + overdue + "，升级至第" + e.level() + "级（"
                + e.target() + "），责任单位：" + e.unit() + "。";
    }

    private String json(Alert alert) {
        try {
            return mapper.writeValueAsString(alert);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("alert not serialisable", e);
        }
    }
}
