package org.civcity.notification.service;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.civcity.contracts.AccountabilityRecorded;
import org.civcity.contracts.LedgerHead;
import org.civcity.notification.config.NotificationConfig;
import org.civcity.notification.domain.CaseView;
import org.civcity.notification.domain.Delivery;
import org.civcity.notification.domain.EscalationLog;
import org.civcity.notification.domain.Recipient;
import org.civcity.notification.repository.CaseViewRepository;
import org.civcity.notification.repository.DeliveryRepository;
import org.civcity.notification.repository.DigestRepository;
import org.civcity.notification.repository.EscalationLogRepository;
import org.civcity.notification.repository.LedgerHeadRepository;
import org.civcity.notification.repository.RecipientRepository;
import org.civcity.notification.service.DigestText.EscalationLine;
import org.civcity.notification.service.DigestText.OverdueLine;
import org.civcity.notification.service.DigestText.RankLine;
import org.civcity.shared.calendar.WorkingCalendar;
import org.civcity.shared.messaging.Pollers;

/**
 * The leaders' daily digest: on working days from the configured local time, one per leader per day. The claim is a
 * row keyed by leader and date inserted in the same transaction as the digest's deliveries, so replicas and restarts
 * neither skip nor repeat one.
 */
@ApplicationScoped
public class DigestService {

    static final String TYPE = "digest.daily";
    private static final Duration RANKING_WINDOW = Duration.ofDays(30);
    private static final int MAX_LINES = 20;

    private final NotificationConfig config;
    private final WorkingCalendar calendar;
    private final MessageRenderer renderer;
    private final DeliveryRepository deliveries;
    private final RecipientRepository recipients;
    private final DigestRepository digests;
    private final CaseViewRepository cases;
    private final EscalationLogRepository escalations;
    private final AlertService alerts;
    private final MeterRegistry registry;
    private final Pollers pollers;
    private final LedgerHeadRepository ledger;
    private final UnitNames names;

    public DigestService(NotificationConfig config, WorkingCalendar calendar, MessageRenderer renderer,
            DeliveryRepository deliveries, RecipientRepository recipients, DigestRepository digests,
            CaseViewRepository cases, EscalationLogRepository escalations, AlertService alerts,
            MeterRegistry registry, Pollers pollers, LedgerHeadRepository ledger, UnitNames names) {
        this.names = names;
        this.config = config;
        this.calendar = calendar;
        this.renderer = renderer;
        this.deliveries = deliveries;
        this.recipients = recipients;
        this.digests = digests;
        this.cases = cases;
        this.escalations = escalations;
        this.alerts = alerts;
        this.registry = registry;
        this.pollers = pollers;
        this.ledger = ledger;
    }

    void start(@Observes StartupEvent event) {
        if (config.digest().enabled()) {
            pollers.start("Daily digest", config.digest().pollInterval(), () -> runDue(Instant.now()));
        }
    }

    /** Queues the day's digest of every leader who has none yet, when {@code now} is past the digest time of a
     * working day; returns how many digests this call made. */
    public Uni<Integer> runDue(Instant now) {
        ZonedDateTime local = now.atZone(calendar.zone());
        LocalDate date = local.toLocalDate();
        if (!calendar.isWorkingDay(date) || local.toLocalTime().isBefore(config.digest().time())) {
            return Uni.createFrom().item(0);
        }
        return Panache.withSession(() -> names.loaded().chain(() -> recipients.inRoles(config.digest().roles()))
                .chain(leaders -> digests.recipientsDone(date)
                        .map(done -> leaders.stream().filter(l -> !done.contains(l.id)).toList())))
                .chain(leaders -> Multi.createFrom().iterable(leaders)
                        .onItem().transformToUniAndConcatenate(leader -> Panache.withTransaction(
                                () -> digest(leader, date, now)))
                        .collect().asList())
                .map(made -> (int) made.stream().filter(Boolean::booleanValue).count());
    }

    /** Claims and queues one leader's digest; false when another replica or an earlier run has it. */
    private Uni<Boolean> digest(Recipient leader, LocalDate date, Instant now) {
        return content(leader, date, now).chain(text -> digests.claim(leader.id, date, now, text.overdueCount(),
                        text.escalationCount())
                .chain(claimed -> claimed ? queue(leader, date, text).replaceWith(true)
                        : Uni.createFrom().item(false)));
    }

