package org.civcity.escalation.service;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.civcity.contracts.SiteDelisted;
import org.civcity.contracts.SiteListed;
import org.civcity.escalation.domain.AccountabilityRecord;
import org.civcity.escalation.domain.CaseTracking;
import org.civcity.escalation.domain.ListedSite;
import org.civcity.escalation.domain.SupervisionOrder;
import org.civcity.escalation.repository.CaseTrackingRepository;
import org.civcity.escalation.repository.ListedSiteRepository;
import org.civcity.escalation.repository.SupervisionOrderRepository;
import org.civcity.shared.calendar.WorkingCalendar;
import org.civcity.shared.persistence.UnitNameRepository;

/**
 * Listed supervision (挂牌督办) as findings-service lists and delists sites: a listing is a ledger record addressed to
 * the township's and the lead department's heads together and opens a supervision order on the case that listed the
 * site, due when the listing says, whose ladder starts higher than a case's; the
 * delisting is a second record and ends the order if it still runs. Both in the inbox transaction of their event.
 */
@ApplicationScoped
public class ListingService {

    /** The reasons of the two ledger records. */
    static final String LISTED = "SITE_LISTED";
    static final String DELISTED = "SITE_DELISTED";

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy年M月d日");

    private final ListedSiteRepository sites;
    private final CaseTrackingRepository tracked;
    private final SupervisionOrderRepository orders;
    private final DeadlineService deadlines;
    private final LedgerService ledger;
    private final PartyResolver parties;
    private final UnitNameRepository names;
    private final WorkingCalendar calendar;
    private final Ladder ladder;

    public ListingService(ListedSiteRepository sites, CaseTrackingRepository tracked,
            SupervisionOrderRepository orders, DeadlineService deadlines, LedgerService ledger,
            PartyResolver parties, UnitNameRepository names, WorkingCalendar calendar, Ladder ladder) {
        this.sites = sites;
        this.tracked = tracked;
        this.orders = orders;
        this.deadlines = deadlines;
        this.ledger = ledger;
        this.parties = parties;
        this.names = names;
        this.calendar = calendar;
        this.ladder = ladder;
    }

    /** A site was listed: its ledger record and its supervision order. A listing read before changes nothing. */
    public Uni<Void> listed(String district, SiteListed e) {
        // The case row is locked (or created), so a closure read at the same time either sees the order's timers and
        // stops them, or is seen here and the order starts closed.
        return sites.findById(e.listingId()).chain(known -> known != null ? Uni.createFrom().voidItem()
                : tracked.findById(e.findingId(), LockModeType.PESSIMISTIC_WRITE)
                        .chain(t -> deadlines.tracking(e.findingId(), district))
                        .chain(t -> open(e, t)));
    }

    private Uni<Void> open(SiteListed e, CaseTracking t) {
        Instant now = Instant.now();
        Instant dueBy = e.dueBy();
        CaseTracking place = place(t, t.district, e.leadUnit(), e.township(), e.grid());
        return names.all(place.district).chain(named -> parties.heads(place).chain(heads -> {
            AccountabilityRecord r = record(place, LISTED, dueBy, now);
            r.note = "挂牌督办：" + e.siteName() + "（" + e.siteType().label() + "）" + days(e.window()) + "内复发"
                    + e.recurrences() + "次，由" + name(named, e.township(), "属地街道") + "与"
                    + name(named, e.leadUnit(), e.leadUnit()) + "共同负责，限" + WorkingCalendar.inChinese(e.dueRule())
                    + "内整改到位";
            r.parties = parties.json(heads);
            SupervisionOrder order = new SupervisionOrder();
            order.id = UUID.randomUUID();
            order.kind = SupervisionOrder.LISTING;
            order.findingId = e.findingId();
            order.recordId = r.id;
            order.issuedBy = "listing rule: " + e.recurrences() + " recurrences within " + e.window();
            order.text = r.note;
            order.issuedAt = now;
            order.dueBy = dueBy;
            order.dueRule = e.dueRule();
            // A case already closed carries no running order: the listing stays on the board until delisted.
            order.closedAt = t.closedAt;
            ListedSite s = new ListedSite();
            s.listingId = e.listingId();
            s.district = t.district;
            s.findingId = e.findingId();
            s.siteKey = e.siteKey();
            s.siteType = e.siteType();
            s.siteCode = e.siteCode();
            s.siteName = e.siteName();
            s.township = e.township();
            s.grid = e.grid();
            s.leadUnit = e.leadUnit();
            s.recurrences = e.recurrences();
            s.recurrenceWindow = e.window();
            s.listedAt = e.listedAt();
            s.orderId = order.id;
            s.listedRecordId = r.id;
            return ledger.append(r)
                    .chain(() -> orders.persist(order))
                    .call(() -> t.closedAt == null ? deadlines.supervise(place, order) : Uni.createFrom().voidItem())
                    .chain(() -> sites.persist(s))
                    .invoke(() -> Log.infof("Site %s listed on finding %s: supervision order %s due %s",
                            e.siteName(), e.findingId(), order.id, dueBy))
                    .replaceWithVoid();
        }));
    }

