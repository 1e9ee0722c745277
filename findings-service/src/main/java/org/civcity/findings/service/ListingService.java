package org.civcity.findings.service;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.civcity.contracts.EventTypes;
import org.civcity.contracts.FindingAssigned;
import org.civcity.contracts.SiteDelisted;
import org.civcity.contracts.SiteListed;
import org.civcity.contracts.Topics;
import org.civcity.findings.api.ListedSiteView;
import org.civcity.findings.config.FindingsConfig;
import org.civcity.findings.domain.Finding;
import org.civcity.findings.domain.FindingStatus;
import org.civcity.findings.domain.ListedSite;
import org.civcity.findings.repository.FindingRepository;
import org.civcity.findings.repository.ListedSiteRepository;
import org.civcity.shared.calendar.WorkingCalendar;
import org.civcity.shared.messaging.Pollers;
import org.civcity.shared.outbox.Outbox;
import org.civcity.shared.persistence.UnitNameRepository;

/**
 * Listed supervision (挂牌督办): when a recurrence is dispatched and its site has had
 * {@code findings.recurrence.listing-threshold} recurrences within the recurrence window (since its last delisting),
 * the site is listed and site.listed published, in the transaction that read the dispatch. Once no finding is open
 * there, the clean period runs on the working calendar; any new finding stops it, and when it ends the site is
 * delisted (site.delisted) by whichever replica claims it first.
 */
@ApplicationScoped
public class ListingService {

    /** Listings delisted per transaction. */
    private static final int BATCH = 20;

    private final ListedSiteRepository listings;
    private final FindingRepository findings;
    private final Outbox outbox;
    private final WorkingCalendar calendar;
    private final FindingsConfig.Recurrence recurrence;
    private final FindingsConfig.Listing config;
    private final Pollers pollers;
    private final MeterRegistry registry;
    private final UnitNameRepository names;

    public ListingService(ListedSiteRepository listings, FindingRepository findings, Outbox outbox,
            WorkingCalendar calendar, FindingsConfig config, Pollers pollers, MeterRegistry registry,
            UnitNameRepository names) {
        this.names = names;
        this.listings = listings;
        this.findings = findings;
        this.outbox = outbox;
        this.calendar = calendar;
        this.recurrence = config.recurrence();
        this.config = config.listing();
        this.pollers = pollers;
        this.registry = registry;
    }

    void start(@Observes StartupEvent event) {
        // A clean period the calendar cannot count would only fail at the first closure: refuse to start instead.
        Instant now = Instant.now();
        if (!calendar.plus(config.cleanPeriod(), now, 1.0).isAfter(now) || !calendar.plus(config.due(), now, 1.0)
                .isAfter(now)) {
            throw new IllegalStateException("findings.listing.clean-period and .due must be positive: "
                    + config.cleanPeriod() + ", " + config.due());
        }
        pollers.start("delistings", config.poll(), this::delistDue);
    }

    /**
     * After a finding's dispatch was read, in that transaction: a recurrence that reaches the threshold lists its
     * site; a new finding at a listed site stops its clean period.
     */
    public Uni<Void> dispatched(Finding finding, FindingAssigned assigned) {
        String key = ListedSite.siteKey(finding);
        return listings.active(finding.district, key).chain(listed -> {
            if (listed != null) {
                if (!listed.findingId.equals(finding.id) && finding.status != FindingStatus.CLOSED) {
                    listed.cleanSince = null;
                    listed.delistDue = null;
                }
                return Uni.createFrom().voidItem();
            }
            if (finding.repeatOf == null || finding.duplicateOf != null) {
                return Uni.createFrom().voidItem();
            }
            Instant windowStart = Instant.now().minus(recurrence.window());
            return listings.lastDelisted(finding.district, key)
                    .chain(last -> findings.recurrencesAt(finding.district, finding.siteCode, finding.siteType,
                            finding.siteName, last != null && last.isAfter(windowStart) ? last : windowStart))
                    .chain(ids -> ids.size() < recurrence.listingThreshold() || !ids.contains(finding.id)
                            ? Uni.createFrom().voidItem() : list(finding, assigned, key, ids));
        });
    }