    private Uni<Void> queue(Recipient leader, LocalDate date, DigestText text) {
        String message = renderer.render("digest", text);
        String subject = message.lines().findFirst().orElse(message);
        String key = "digest:" + date + ":" + leader.id + ":";
        List<Delivery> queued = new ArrayList<>();
        if (leader.webhookUrl != null) {
            queued.add(Delivery.of(key + Delivery.WEBHOOK, Delivery.WEBHOOK, null, TYPE, leader.role + "/"
                    + leader.name, leader.webhookUrl, subject, alerts.json(Map.of("deliveryId", key
                    + Delivery.WEBHOOK, "type", TYPE, "date", date.toString(), "recipient", leader.name,
                    "overdue", text.overdueCount(), "escalations", text.escalationCount(),
                    "message", message)), Instant.now()));
        }
        if (leader.email != null && config.email().enabled()) {
            queued.add(Delivery.of(key + Delivery.EMAIL, Delivery.EMAIL, null, TYPE, leader.role + "/" + leader.name,
                    leader.email, subject, message, Instant.now()));
        }
        queued.addAll(Robots.deliveries(leader, key, null, TYPE, leader.role + "/" + leader.name,
                new Robots.Message(subject, message, null, null, null), Instant.now(), null));
        if (queued.isEmpty()) {
            Log.warnf("Leader %s has neither webhook, email nor robot: the digest of %s is recorded but not sent",
                    leader.name, date);
        }
        registry.counter("civcity.digests").increment();
        return Multi.createFrom().iterable(queued).onItem()
                .transformToUniAndConcatenate(d -> deliveries.queue(leader.district, d))
                .collect().asList().replaceWithVoid();
    }

    /**
     * Keeps the ledger's head as its records are announced, to print it in every digest, and settles the proposal a
     * disposition's record names; in the inbox transaction.
     */
    public Uni<Void> ledgerAdvanced(String district, AccountabilityRecorded record) {
        // Each district has its own chain (#24), and each leader's digest prints their district's head.
        Uni<Void> head = ledger.advance(district, record.sequence(), record.hash(), record.recordedAt());
        return record.disposes() == null ? head : head.chain(() -> escalations.disposed(record.disposes(),
                record.disposition(), record.recordedAt())).replaceWithVoid();
    }

    /**
     * The leader's area (their unit, or the whole of their district): overdue cases, new escalations, ranking
     * excerpt, their district's ledger head.
     */
    private Uni<DigestText> content(Recipient leader, LocalDate date, Instant now) {
        String area = leader.unit;
        String district = leader.district;
        Uni<List<CaseView>> overdue = cases.overdue(district, now, area);
        Uni<Instant> since = digests.lastMadeFor(leader.id)
                .map(previous -> previous != null ? previous : now.minus(Duration.ofDays(1)));
        return overdue.chain(open -> since.chain(from -> escalations.raisedBetween(district, from, now))
                .chain(raised -> escalations.awaitingDisposition(district).chain(awaiting -> cases.dueBetween(
                        district, now.minus(RANKING_WINDOW), now).chain(due -> views(concat(raised, awaiting))
                        .chain(viewed -> ledger.head(district).map(head -> text(leader, date, now, open,
                                inArea(raised, area, viewed), inArea(awaiting, area, viewed), viewed, due,
                                head)))))));
    }

    /** Escalations of the leader's area: its unit's, or those of cases in its township; all for the district. */
    private static List<EscalationLog> inArea(List<EscalationLog> escalations, String area,
            Map<UUID, CaseView> viewed) {
        return escalations.stream().filter(e -> area == null || area.equals(e.unit) || viewed.containsKey(e.findingId)
                && area.equals(viewed.get(e.findingId).township)).toList();
    }