    /** A listed site stayed clean: the second ledger record; its order ends if it still runs. */
    public Uni<Void> delisted(String district, SiteDelisted e) {
        return sites.findById(e.listingId()).chain(s -> {
            if (s == null) {
                // Delistings follow their listing on the same key, unless the listing was set aside as a dead letter:
                // this one waits for it (retried, then set aside too, to be replayed after the listing).
                return Uni.createFrom().failure(new IllegalStateException("site.delisted of listing "
                        + e.listingId() + " (" + e.siteKey() + ") came before its site.listed"));
            }
            if (s.delistedAt != null) {
                return Uni.createFrom().voidItem();
            }
            CaseTracking place = place(null, district, s.leadUnit, s.township, s.grid);
            place.findingId = s.findingId;
            return tracked.findById(s.findingId).chain(t -> {
                place.generation = t == null ? 0 : t.generation;
                return parties.heads(place);
            }).chain(heads -> {
                AccountabilityRecord r = record(place, DELISTED, e.delistedAt(), Instant.now());
                r.note = "撤销挂牌：" + s.siteName + "自" + DAY.format(e.cleanSince().atZone(calendar.zone()))
                        + "起" + WorkingCalendar.inChinese(e.cleanPeriod()) + "无新问题，"
                        + DAY.format(e.delistedAt().atZone(calendar.zone())) + "销号";
                r.parties = parties.json(heads);
                s.cleanSince = e.cleanSince();
                s.delistedAt = e.delistedAt();
                s.delistedRecordId = r.id;
                // The timers first, then the ledger's lock: the scanner takes them in the same order.
                return orders.close(s.orderId, e.delistedAt())
                        .chain(() -> deadlines.stopOrder(s.orderId))
                        .invoke(stopped -> Log.infof("Site %s delisted; %d pending levels of its order stopped",
                                s.siteName, stopped))
                        .chain(() -> ledger.append(r))
                        .replaceWithVoid();
            });
        });
    }

    /** The listing's parties: those the event names, on the case's generation (not stored). */
    private static CaseTracking place(CaseTracking t, String district, String unit, String township, String grid) {
        CaseTracking place = new CaseTracking();
        place.district = district;
        if (t != null) {
            place.findingId = t.findingId;
            place.generation = t.generation;
            place.repeatCount = t.repeatCount;
            place.deductionPoints = t.deductionPoints;
        }
        place.unit = unit;
        place.township = township;
        place.grid = grid;
        return place;
    }

    private AccountabilityRecord record(CaseTracking place, String reason, Instant deadline, Instant now) {
        return AccountabilityRecord.unlevelled(place, reason, deadline, now, ladder.current(place.district).version());
    }

    /** "180天" of P180D; other windows as written. */
    private static String days(String window) {
        return window.matches("P\\d+D") ? window.substring(1, window.length() - 1) + "天" : window;
    }

    private static String name(Map<String, String> named, String code, String otherwise) {
        return code == null ? otherwise : named.getOrDefault(code, code);
    }

    /** The district's sites listed now, for its board. */
    public Uni<List<ListedSiteRepository.OnBoard>> listedNow(String district, int limit) {
        return Panache.withSession(() -> sites.listedNow(district, limit));
    }
}
