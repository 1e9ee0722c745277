package org.civcity.notification.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.civcity.contracts.AlertFollowUp;
import org.civcity.contracts.EventTypes;
import org.civcity.contracts.Topics;
import org.civcity.notification.config.NotificationConfig;
import org.civcity.notification.domain.Alert;
import org.civcity.notification.domain.AlertPage;
import org.civcity.notification.domain.AlertPageStep;
import org.civcity.notification.domain.Delivery;
import org.civcity.notification.domain.Recipient;
import org.civcity.notification.repository.DeliveryRepository;
import org.civcity.notification.repository.PageRepository;
import org.civcity.notification.repository.RecipientRepository;
import org.civcity.shared.calendar.WorkingCalendar;
import org.civcity.shared.inbox.ReceivedEvent;
import org.civcity.shared.messaging.Pollers;
import org.civcity.shared.outbox.Outbox;
import org.civcity.shared.problem.ProblemException;
import org.civcity.shared.security.Caller;
import org.civcity.shared.text.JsonText;

/**
 * Alerts that must be acknowledged (escalations from level 2 on), PagerDuty-style: each party's alert goes to one
 * person at a time with their own signed link; unanswered it is re-sent after the resend interval (working time below
 * the urgent level), and after the tries allowed it goes to the next person holding the role. Every step is kept;
 * acknowledgements, hand-overs and alerts nobody answered are announced on civcity.alerts for the ledger. Due pages
 * are rows claimed with FOR UPDATE SKIP LOCKED, so replicas neither skip nor double a re-send.
 */
@ApplicationScoped
public class PageService {

    /** The actor of an acknowledgement through the signed link. */
    public static final String BY_LINK = "signed-link";
    /** Pages followed up in one round at most. */
    private static final int ROUND = 50;
    /** How long a page whose follow-up failed waits before it is tried again. */
    private static final java.time.Duration RETRY_FAILED = java.time.Duration.ofMinutes(5);
    /** Holders of one role tried at most, in the directory's order. */
    private static final int MOST_PEOPLE = 100;

    private final PageRepository pages;
    private final RecipientRepository recipients;
    private final DeliveryRepository deliveries;
    private final AlertDeliveries alertDeliveries;
    private final AcknowledgementTokens tokens;
    private final Outbox outbox;
    private final WorkingCalendar calendar;
    private final NotificationConfig.Acknowledgement config;
    private final ObjectMapper mapper;
    private final Pollers pollers;
    private final MeterRegistry registry;

    public PageService(PageRepository pages, RecipientRepository recipients, DeliveryRepository deliveries,
            AlertDeliveries alertDeliveries, AcknowledgementTokens tokens, Outbox outbox, WorkingCalendar calendar,
            NotificationConfig config, ObjectMapper mapper, Pollers pollers, MeterRegistry registry) {
        this.registry = registry;
        this.pages = pages;
        this.recipients = recipients;
        this.deliveries = deliveries;
        this.alertDeliveries = alertDeliveries;
        this.tokens = tokens;
        this.outbox = outbox;
        this.calendar = calendar;
        this.config = config.acknowledgement();
        // A rule that does not read stops the start, not every escalation's alert.
        WorkingCalendar.checkRule(this.config.resendAfter());
        WorkingCalendar.checkRule(this.config.urgentResendAfter());
        this.mapper = mapper;
        this.pollers = pollers;
    }

    void start(@Observes StartupEvent event) {
        pollers.start("Alert re-sends", config.pollInterval(), this::followUpDue);
    }

    /** Whether an alert of {@code level} must be acknowledged. */
    public boolean wanted(int level) {
        return level >= config.fromLevel();
    }

