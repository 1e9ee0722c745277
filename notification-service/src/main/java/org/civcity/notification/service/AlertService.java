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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.civcity.contracts.CaseClosed;
import org.civcity.contracts.DeadlineApproaching;
import org.civcity.contracts.EscalationRaised;
import org.civcity.contracts.FindingAssigned;
import org.civcity.contracts.RectificationRejected;
import org.civcity.notification.config.NotificationConfig;
import org.civcity.notification.domain.Alert;
import org.civcity.notification.domain.CaseView;
import org.civcity.notification.domain.Delivery;
import org.civcity.notification.domain.Recipient;
import org.civcity.notification.repository.CaseViewRepository;
import org.civcity.notification.repository.DeliveryRepository;
import org.civcity.notification.repository.RecipientRepository;
import org.civcity.shared.calendar.WorkingCalendar;
import org.civcity.shared.inbox.ReceivedEvent;

/**
 * Turns case events into queued deliveries: one per recipient the directory names and per channel the recipient has
 * an address for (webhook, email, SMS). Runs in the inbox transaction of the event.
 */
@ApplicationScoped
public class AlertService {

    static final int URGENT_LEVEL = 3;
    static final String UNIT_HEAD = "UNIT_HEAD";

    private final DeliveryRepository deliveries;
    private final CaseViewRepository cases;
    private final RecipientRepository recipients;
    private final MessageRenderer renderer;
    private final NotificationConfig config;
    private final ObjectMapper mapper;
    private final WorkingCalendar calendar;

    public AlertService(DeliveryRepository deliveries, CaseViewRepository cases, RecipientRepository recipients,
            MessageRenderer renderer, NotificationConfig config, ObjectMapper mapper, WorkingCalendar calendar) {
        this.deliveries = deliveries;
        this.cases = cases;
        this.recipients = recipients;
        this.renderer = renderer;
        this.config = config;
        this.mapper = mapper;
        this.calendar = calendar;
    }

    /** Warns the unit's head that a deadline is near. */
    public Uni<Void> deadlineApproaching(ReceivedEvent event, DeadlineApproaching w) {
        return cases.current(w.findingId()).chain(view -> {
            AlertText text = renderer.text(event.type(), w.findingId(), w.unit(), view);
            text.deadline = renderer.time(w.rectifyBy());
            text.share = Math.round(w.budgetShare() * 100);
            Alert alert = new Alert(null, event.type(), w.findingId(), w.generation(), 0, UNIT_HEAD, w.unit(),
                    "DEADLINE_APPROACHING", w.rectifyBy(), 0, w.warnedAt(), text.site, text.link, null);
            return enqueue(event, UNIT_HEAD, w.unit(), alert, text);
        });
    }

    /**
     * Tells every party of a new dispatch its part: the lead unit's head that it leads, the head of the township
     * where the problem lies that it answers for it too (属地管理), and each supporting unit's head that it supports.
     */
    public Uni<Void> assigned(ReceivedEvent event, FindingAssigned e) {
        Map<String, String> parties = new LinkedHashMap<>();
        parties.put(e.leadUnit(), AlertText.LEAD);
        if (e.township() != null) {
            parties.putIfAbsent(e.township(), AlertText.TERRITORIAL);
        }
        e.supportingUnits().forEach(unit -> parties.putIfAbsent(unit, AlertText.SUPPORTING));
        return cases.current(e.findingId()).chain(view -> Multi.createFrom().iterable(parties.entrySet())
                .onItem().transformToUniAndConcatenate(party -> notice(event, e, view, party.getKey(),
                        party.getValue()))
                .collect().last().replaceWithVoid());
    }

    private Uni<Void> notice(ReceivedEvent event, FindingAssigned e, CaseView view, String unit, String part) {
        AlertText text = renderer.text(event.type(), e.findingId(), unit, view);
        text.part = part;
        text.lead = renderer.unitName(e.leadUnit());
        text.deadline = renderer.time(e.rectifyBy());
        text.acknowledgeBy = renderer.time(e.acknowledgeBy());
        boolean lead = AlertText.LEAD.equals(part);
        Alert alert = new Alert(null, event.type(), e.findingId(), e.generation(), 0, UNIT_HEAD, unit,
                lead ? "ASSIGNED" : "ASSIGNED_" + part, e.rectifyBy(), 0, e.dispatchedAt(), text.site, text.link,
                null);
        // One event, several notices: each party's deliveries are told apart by its unit.
        return enqueue(event, UNIT_HEAD, unit, alert, text, lead ? "" : "@" + unit);
    }

    /** Tells the lead unit's head that verification failed and the case is back. */
    public Uni<Void> rejected(ReceivedEvent event, RectificationRejected e) {
        return cases.current(e.findingId()).chain(view -> {
            AlertText text = renderer.text(event.type(), e.findingId(), e.unit(), view);
            text.deadline = renderer.time(e.rectifyBy());
            text.note = e.reason();
            text.reworkCount = e.reworkCount();
            Alert alert = new Alert(null, event.type(), e.findingId(), e.generation(), 0, UNIT_HEAD, e.unit(),
                    "REWORK", e.rectifyBy(), 0, e.rejectedAt(), text.site, text.link, null);
            return enqueue(event, UNIT_HEAD, e.unit(), alert, text);
        });
    }

