package org.civcity.notification.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.UUID;
import org.civcity.contracts.DeadlineApproaching;
import org.civcity.contracts.EscalationRaised;
import org.civcity.notification.config.NotificationConfig;
import org.civcity.notification.domain.Alert;
import org.civcity.notification.domain.Delivery;
import org.civcity.notification.domain.DeliveryStatus;
import org.civcity.notification.domain.Recipient;
import org.civcity.notification.repository.DeliveryRepository;
import org.civcity.shared.inbox.ReceivedEvent;

/** Turns escalations and deadline warnings into queued webhook deliveries to their recipients. */
@ApplicationScoped
public class AlertService {

    static final String CHANNEL_WEBHOOK = "WEBHOOK";
    static final int URGENT_LEVEL = 3;
    private static final ZoneId DISTRICT = ZoneId.of("Asia/Shanghai");

    private final DeliveryRepository deliveries;
    private final NotificationConfig config;
    private final ObjectMapper mapper;

    public AlertService(DeliveryRepository deliveries, NotificationConfig config, ObjectMapper mapper) {
        this.deliveries = deliveries;
        this.config = config;
        this.mapper = mapper;
    }

    /** Queues the warning to the unit's head that a deadline is near; runs in the inbox transaction. */
    public Uni<Void> deadlineApproaching(ReceivedEvent event, DeadlineApproaching warning) {
        String message = "【临期提醒】问题 " + warning.findingId() + " 的整改时限为 " + warning.rectifyBy()
                + "，已用去" + Math.round(warning.budgetShare() * 100) + "%的时限，责任单位：" + warning.unit() + "。";
        Alert alert = new Alert(null, event.type(), warning.findingId(), warning.generation(), 0, "UNIT_HEAD",
                warning.unit(), "DEADLINE_APPROACHING", warning.rectifyBy(), 0, warning.warnedAt(), message);
        return enqueue(event, "UNIT_HEAD", warning.findingId(), alert);
    }

    /** Tells the lead unit's head about a case event: a new dispatch, a rework, a closure. */
    public Uni<Void> caseEvent(ReceivedEvent event, UUID findingId, int generation, String unit, String reason,
            Instant at, Instant deadline, String message) {
        Alert alert = new Alert(null, event.type(), findingId, generation, 0, "UNIT_HEAD", unit, reason, deadline, 0,
                at, message);
        return enqueue(event, "UNIT_HEAD", findingId, alert);
    }

    /** Queues the alert of one escalation; runs in the inbox transaction. */
    public Uni<Void> escalationRaised(ReceivedEvent event, EscalationRaised escalation) {
        Alert alert = new Alert(null, event.type(), escalation.findingId(), escalation.generation(),
                escalation.level(), escalation.target(), escalation.unit(), escalation.reason(),
                escalation.deadline(), escalation.overdueSeconds(), escalation.raisedAt(), message(escalation));
        return enqueue(event, escalation.target(), escalation.findingId(), alert);
    }

    /**
     * One delivery per recipient the directory names for the role and unit (or district-wide); without any, the
     * configured endpoint of the role.
     */
    private Uni<Void> enqueue(ReceivedEvent event, String role, UUID findingId, Alert draft) {
        return Recipient.<Recipient>list("active = true and role = ?1 and (unit = ?2 or unit is null)"
                        + " and webhookUrl is not null order by name", role, draft.unit())
                .chain(found -> {
                    if (found.isEmpty()) {
                        String endpoint = config.webhook().targets().getOrDefault(role,
                                config.webhook().defaultUrl().orElse(null));
                        return enqueueOne(event, role, role, endpoint, findingId, draft, Instant.now());
                    }
                    return Multi.createFrom().iterable(found)
                            .onItem().transformToUniAndConcatenate(r -> enqueueOne(event, role + "/" + r.name,
                                    r.id.toString(), r.webhookUrl, findingId, draft,
                                    notBefore(r.quietHours, draft.level(), Instant.now())))
                            .collect().last().replaceWithVoid();
                });
    }

    private Uni<Void> enqueueOne(ReceivedEvent event, String recipient, String recipientKey, String endpoint,
            UUID findingId, Alert draft, Instant notBefore) {
        String dedupId = event.id() + ":" + recipientKey + ":" + CHANNEL_WEBHOOK;
        return deliveries.count("dedupId", dedupId).chain(existing -> {
            if (existing > 0) {
                return Uni.createFrom().voidItem();
            }
            Delivery delivery = new Delivery();
            delivery.id = UUID.randomUUID();
            delivery.dedupId = dedupId;
            delivery.findingId = findingId;
            delivery.eventType = event.type();
            delivery.channel = CHANNEL_WEBHOOK;
            delivery.recipient = recipient;
            delivery.endpoint = endpoint;
            delivery.payload = json(new Alert(dedupId, draft.type(), draft.findingId(), draft.generation(),
                    draft.level(), draft.target(), draft.unit(), draft.reason(), draft.deadline(),
                    draft.overdueSeconds(), draft.raisedAt(), draft.message()));
            delivery.status = endpoint == null ? DeliveryStatus.UNROUTABLE : DeliveryStatus.PENDING;
            delivery.attempts = 0;
            delivery.createdAt = Instant.now();
            delivery.nextAttemptAt = notBefore;
            if (endpoint == null) {
                Log.warnf("No recipient or webhook for %s: alert for finding %s is unroutable", recipient, findingId);
            }
            return deliveries.persist(delivery).replaceWithVoid();
        });
    }

    /**
     * When an alert may go to a recipient: at once, or at the end of the recipient's quiet hours (district time).
     * Escalations from level {@value #URGENT_LEVEL} on are urgent and ignore quiet hours.
     */
    static Instant notBefore(String quietHours, int level, Instant now) {
        if (quietHours == null || level >= URGENT_LEVEL) {
            return now;
        }
        LocalTime start = LocalTime.parse(quietHours.substring(0, 5));
        LocalTime end = LocalTime.parse(quietHours.substring(6));
        ZonedDateTime local = now.atZone(DISTRICT);
        LocalTime time = local.toLocalTime();
        boolean quiet = start.isBefore(end) ? !time.isBefore(start) && time.isBefore(end)
                : !time.isBefore(start) || time.isBefore(end);
        if (!quiet) {
            return now;
        }
        ZonedDateTime until = local.with(end);
        return (until.isAfter(local) ? until : until.plusDays(1)).toInstant();
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