    /**
     * Opens the page of one party of an event and sends it to the first of {@code people}; a redelivered event opens
     * nothing. Runs in the event's inbox transaction.
     */
    public Uni<Void> open(ReceivedEvent event, String partyKey, AlertDeliveries.Content content,
            List<Recipient> people, Instant now) {
        return pages.of(event.id(), partyKey).chain(existing -> {
            if (existing != null) {
                return Uni.createFrom().voidItem();
            }
            Alert alert = content.alert();
            AlertPage page = new AlertPage();
            page.id = UUID.randomUUID();
            page.eventId = event.id();
            page.district = event.district();
            page.partyKey = partyKey;
            page.findingId = alert.findingId();
            page.generation = alert.generation();
            page.level = alert.level();
            page.role = alert.target();
            page.unit = alert.unit();
            page.reason = alert.reason();
            page.eventType = content.eventType();
            page.alert = json(alert);
            page.message = content.message();
            page.sms = content.sms();
            page.subject = content.subject();
            page.people = people.stream().limit(MOST_PEOPLE).map(r -> r.id.toString())
                    .collect(Collectors.joining(","));
            page.personIndex = 0;
            page.tries = 0;
            page.status = AlertPage.Status.OPEN;
            page.createdAt = now;
            page.sentAt = now;
            return pages.persist(page).chain(() -> send(page, people.get(0), AlertPageStep.SENT, now));
        });
    }

    /** Sends the page to {@code r} once more (its next try) and sets the next follow-up. */
    private Uni<Void> send(AlertPage page, Recipient r, String kind, Instant now) {
        page.tries++;
        Alert alert = read(page.alert);
        Instant notBefore = AlertService.notBefore(r.quietHours, page.level, now, calendar.zone());
        if (page.tries == 1) {
            page.sentAt = notBefore;
        }
        String link = config.link().replace("{token}",
                tokens.issue(page.id, r.id, notBefore.plus(config.tokenValidity())));
        AlertDeliveries.Content content = new AlertDeliveries.Content(page.eventType, alert, page.message,
                page.subject, page.sms, link, page.id);
        String key = "page:" + page.id + ":" + r.id + ":" + page.tries + ":";
        List<Delivery> queued = alertDeliveries.to(r, page.role + "/" + r.name, key, content, notBefore);
        page.nextAt = calendar.plus(page.level >= AlertService.URGENT_LEVEL ? config.urgentResendAfter()
                : config.resendAfter(), notBefore, 1);
        Log.infof("Alert %s (level %d, %s of %s, finding %s) %s to %s, try %d; next follow-up at %s", page.id,
                page.level, page.role, page.unit, page.findingId, kind.toLowerCase(), r.name, page.tries,
                page.nextAt);
        return record(AlertPageStep.of(page.id, kind, r, page.tries, null, now), page.level)
                .chain(() -> Multi.createFrom().iterable(queued).onItem()
                        .transformToUniAndConcatenate(d -> deliveries.queue(page.district, d)).collect().last()
                        .replaceWithVoid());
    }

    /**
     * Re-sends or hands over the due pages, each in a transaction of its own: one that fails is put back for later
     * instead of holding up the others. The number handled.
     */
    public Uni<Integer> followUpDue() {
        return followUpFrom(Instant.now(), 0);
    }

    private Uni<Integer> followUpFrom(Instant now, int done) {
        if (done >= ROUND) {
            return Uni.createFrom().item(done);
        }
        return followUpOne(now).chain(more -> more ? followUpFrom(now, done + 1) : Uni.createFrom().item(done));
    }

    private Uni<Boolean> followUpOne(Instant now) {
        AtomicReference<UUID> claimed = new AtomicReference<>();
        return Panache.withTransaction(() -> pages.claimDue(now, 1).chain(due -> {
            if (due.isEmpty()) {
                return Uni.createFrom().item(false);
            }
            AlertPage page = due.get(0);
            claimed.set(page.id);
            return recipients.among(page.peopleIds())
                    .map(list -> list.stream().collect(Collectors.toMap(r -> r.id, Function.identity())))
                    .chain(people -> followUp(page, people, now)).replaceWith(true);
        })).onFailure(e -> claimed.get() != null).recoverWithUni(e -> {
            Log.errorf(e, "Alert %s: its follow-up failed; trying again in %s", claimed.get(), RETRY_FAILED);
            return Panache.withTransaction(() -> pages.deferFollowUp(claimed.get(), now.plus(RETRY_FAILED)))
                    .replaceWith(true);
        });
    }