    private static List<EscalationLog> concat(List<EscalationLog> a, List<EscalationLog> b) {
        List<EscalationLog> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private Uni<Map<UUID, CaseView>> views(List<EscalationLog> raised) {
        List<UUID> ids = raised.stream().map(e -> e.findingId).distinct().toList();
        return ids.isEmpty() ? Uni.createFrom().item(Map.of())
                : cases.byIds(ids)
                        .map(list -> list.stream().collect(Collectors.toMap(v -> v.findingId, Function.identity())));
    }

    private DigestText text(Recipient leader, LocalDate date, Instant now, List<CaseView> open,
            List<EscalationLog> escalations, List<EscalationLog> awaiting, Map<UUID, CaseView> viewed,
            List<CaseView> due, LedgerHead head) {
        List<OverdueLine> overdue = open.stream().limit(MAX_LINES).map(c -> new OverdueLine(
                c.siteName == null ? "（点位未知）" : c.siteName, renderer.unitName(leader.district, c.leadUnit),
                c.township == null || c.township.equals(c.leadUnit) ? null
                        : renderer.unitName(leader.district, c.township),
                MessageRenderer.duration(Duration.between(c.rectifyBy, now).toSeconds()), c.escalationLevel,
                renderer.link(c.findingId))).toList();
        List<EscalationLine> raised = lines(leader.district, escalations, viewed);
        List<EscalationLine> waiting = lines(leader.district, awaiting, viewed);
        List<RankLine> ranking = ranking(leader.district, due, open, now);
        int size = config.digest().rankingSize();
        List<RankLine> top = ranking.stream().limit(size).toList();
        List<RankLine> bottom = ranking.size() <= size ? List.of()
                : ranking.subList(Math.max(size, ranking.size() - size), ranking.size());
        return new DigestText(leader.name, leader.unit == null ? "全区" : renderer.unitName(leader.district, leader.unit),
                date.toString(), renderer.time(now), open.size(), overdue, escalations.size(), raised,
                awaiting.size(), waiting, top, bottom, calendarWarning(date), head == null ? null
                        : "第 " + head.sequence() + " 条（" + renderer.time(head.recordedAt()) + "），SHA-256 "
                                + head.hash());
    }

    private List<EscalationLine> lines(String district, List<EscalationLog> escalations, Map<UUID, CaseView> viewed) {
        return escalations.stream().limit(MAX_LINES).map(e -> new EscalationLine(renderer.time(e.raisedAt),
                viewed.containsKey(e.findingId) && viewed.get(e.findingId).siteName != null
                        ? viewed.get(e.findingId).siteName : "（点位未知）",
                renderer.unitName(district, e.unit), e.level, renderer.roleName(e.target))).toList();
    }

    /** Leaders hear it too when next year's calendar is due: deadlines across the year end depend on it. */
    private String calendarWarning(LocalDate date) {
        long days = calendar.coverageDays(date);
        if (days >= WorkingCalendar.COVERAGE_WARNING_DAYS) {
            return null;
        }
        LocalDate until = calendar.coveredUntil(date);
        return "工作日历只发布到 " + until + "（" + (days < 0 ? "已过期" : "还剩 " + days + " 天") + "），"
                + (until.getYear() + 1) + " 年节假日安排尚未发布。请区创文办依国务院通知尽快发布，"
                + "否则此后的整改期限按周一至周五计算，节假日也会被计为工作日。";
    }

    /** Units by on-time closure rate (closed fixed by the deadline / due) over the window, best first. */
    private List<RankLine> ranking(String district, List<CaseView> due, List<CaseView> open, Instant now) {
        Map<String, List<CaseView>> byUnit = due.stream().filter(c -> c.leadUnit != null)
                .collect(Collectors.groupingBy(c -> c.leadUnit));
        record Score(String unit, double rate, long overdue) {
        }
        List<Score> scores = byUnit.entrySet().stream().map(e -> new Score(e.getKey(),
                        e.getValue().stream().filter(c -> c.closedAt != null && "FIXED".equals(c.outcome)
                                && !c.closedAt.isAfter(c.rectifyBy)).count() / (double) e.getValue().size(),
                        e.getValue().stream().filter(c -> c.closedAt == null && c.rectifyBy.isBefore(now)).count()))
                .sorted(Comparator.comparingDouble(Score::rate).reversed().thenComparingLong(Score::overdue)
                        .thenComparing(Score::unit))
                .toList();
        List<RankLine> lines = new ArrayList<>();
        for (int i = 0; i < scores.size(); i++) {
            Score s = scores.get(i);
            lines.add(new RankLine(i + 1, renderer.unitName(district, s.unit()), Math.round(s.rate() * 100) + "%",
                    s.overdue()));
        }
        return lines;
    }
}
