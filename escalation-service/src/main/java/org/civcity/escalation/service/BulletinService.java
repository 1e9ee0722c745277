package org.civcity.escalation.service;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.YearMonth;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.civcity.contracts.Party;
import org.civcity.escalation.domain.AccountabilityRecord;
import org.civcity.escalation.repository.AccountabilityRepository;
import org.civcity.escalation.repository.ListedSiteRepository;
import org.civcity.shared.calendar.WorkingCalendar;
import org.civcity.shared.persistence.UnitNameRepository;

/**
 * The monthly bulletin (通报): the red and black lists of departments and townships, the escalations of the month with
 * what followed them (追责问责), the sites under listed supervision, the latest evaluation round against the one
 * before, the weekly trends of the district and each township over the weeks the month touches, and the ledger's
 * head it was made at.
 */
@ApplicationScoped
public class BulletinService {

    /** One escalation of the month and its disposition, if one was recorded (then or since). */
    public record Escalation(long sequence, UUID findingId, int level, String unit, String unitName, String reason,
            Instant deadline, long overdueSeconds, Instant recordedAt, String parties, String disposition,
            String subject, String decidedBy, String dispositionNote) {
    }

    /** A site under listed supervision at some time in the month. */
    public record Listing(String siteName, String siteType, String township, String leadUnit, int recurrences,
            Instant listedAt, Instant dueBy, Instant delistedAt) {
    }

    /** The bulletin of one month; {@code names} gives the names people use of the codes it shows. */
    public record Bulletin(String period, Instant from, Instant to, Instant generatedAt,
            AssessmentService.Assessment departments, AssessmentService.Assessment townships,
            List<Escalation> escalations, List<Listing> listedSites, RoundComparisons.Comparison rounds,
            TrendService.Trends trends, LedgerService.Anchor ledgerHead, Map<String, String> names) {
    }

    private final AssessmentService assessment;
    private final AccountabilityRepository records;
    private final ListedSiteRepository listings;
    private final UnitNameRepository unitNames;
    private final WorkingCalendar calendar;
    private final ObjectMapper mapper;
    private final TrendService trends;
    private final RoundComparisons rounds;

    public BulletinService(AssessmentService assessment, AccountabilityRepository records,
            ListedSiteRepository listings, UnitNameRepository unitNames, WorkingCalendar calendar,
            ObjectMapper mapper, TrendService trends, RoundComparisons rounds) {
        this.trends = trends;
        this.rounds = rounds;
        this.assessment = assessment;
        this.records = records;
        this.listings = listings;
        this.unitNames = unitNames;
        this.calendar = calendar;
        this.mapper = mapper;
    }

    /**
     * The district's bulletin of {@code month} (district time), as its ledger chain stands now: its own cases, records,
     * listings, rounds and trends.
     */
    public Uni<Bulletin> of(String district, YearMonth month) {
        Instant from = month.atDay(1).atStartOfDay(calendar.zone()).toInstant();
        Instant to = month.plusMonths(1).atDay(1).atStartOfDay(calendar.zone()).toInstant();
        String period = month.toString();
        return assessment.assess(district, period, from, to, AssessmentService.Party.UNIT)
                .chain(departments -> assessment.assess(district, period, from, to,
                        AssessmentService.Party.TOWNSHIP)
                        .chain(townships -> Panache.withSession(() -> unitNames.all(district)
                                .chain(names -> escalations(district, from, to, names)
                                        .chain(escalations -> listings.ranBetween(district, from, to)
                                        .chain(listed -> rounds.latestBefore(district, to, names)
                                        .chain(compared -> trends.between(district, from, to)
                                        .map(weekly -> new Bulletin(period, from, to, Instant.now(), departments,
                                                townships, escalations, listed.stream()
                                                        .map(l -> listing(l, names)).toList(),
                                                compared, weekly, departments.ledgerHead(), names)))))))));
    }

    private Uni<List<Escalation>> escalations(String district, Instant from, Instant to, Map<String, String> names) {
        return records.recordedBetween(district, from, to).chain(recorded -> {
            List<AccountabilityRecord> escalated = recorded.stream()
                    .filter(r -> r.level > 0 && r.escalationId != null && r.disposition == null)
                    .sorted(Comparator.comparingLong(r -> r.sequence)).toList();
            return records.dispositionsOf(escalated.stream().map(r -> r.escalationId).toList())
                    .map(dispositions -> {
                        Map<UUID, AccountabilityRecord> settled = dispositions.stream()
                                .collect(Collectors.toMap(d -> d.disposes, Function.identity(), (a, b) -> a));
                        return escalated.stream().map(r -> {
                            AccountabilityRecord d = settled.get(r.escalationId);
                            return new Escalation(r.sequence, r.findingId, r.level, r.unit,
                                    names.getOrDefault(r.unit, r.unit), reason(r.reason), r.deadline,
                                    r.overdueSeconds, r.recordedAt, parties(r.parties, names),
                                    d == null ? null : d.disposition.label(), d == null ? null : d.subject,
                                    d == null ? null : d.decidedBy, d == null ? null : d.note);
                        }).toList();
                    });
        });
    }

    private static Listing listing(ListedSiteRepository.InPeriod l, Map<String, String> names) {
        return new Listing(l.site().siteName, l.site().siteType.label(),
                l.site().township == null ? null : names.getOrDefault(l.site().township, l.site().township),
                names.getOrDefault(l.site().leadUnit, l.site().leadUnit), l.site().recurrences, l.site().listedAt,
                l.dueBy(), l.site().delistedAt);
    }

    /** "城市管理局 王建国；新华街道 李明": each party's unit and the people in post when the level fired. */
    private String parties(String json, Map<String, String> names) {
        if (json == null || json.isBlank()) {
            return "";
        }
        try {
            List<Party> parties = mapper.readValue(json, new TypeReference<List<Party>>() { });
            return parties.stream().map(p -> (p.unit() == null ? "" : p.unitName() != null ? p.unitName()
                    : names.getOrDefault(p.unit(), p.unit())) + (p.persons().isEmpty() ? ""
                    : " " + String.join("、", p.persons()))).map(String::strip)
                    .collect(Collectors.joining("；"));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return json;
        }
    }

    /** The ledger's reason in the district's words; the proposal suffix as 问责建议. */
    static String reason(String reason) {
        String base = reason.split(";")[0].strip();
        String label = switch (base) {
            case "RECTIFICATION_OVERDUE" -> "整改逾期";
            case "ACKNOWLEDGEMENT_OVERDUE" -> "签收逾期";
            case "INSTRUCTION_OVERDUE" -> "批示督办逾期";
            case "LISTED_SITE_OVERDUE" -> "挂牌督办逾期";
            default -> base;
        };
        return reason.contains("ACCOUNTABILITY_PROPOSAL") ? label + "（问责建议）" : label;
    }
}