    private Uni<Void> followUp(AlertPage page, Map<UUID, Recipient> people, Instant now) {
        Recipient current = people.get(page.current());
        if (current != null && current.active && page.tries < config.triesPerPerson()) {
            return send(page, current, AlertPageStep.RESENT, now);
        }
        Recipient unanswered = current != null ? current : placeholder(page.current());
        List<UUID> order = page.peopleIds();
        for (int next = page.personIndex + 1; next < order.size(); next++) {
            Recipient candidate = people.get(order.get(next));
            if (candidate != null && candidate.active) {
                int tries = Math.max(1, page.tries);
                Instant sentAt = page.sentAt;
                page.personIndex = next;
                page.tries = 0;
                return record(AlertPageStep.of(page.id, AlertPageStep.HANDED_OVER, unanswered, tries, null, now),
                        page.level)
                        .chain(() -> announce(EventTypes.ALERT_HANDED_OVER, page, unanswered, candidate.name, null,
                                false, tries, sentAt, now))
                        .chain(() -> send(page, candidate, AlertPageStep.SENT, now));
            }
        }
        page.status = AlertPage.Status.UNANSWERED;
        page.nextAt = null;
        Log.warnf("Alert %s (level %d, %s of %s, finding %s) went unanswered by everyone holding the role", page.id,
                page.level, page.role, page.unit, page.findingId);
        return record(AlertPageStep.of(page.id, AlertPageStep.UNANSWERED, unanswered, page.tries, null, now),
                page.level)
                .chain(() -> announce(EventTypes.ALERT_UNANSWERED, page, unanswered, null, null, false,
                        Math.max(1, page.tries), page.sentAt, now));
    }

    /**
     * Acknowledges through a signed link: the token names the alert and the person it was sent to. Whoever holds
     * the link answers (it reaches e-mail, SMS and the person's robot group alike), so the record says the link was
     * used, not who signed in. A second acknowledgement changes nothing and answers the first; a late one, after
     * everyone was tried, is still recorded.
     */
    public Uni<AlertPage> acknowledgeByToken(String token) {
        Instant now = Instant.now();
        AcknowledgementTokens.Claim claim = tokens.verify(token, now);
        return Panache.withTransaction(() -> lockedPage(claim.page()).chain(page -> sentTo(page).chain(sent -> {
            if (!sent.containsKey(claim.recipient())) {
                throw new ProblemException(403, "Forbidden", "This link was not sent for this alert");
            }
            return recipients.findById(claim.recipient()).chain(r -> acknowledge(page, r, BY_LINK, false,
                    sent.get(claim.recipient()), now));
        })));
    }

    /**
     * Acknowledges as the signed-in caller: a person the alert was sent to (their own account) or one of their
     * delegates; anyone else is refused.
     */
    public Uni<AlertPage> acknowledgeAs(UUID pageId, Caller caller) {
        Instant now = Instant.now();
        return Panache.withTransaction(() -> lockedPage(pageId).chain(page -> {
            // Another district's alert is not there for this caller.
            if (!page.district.equals(caller.district())) {
                throw ProblemException.notFound("Alert " + pageId);
            }
            return sentTo(page).chain(sent -> recipients.among(sent.keySet()).chain(sentTo -> {
                Recipient own = sentTo.stream().filter(r -> caller.name().equals(r.account)).findFirst()
                        .orElse(null);
                // A delegate answers for the person alerted now, else for whoever of theirs was alerted before.
                Recipient forWhom = own != null ? own : sentTo.stream().filter(r -> r.answersFor(caller.name()))
                        .min(java.util.Comparator.comparing(r -> r.id.equals(page.current()) ? 0 : 1))
                        .orElse(null);
                if (forWhom == null) {
                    throw new ProblemException(403, "Forbidden", "Only a person this alert was sent to, or "
                            + "their delegate, acknowledges it");
                }
                return acknowledge(page, forWhom, caller.name(), own == null, sent.get(forWhom.id), now);
            }));
        }));
    }