    private Uni<Void> list(Finding finding, FindingAssigned assigned, String key, List<UUID> recurrences) {
        ListedSite s = new ListedSite();
        s.id = UUID.randomUUID();
        s.district = finding.district;
        s.siteKey = key;
        s.siteType = finding.siteType;
        s.siteCode = finding.siteCode;
        s.siteName = finding.siteName.strip();
        s.township = assigned.township();
        s.leadUnit = assigned.leadUnit();
        s.findingId = finding.id;
        s.recurrences = recurrences.size();
        s.listedAt = Instant.now();
        // Its closure may have been read first: then the site may be clean already.
        Uni<Void> clean = finding.status != FindingStatus.CLOSED || finding.closedAt == null
                ? Uni.createFrom().voidItem()
                : findings.stateAt(finding.district, finding.siteCode, finding.siteType, finding.siteName,
                        finding.id).invoke(site -> {
                    if (site.open() == 0) {
                        s.cleanSince = site.lastClosedAt() != null && site.lastClosedAt().isAfter(finding.closedAt)
                                ? site.lastClosedAt() : finding.closedAt;
                        s.delistDue = calendar.plus(config.cleanPeriod(), s.cleanSince, 1.0);
                    }
                }).replaceWithVoid();
        return clean.chain(() -> listings.listIfNone(s)).chain(stored -> {
            if (!stored) {
                return Uni.createFrom().voidItem();
            }
            registry.counter("civcity.sites.listed").increment();
            Log.infof("Site %s (%s) listed for supervision: %d recurrences within %s, the latest finding %s",
                    s.siteName, key, s.recurrences, recurrence.window(), finding.id);
            return outbox.inDistrict(s.district).append(Topics.SITES, EventTypes.SITE_LISTED, finding.id,
                    new SiteListed(s.id, finding.id, key, s.siteType, s.siteName, s.siteCode, s.township,
                            assigned.grid(), s.leadUnit, s.recurrences, RecurrenceReport.iso(recurrence.window()),
                            recurrences, s.listedAt, calendar.plus(config.due(), s.listedAt, 1.0), config.due()))
                    .replaceWithVoid();
        });
    }

    /** A district's listings, the latest first, with the names people use of the township and department. */
    public Uni<List<ListedSiteView>> search(String district, Boolean active, String township, int limit) {
        return Panache.withSession(() -> listings.search(district, active, township, limit)
                .chain(found -> names.all(district).map(named -> found.stream().map(s -> new ListedSiteView(s.id,
                        s.delistedAt == null, s.siteType, s.siteType.label(), s.siteCode, s.siteName, s.township,
                        s.township == null ? null : named.getOrDefault(s.township, s.township), s.leadUnit,
                        named.getOrDefault(s.leadUnit, s.leadUnit), s.findingId, s.recurrences, s.listedAt,
                        s.cleanSince, s.delistDue, s.delistedAt)).toList())));
    }

    /**
     * After a case closed, in that transaction: a listed site where nothing else is open starts its clean period
     * from its latest closure (closures may be read out of order).
     */
    public Uni<Void> closed(Finding finding, Instant closedAt) {
        return listings.active(finding.district, ListedSite.siteKey(finding)).chain(listed -> listed == null
                ? Uni.createFrom().voidItem()
                : findings.stateAt(finding.district, finding.siteCode, finding.siteType, finding.siteName,
                        finding.id).invoke(site -> {
                    if (site.open() == 0) {
                        Instant since = site.lastClosedAt() != null && site.lastClosedAt().isAfter(closedAt)
                                ? site.lastClosedAt() : closedAt;
                        listed.cleanSince = since;
                        listed.delistDue = calendar.plus(config.cleanPeriod(), since, 1.0);
                        Log.infof("Listed site %s is clean since %s: delisted at %s unless a finding comes first",
                                listed.siteName, since, listed.delistDue);
                    }
                }).replaceWithVoid());
    }

    /** Delists the sites whose clean period ended, a batch per transaction; returns how many were claimed. */
    Uni<Integer> delistDue() {
        Instant now = Instant.now();
        return Panache.withTransaction(() -> listings.claimDue(now, BATCH).call(due -> {
            Uni<Void> all = Uni.createFrom().voidItem();
            for (ListedSite s : due) {
                all = all.chain(() -> delist(s, now));
            }
            return all;
        })).map(List::size).chain(n -> n == BATCH ? delistDue().map(more -> n + more) : Uni.createFrom().item(n));
    }

    private Uni<Void> delist(ListedSite s, Instant now) {
        // A finding reported since (not dispatched yet, so its dispatch did not stop the clock) keeps it listed.
        return findings.stateAt(s.district, s.siteCode, s.siteType, s.siteName, null).chain(site -> {
            if (site.open() > 0) {
                s.cleanSince = null;
                s.delistDue = null;
                return Uni.createFrom().voidItem();
            }
            s.delistedAt = now;
            registry.counter("civcity.sites.delisted").increment();
            Log.infof("Site %s (%s) delisted: clean since %s for %s", s.siteName, s.siteKey, s.cleanSince,
                    config.cleanPeriod());
            return outbox.inDistrict(s.district).append(Topics.SITES, EventTypes.SITE_DELISTED, s.findingId,
                    new SiteDelisted(s.id, s.findingId, s.siteKey, s.siteName, s.township, s.leadUnit, s.listedAt,
                            s.cleanSince, config.cleanPeriod(), now)).replaceWithVoid();
        });
    }
}
