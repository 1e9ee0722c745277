package org.civcity.notification.service;

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
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.civcity.contracts.CaseClosed;
import org.civcity.contracts.DeadlineApproaching;
import org.civcity.contracts.EventTypes;
import org.civcity.contracts.EscalationRaised;
import org.civcity.contracts.FindingAssigned;
import org.civcity.contracts.InstructionIssued;
import org.civcity.contracts.Party;
import org.civcity.contracts.RectificationRejected;
import org.civcity.contracts.SiteDelisted;
import org.civcity.contracts.SiteListed;
import org.civcity.notification.config.NotificationConfig;
import org.civcity.notification.domain.Alert;
import org.civcity.notification.domain.CaseView;
import org.civcity.notification.domain.Delivery;
import org.civcity.notification.domain.Recipient;
import org.civcity.notification.repository.CaseViewRepository;
import org.civcity.notification.repository.DeliveryRepository;
import org.civcity.notification.repository.RecipientRepository;
import org.civcity.shared.calendar.WorkingCalendar;
import org.civcity.shared.district.ServedDistricts;
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
    private final WorkingCalendar calendar;
    private final UnitNames names;
    private final AlertDeliveries alertDeliveries;
    private final PageService pages;
    private final DutyRotaService duty;

    public AlertService(DeliveryRepository deliveries, CaseViewRepository cases, RecipientRepository recipients,
            MessageRenderer renderer, NotificationConfig config, WorkingCalendar calendar, UnitNames names,
            AlertDeliveries alertDeliveries, PageService pages, DutyRotaService duty) {
        this.names = names;
        this.alertDeliveries = alertDeliveries;
        this.pages = pages;
        this.duty = duty;
        this.deliveries = deliveries;
        this.cases = cases;
        this.recipients = recipients;
        this.renderer = renderer;
        this.config = config;
        this.calendar = calendar;
    }

    /** The case as projected, once the names of units are at hand for its texts. */
    private Uni<CaseView> current(UUID findingId) {
        return names.loaded().chain(() -> cases.current(findingId));
    }

    /** Warns the unit's head that a deadline is near. */
    public Uni<Void> deadlineApproaching(ReceivedEvent event, DeadlineApproaching w) {
        return current(w.findingId()).chain(view -> {
            AlertText text = renderer.text(event.district(), event.type(), w.findingId(), w.unit(), view);
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
        return names.remember(event.district(), e.unitNames(), e.dispatchedAt())
                .chain(() -> current(e.findingId()))
                .chain(view -> Multi.createFrom().iterable(parties.entrySet())
                        .onItem().transformToUniAndConcatenate(party -> notice(event, e, view, party.getKey(),
                                party.getValue()))
                        .collect().last().replaceWithVoid());
    }

    private Uni<Void> notice(ReceivedEvent event, FindingAssigned e, CaseView view, String unit, String part) {
        AlertText text = renderer.text(event.district(), event.type(), e.findingId(), unit, view);
        // The names the routing data in force gives, as the event carries them; the configured ones otherwise.
        Map<String, String> names = e.unitNames();
        text.unit = names.getOrDefault(unit, text.unit);
        if (e.township() != null && !e.township().equals(unit)) {
            text.township = names.getOrDefault(e.township(), renderer.unitName(event.district(), e.township()));
        }
        text.grid = e.grid() == null ? null : names.getOrDefault(e.grid(), e.grid());
        text.part = part;
        text.lead = names.getOrDefault(e.leadUnit(), renderer.unitName(event.district(), e.leadUnit()));
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
        return current(e.findingId()).chain(view -> {
            AlertText text = renderer.text(event.district(), event.type(), e.findingId(), e.unit(), view);
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
        return current(e.findingId()).chain(view -> {
            AlertText text = renderer.text(event.district(), event.type(), e.findingId(), e.unit(), view);
            text.outcome = MessageRenderer.outcome(e.outcome());
            text.note = e.reason();
            Alert alert = new Alert(null, event.type(), e.findingId(), e.generation(), 0, UNIT_HEAD, e.unit(),
                    "CLOSED_" + e.outcome(), null, 0, e.closedAt(), text.site, text.link, null);
            // Its alerts awaiting acknowledgement end: nobody needs reminding of a closed case.
            return pages.caseClosed(e.findingId()).chain(() -> enqueue(event, UNIT_HEAD, e.unit(), alert, text));
        });
    }

    /**
     * Alerts every party of one escalation level (the lead department's head and the township's at level 1, for
     * example), each through the recipients the directory names for its role and unit; the text names them all, with
     * the people in post as the ledger recorded them. An event without parties alerts its target of its unit.
     */
    public Uni<Void> escalationRaised(ReceivedEvent event, EscalationRaised e) {
        List<Party> parties = e.parties().isEmpty() ? List.of(new Party(e.target(), e.unit(), null, List.of()))
                : e.parties();
        return current(e.findingId()).chain(view -> {
            AlertText text = renderer.text(event.district(), event.type(), e.findingId(), e.unit(), view);
            text.unit = named(parties, e.unit(), text.unit);
            text.level = e.level();
            text.target = renderer.roleName(e.target());
            text.parties = parties.stream().map(p -> describe(event.district(), p)).collect(Collectors.joining("；"));
            text.acknowledgement = e.reason().startsWith("ACKNOWLEDGEMENT");
            text.instruction = e.reason().startsWith("INSTRUCTION");
            text.listing = e.reason().startsWith("LISTED_SITE");
            text.overdue = MessageRenderer.duration(e.overdueSeconds());
            text.deadline = renderer.time(e.deadline());
            return Multi.createFrom().range(0, parties.size()).onItem().transformToUniAndConcatenate(i -> {
                Party p = parties.get(i);
                Alert alert = new Alert(null, event.type(), e.findingId(), e.generation(), e.level(), p.role(),
                        p.unit() == null ? e.unit() : p.unit(), e.reason(), e.deadline(), e.overdueSeconds(),
                        e.raisedAt(), text.site, text.link, null);
                // One event, several parties: each party's deliveries are told apart by its role and unit.
                return enqueue(event, p.role(), p.unit(), alert, text, i == 0 ? "" : "@" + p.role() + "/" + p.unit());
            }).collect().last().replaceWithVoid();
        });
    }

    /**
     * Tells the lead unit's head and the township's head of a leader's instruction (批示) on their case and the
     * supervision order's deadline.
     */
    public Uni<Void> instructed(ReceivedEvent event, InstructionIssued e) {
        List<String> units = e.township() == null || e.township().equals(e.unit()) ? List.of(e.unit())
                : List.of(e.unit(), e.township());
        return current(e.findingId()).chain(view -> Multi.createFrom().iterable(units)
                .onItem().transformToUniAndConcatenate(unit -> {
                    AlertText text = renderer.text(event.district(), event.type(), e.findingId(), unit, view);
                    text.instructedBy = e.issuedBy();
                    text.note = e.text();
                    text.deadline = renderer.time(e.dueBy());
                    text.lead = renderer.unitName(event.district(), e.unit());
                    text.part = unit.equals(e.unit()) ? AlertText.LEAD : AlertText.TERRITORIAL;
                    Alert alert = new Alert(null, event.type(), e.findingId(), 0, 0, UNIT_HEAD, unit,
                            "LEADER_INSTRUCTION", e.dueBy(), 0, e.issuedAt(), text.site, text.link, null);
                    return enqueue(event, UNIT_HEAD, unit, alert, text, unit.equals(e.unit()) ? "" : "@" + unit);
                }).collect().last().replaceWithVoid());
    }

    /**
     * Tells the lead unit's head and the township's head that their site is under listed supervision (挂牌督办),
     * with the recurrences and the listing's deadline; and again when it comes off.
     */
    public Uni<Void> listed(ReceivedEvent event, SiteListed e) {
        return listing(event, e.findingId(), e.leadUnit(), e.township(), e.listedAt(), e.dueBy(), text -> {
            text.site = e.siteName();
            text.siteType = e.siteType().label();
            text.note = (e.window().matches("P\\d+D") ? e.window().substring(1, e.window().length() - 1) + "天"
                    : e.window()) + "内复发" + e.recurrences() + "次";
            text.deadline = renderer.time(e.dueBy());
        });
    }

    public Uni<Void> delisted(ReceivedEvent event, SiteDelisted e) {
        return listing(event, e.findingId(), e.leadUnit(), e.township(), e.delistedAt(), e.delistedAt(), text -> {
            text.site = e.siteName();
            text.note = WorkingCalendar.inChinese(e.cleanPeriod());
            text.deadline = renderer.time(e.cleanSince());
        });
    }

    private Uni<Void> listing(ReceivedEvent event, UUID findingId, String lead, String township, Instant at,
            Instant deadline, Consumer<AlertText> fill) {
        List<String> units = township == null || township.equals(lead) ? List.of(lead) : List.of(lead, township);
        return current(findingId).chain(view -> Multi.createFrom().iterable(units)
                .onItem().transformToUniAndConcatenate(unit -> {
                    AlertText text = renderer.text(event.district(), event.type(), findingId, unit, view);
                    fill.accept(text);
                    text.lead = renderer.unitName(event.district(), lead);
                    text.township = township == null ? null : renderer.unitName(event.district(), township);
                    text.part = unit.equals(lead) ? AlertText.LEAD : AlertText.TERRITORIAL;
                    Alert alert = new Alert(null, event.type(), findingId, 0, 0, UNIT_HEAD, unit,
                            EventTypes.SITE_LISTED.equals(event.type()) ? "SITE_LISTED" : "SITE_DELISTED", deadline,
                            0, at, text.site, text.link, null);
                    return enqueue(event, UNIT_HEAD, unit, alert, text, unit.equals(lead) ? "" : "@" + unit);
                }).collect().last().replaceWithVoid());
    }

    /** "新华街道 责任单位主要负责人 李明" as the ledger recorded the party. */
    private String describe(String district, Party p) {
        String unit = p.unit() == null ? "" : (p.unitName() != null ? p.unitName()
                : renderer.unitName(district, p.unit())) + " ";
        return unit + renderer.roleName(p.role()) + (p.persons().isEmpty() ? "" : " " + String.join("、", p.persons()));
    }

    /** The name the event gives a unit, else the configured one. */
    private static String named(List<Party> parties, String unit, String configured) {
        return parties.stream().filter(p -> unit.equals(p.unit()) && p.unitName() != null).map(Party::unitName)
                .findFirst().orElse(configured);
    }

    /**
     * One delivery per recipient the event's district's directory names for the role and unit (or district-wide) and
     * per address it has; without any entry, the configured webhook of the role (home district only).
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
        AlertDeliveries.Content content = new AlertDeliveries.Content(event.type(), alert, message, subject, sms, null,
                null);
        String district = event.district();
        return recipients.holding(district, role, unit)
                .chain(found -> duty.onDutyAmong(district, role, found, now).chain(onDuty -> {
                    if (found.isEmpty()) {
                        // The configured webhooks are the home district's: another district's alert without a
                        // directory entry is recorded unroutable rather than sent to the home district's people.
                        String endpoint = !ServedDistricts.home().equals(district) ? null
                                : config.webhook().targets().getOrDefault(role,
                                        config.webhook().defaultUrl().orElse(null));
                        if (endpoint == null) {
                            Log.warnf("No recipient or webhook for %s in district %s: alert for finding %s is"
                                    + " unroutable", role, district, alert.findingId());
                        }
                        return deliveries.queue(district, alertDeliveries.webhook(event.id() + ":" + role + keySuffix
                                + ":", event.type(), role, endpoint, alert, message, now)).replaceWithVoid();
                    }
                    // The person on duty first (the duty role), then the directory's order.
                    List<Recipient> people = new ArrayList<>(found);
                    onDuty.ifPresent(r -> {
                        people.remove(r);
                        people.add(0, r);
                    });
                    if (pages.wanted(alert.level())) {
                        return pages.open(event, role + "/" + unit + keySuffix, content, people, now);
                    }
                    // An alert that needs no acknowledgement goes to every holder, or to the one on duty alone.
                    List<Delivery> queued = new ArrayList<>();
                    for (Recipient r : onDuty.map(List::of).orElse(people)) {
                        Instant notBefore = notBefore(r.quietHours, alert.level(), now, calendar.zone());
                        queued.addAll(alertDeliveries.to(r, role + "/" + r.name, event.id() + ":" + r.id + keySuffix
                                + ":", content, notBefore));
                    }
                    return Multi.createFrom().iterable(queued)
                            .onItem().transformToUniAndConcatenate(d -> deliveries.queue(district, d))
                            .collect().last().replaceWithVoid();
                }));
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
        return alertDeliveries.json(value);
    }
}