    private Uni<AlertPage> acknowledge(AlertPage page, Recipient r, String actor, boolean onBehalf, Sends sends,
            Instant now) {
        if (page.status == AlertPage.Status.ACKNOWLEDGED || page.status == AlertPage.Status.CLOSED) {
            return Uni.createFrom().item(page);
        }
        page.status = AlertPage.Status.ACKNOWLEDGED;
        page.acknowledgedAt = now;
        page.acknowledgedBy = actor;
        page.onBehalf = onBehalf;
        page.nextAt = null;
        Log.infof("Alert %s (level %d, finding %s) acknowledged by %s%s", page.id, page.level, page.findingId, actor,
                onBehalf ? " for " + r.name : "");
        return record(AlertPageStep.of(page.id, AlertPageStep.ACKNOWLEDGED, r, sends.tries(), actor, now),
                page.level)
                .chain(() -> pages.cancelPending(page.id))
                .chain(() -> announce(EventTypes.ALERT_ACKNOWLEDGED, page, r, null, actor, onBehalf, sends.tries(),
                        sends.first(), now))
                .replaceWith(page);
    }

    /**
     * Ends the open alerts of a finding whose case closed: nobody needs reminding of it any more, and an alert left
     * unanswered now would blame no one fairly. In the event's inbox transaction.
     */
    public Uni<Void> caseClosed(UUID findingId) {
        return pages.openOf(findingId).chain(open -> Multi.createFrom().iterable(open)
                .onItem().transformToUniAndConcatenate(page -> {
                    page.status = AlertPage.Status.CLOSED;
                    page.nextAt = null;
                    return pages.cancelPending(page.id);
                })
                .collect().last().replaceWithVoid());
    }

    /** The people the page was sent to, with how often and since when, from its steps. */
    private Uni<Map<UUID, Sends>> sentTo(AlertPage page) {
        return pages.steps(List.of(page.id)).map(steps -> {
            Map<UUID, Sends> sent = new java.util.HashMap<>();
            for (AlertPageStep s : steps) {
                if (AlertPageStep.SENT.equals(s.kind) || AlertPageStep.RESENT.equals(s.kind)) {
                    sent.merge(s.recipient, new Sends(1, s.at), (a, b) -> new Sends(a.tries() + 1, a.first()));
                }
            }
            return sent;
        });
    }

    /** Sends to one person: how many, and the first. */
    private record Sends(int tries, Instant first) {
    }

    /** Keeps a step and counts it (civcity_alert_steps_total{step,level}). */
    private Uni<Void> record(AlertPageStep step, int level) {
        return pages.record(step).invoke(() -> registry.counter("civcity.alert.steps", "step", step.kind,
                "level", Integer.toString(level)).increment());
    }

    private Uni<AlertPage> lockedPage(UUID id) {
        return pages.locked(id).onItem().ifNull().failWith(() -> ProblemException.notFound("Alert " + id));
    }

    private Uni<Void> announce(String type, AlertPage page, Recipient r, String next, String actor, boolean onBehalf,
            int tries, Instant sentAt, Instant at) {
        return outbox.inDistrict(page.district).append(Topics.ALERTS, type, page.findingId, new AlertFollowUp(
                page.findingId, page.id, page.generation, page.level, page.role, page.unit, page.reason, r.name, next,
                actor, onBehalf, tries, sentAt, at)).replaceWithVoid();
    }

    /** The pages of a finding of {@code district} with their steps, oldest first. */
    public Uni<List<PageWithSteps>> ofFinding(String district, UUID findingId) {
        return Panache.withSession(() -> pages.ofFinding(district, findingId).chain(list -> pages.steps(
                list.stream().map(p -> p.id).toList()).map(steps -> list.stream()
                        .map(p -> new PageWithSteps(p, steps.stream().filter(s -> s.pageId.equals(p.id)).toList()))
                        .toList())));
    }

    /** A page as read, with its steps. */
    public record PageWithSteps(AlertPage page, List<AlertPageStep> steps) {
    }

    private static Recipient placeholder(UUID id) {
        Recipient r = new Recipient();
        r.id = id;
        r.name = "(removed " + id + ")";
        return r;
    }

    private String json(Alert alert) {
        return JsonText.write(mapper, alert);
    }

    private Alert read(String json) {
        return JsonText.read(mapper, json, Alert.class);
    }
}
