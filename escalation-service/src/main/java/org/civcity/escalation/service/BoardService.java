package org.civcity.escalation.service;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.civcity.escalation.repository.AccountabilityRepository;
import org.civcity.escalation.repository.CaseTrackingRepository;
import org.civcity.escalation.repository.ListedSiteRepository;
import org.civcity.shared.calendar.WorkingCalendar;
import org.civcity.shared.persistence.UnitNameRepository;

/**
 * What the supervision board shows: open and overdue cases, the latest escalations, this month's ranking, the listed
 * sites and the weekly trends.
 */
@ApplicationScoped
public class BoardService {

    /** Open cases of one unit in one township. */
    public record CaseCount(String unit, String township, long open, long overdue) {
    }

    /** One escalation (or rework) in the ledger. */
    public record FeedItem(long sequence, UUID findingId, int generation, int level, String unit,
            String responsibleRole, String reason, Instant deadline, long overdueSeconds, Instant recordedAt,
            /** What a record outside the ladder says (an acknowledged or unanswered alert); null otherwise. */
            String note) {
    }

    /** An accountability proposal no disposition has settled yet. */
    public record AwaitingDisposition(UUID recordId, long sequence, UUID findingId, int level, String unit,
            String responsibleRole, Instant recordedAt) {
    }

    /** The board at one moment; {@code names} gives the names people use of the codes it shows. */
    public record Board(Instant generatedAt, List<CaseCount> cases, List<FeedItem> feed,
            List<AwaitingDisposition> awaitingDisposition, AssessmentService.Assessment ranking,
            Map<String, String> names, List<ListedSiteRepository.OnBoard> listedSites, TrendService.Trends trends) {
    }

    /** Every open board polls every few seconds; the month's ranking changes slowly and costs a scan of the month. */
    private static final Duration RANKING_TTL = Duration.ofSeconds(10);

    /** Listed sites shown at most; a district lists a handful at a time. */
    private static final int LISTED_SITES = 200;

    /** Weeks of trends on the board: a quarter. */
    private static final int TREND_WEEKS = 12;

    private record CachedRanking(Instant at, AssessmentService.Assessment assessment) {
    }

    private final CaseTrackingRepository cases;
    private final AccountabilityRepository records;
    private final AssessmentService assessment;
    private final WorkingCalendar calendar;
    private final UnitNameRepository unitNames;
    /** Per district. */
    private final Map<String, CachedRanking> ranking = new ConcurrentHashMap<>();
    private final ListingService listings;
    private final TrendService trends;

    public BoardService(CaseTrackingRepository cases, AccountabilityRepository records, AssessmentService assessment,
            WorkingCalendar calendar, UnitNameRepository unitNames, ListingService listings, TrendService trends) {
        this.listings = listings;
        this.trends = trends;
        this.cases = cases;
        this.records = records;
        this.assessment = assessment;
        this.calendar = calendar;
        this.unitNames = unitNames;
    }

    /**
     * A district's board; {@code afterSequence} (of its chain) limits the feed to newer records, so a polling page
     * fetches only what is new.
     */
    public Uni<Board> board(String district, long afterSequence, int feedSize) {
        Uni<List<CaseCount>> open = cases.openAndOverdue(district).map(counts -> counts.stream()
                .map(c -> new CaseCount(c.unit(), c.township(), c.open(), c.overdue())).toList());
        Uni<List<FeedItem>> feed = Panache.withSession(() -> records.newest(district, afterSequence, feedSize))
                .map(newest -> newest.stream().map(r -> new FeedItem(r.sequence, r.findingId, r.generation,
                        r.level, r.unit, r.responsibleRole, r.reason, r.deadline, r.overdueSeconds, r.recordedAt,
                        AlertRecords.REASONS.contains(r.reason) ? r.note : null))
                        .toList());
        Uni<List<AwaitingDisposition>> awaiting = Panache.withSession(records::awaitingDisposition)
                .map(list -> list.stream().filter(r -> r.district.equals(district))
                        .map(r -> new AwaitingDisposition(r.id, r.sequence, r.findingId, r.level, r.unit,
                                r.responsibleRole, r.recordedAt)).toList());
        Uni<Map<String, String>> named = Panache.withSession(() -> unitNames.all(district));
        Uni<List<ListedSiteRepository.OnBoard>> listed = listings.listedNow(district, LISTED_SITES);
        Uni<TrendService.Trends> trend = trends.forBoard(district, TREND_WEEKS);
        return open.chain(c -> feed.chain(f -> awaiting.chain(w -> ranking(district).chain(a -> named.chain(n -> listed
                .chain(l -> trend.map(t -> new Board(Instant.now(), c, f, w, a, n, l,
                        t))))))));
    }

    private Uni<AssessmentService.Assessment> ranking(String district) {
        CachedRanking cached = ranking.get(district);
        YearMonth month = YearMonth.now(calendar.zone());
        if (cached != null && cached.at().plus(RANKING_TTL).isAfter(Instant.now())
                && cached.assessment().period().equals(month.toString())) {
            return Uni.createFrom().item(cached.assessment());
        }
        return assessment.assessMonth(district, month, calendar.zone())
                .invoke(a -> ranking.put(district, new CachedRanking(Instant.now(), a)));
    }
}