    /** Tells the lead unit's head how the case ended. */
    public Uni<Void> closed(ReceivedEvent event, CaseClosed e) {
        return cases.current(e.findingId()).chain(view -> {
            AlertText text = renderer.text(event.type(), e.findingId(), e.unit(), view);
            text.outcome = MessageRenderer.outcome(e.outcome());
            text.note = e.reason();
            Alert alert = new Alert(null, event.type(), e.findingId(), e.generation(), 0, UNIT_HEAD, e.unit(),
                    "CLOSED_" + e.outcome(), null, 0, e.closedAt(), text.site, text.link, null);
            return enqueue(event, UNIT_HEAD, e.unit(), alert, text);
        });
    }

    /** Alerts the target of one escalation level. */
    public Uni<Void> escalationRaised(ReceivedEvent event, EscalationRaised e) {
        return cases.current(e.findingId()).chain(view -> {
            AlertText text = renderer.text(event.type(), e.findingId(), e.unit(), view);
            text.level = e.level();
            text.target = renderer.roleName(e.target());
            text.acknowledgement = e.reason().startsWith("ACKNOWLEDGEMENT");
            text.overdue = MessageRenderer.duration(e.overdueSeconds());
            text.deadline = renderer.time(e.deadline());
            Alert alert = new Alert(null, event.type(), e.findingId(), e.generation(), e.level(), e.target(),
                    e.unit(), e.reason(), e.deadline(), e.overdueSeconds(), e.raisedAt(), text.site, text.link, null);
            return enqueue(event, e.target(), e.unit(), alert, text);
        });
    }

    /**
     * One delivery per recipient the directory names for the role and unit (or district-wide) and per address it
     * has; without any entry, the configured webhook of the role.
     */
    private Uni<Void> enqueue(ReceivedEvent event, String role, String unit, Alert alert, AlertText text) {
        return enqueue(event, role, unit, alert, text, "");
    }

    private Uni<Void> enqueue(ReceivedEvent event, String role, String unit, Alert alert, AlertText text,
            String keySuffix) {
        String message = renderer.alert(text);
        String subject = message.lines().findFirst().orElse(message);
        String sms = smsWanted(event.type()) ? renderer.sms(text) : null;
        Instant now = Instant.now();
        return recipients.holding(role, unit)
                .chain(found -> {
                    List<Delivery> queued = new ArrayList<>();
                    if (found.isEmpty()) {
                        String endpoint = config.webhook().targets().getOrDefault(role,
                                config.webhook().defaultUrl().orElse(null));
                        if (endpoint == null) {
                            Log.warnf("No recipient or webhook for %s: alert for finding %s is unroutable", role,
                                    alert.findingId());
                        }
                        queued.add(webhook(event, role, role + keySuffix, endpoint, alert, message, now));
                    }
                    for (Recipient r : found) {
                        String name = role + "/" + r.name;
                        String key = r.id + keySuffix;
                        Instant notBefore = notBefore(r.quietHours, alert.level(), now, calendar.zone());
                        if (r.webhookUrl != null) {
                            queued.add(webhook(event, name, key, r.webhookUrl, alert, message, notBefore));
                        }
                        if (r.email != null && config.email().enabled()) {
                            queued.add(Delivery.of(event.id() + ":" + key + ":" + Delivery.EMAIL, Delivery.EMAIL,
                                    alert.findingId(), event.type(), name, r.email, subject, message, notBefore));
                        }
                        if (r.mobile != null && sms != null) {
                            queued.add(Delivery.of(event.id() + ":" + key + ":" + Delivery.SMS, Delivery.SMS,
                                    alert.findingId(), event.type(), name, r.mobile, null, sms, notBefore));
                        }
                    }
                    return Multi.createFrom().iterable(queued)
                            .onItem().transformToUniAndConcatenate(deliveries::queue)
                            .collect().last().replaceWithVoid();
                });
    }

    private Delivery webhook(ReceivedEvent event, String recipient, String key, String endpoint, Alert alert,
            String message, Instant notBefore) {
        String dedupId = event.id() + ":" + key + ":" + Delivery.WEBHOOK;
        return Delivery.of(dedupId, Delivery.WEBHOOK, alert.findingId(), event.type(), recipient, endpoint, null,
                json(alert.withDelivery(dedupId, message)), notBefore);
    }

    private boolean smsWanted(String type) {
        return config.sms().gatewayUrl().isPresent() && config.sms().eventTypes().contains(type)
                && renderer.hasSms(type);
    }

    /**
     * When an alert may go to a recipient: at once, or at the end of the recipient's quiet hours (in the district's
     * {@code zone}).
     * Escalations from level {@value #URGENT_LEVEL} on are urgent and ignore quiet hours.
     */
    static Instant notBefore(String quietHours, int level, Instant now, ZoneId zone) {
        if (quietHours == null || level >= URGENT_LEVEL) {
            return now;
        }
        LocalTime start = LocalTime.parse(quietHours.substring(0, 5));
        LocalTime end = LocalTime.parse(quietHours.substring(6));
        ZonedDateTime local = now.atZone(zone);
        LocalTime time = local.toLocalTime();
        boolean quiet = start.isBefore(end) ? !time.isBefore(start) && time.isBefore(end)
                : !time.isBefore(start) || time.isBefore(end);
        if (!quiet) {
            return now;
        }
        ZonedDateTime until = local.with(end);
        return (until.isAfter(local) ? until : until.plusDays(1)).toInstant();
    }

    String json(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("not serialisable: " + value.getClass(), e);
        }
    }
}
