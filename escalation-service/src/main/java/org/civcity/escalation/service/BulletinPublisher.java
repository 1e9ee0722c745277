package org.civcity.escalation.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.civcity.contracts.BulletinPublished;
import org.civcity.contracts.EventTypes;
import org.civcity.contracts.Topics;
import org.civcity.escalation.domain.BulletinPublication;
import org.civcity.escalation.repository.BulletinRepository;
import org.civcity.shared.district.ServedDistricts;
import org.civcity.shared.outbox.Outbox;
import org.civcity.shared.problem.Problem;
import org.civcity.shared.problem.ProblemException;
import org.civcity.shared.security.Caller;

/**
 * Publishes a period's bulletin: freezes it as it reads now, with the ledger's head, as the period's next version,
 * and announces bulletin.published in the same transaction, so the leaders are told of exactly what was frozen.
 */
@ApplicationScoped
public class BulletinPublisher {

    private final BulletinService bulletins;
    private final BulletinDocuments documents;
    private final BulletinRepository publications;
    private final Outbox outbox;
    private final ObjectMapper mapper;

    public BulletinPublisher(BulletinService bulletins, BulletinDocuments documents, BulletinRepository publications,
            Outbox outbox, ObjectMapper mapper) {
        this.bulletins = bulletins;
        this.documents = documents;
        this.publications = publications;
        this.outbox = outbox;
        this.mapper = mapper;
    }

    /**
     * The first publication of a period needs no reason; every later one corrects the one before and must say why
     * (409 otherwise). A month still to come has no bulletin (400).
     */
    public Uni<BulletinPublication> publish(YearMonth month, String correction, Caller caller, YearMonth current) {
        if (month.isAfter(current)) {
            throw new ProblemException(400, "Invalid request", month + " has not begun: it has no bulletin yet",
                    List.of(new Problem.FieldError("period", "must not be a month to come")));
        }
        String reason = correction == null || correction.isBlank() ? null : correction.strip();
        String district = caller.district();
        // Made under the period's lock: of two publications at once, the later version is never the older snapshot.
        return Panache.withTransaction(() -> publications.lockPeriod(district, month.toString())
                .chain(() -> bulletins.of(district, month))
                .chain(bulletin -> publications.ofPeriod(district, bulletin.period()).chain(earlier -> {
                    if (!earlier.isEmpty() && reason == null) {
                        BulletinPublication last = earlier.get(earlier.size() - 1);
                        throw new ProblemException(409, "Conflict", "The bulletin of " + bulletin.period()
                                + " was published as version " + last.version + " by " + last.publishedBy + " at "
                                + last.publishedAt + "; publishing it again corrects it and needs the correction's"
                                + " reason");
                    }
                    BulletinPublication p = new BulletinPublication();
                    p.id = UUID.randomUUID();
                    p.district = district;
                    p.period = bulletin.period();
                    p.version = earlier.size() + 1;
                    p.publishedAt = Instant.now();
                    p.publishedBy = caller.name();
                    p.correction = reason;
                    p.ledgerSequence = bulletin.ledgerHead().sequence();
                    p.ledgerHash = bulletin.ledgerHead().hash();
                    p.content = json(bulletin);
                    p.html = documents.html(bulletin);
                    p.xlsx = documents.xlsx(bulletin);
                    return publications.persist(p).call(() -> outbox.inDistrict(district).appendReference(
                            Topics.ESCALATIONS, EventTypes.BULLETIN_PUBLISHED, key(p), "bulletins/" + p.period,
                            event(p, bulletin)));
                })))
                .invoke(p -> Log.infof("Bulletin %s version %d of %s published by %s at ledger record %d", p.period,
                        p.version, p.district, p.publishedBy, p.ledgerSequence));
    }

    /** "bulletin:" and the period; another district than the home one's suffixed with it, like its ledger head. */
    static String key(BulletinPublication p) {
        return "bulletin:" + p.period + (ServedDistricts.home().equals(p.district) ? "" : ":" + p.district);
    }

    /** The district's published versions of the period, oldest first. */
    public Uni<List<BulletinPublication>> ofPeriod(String district, YearMonth month) {
        return Panache.withSession(() -> publications.ofPeriod(district, month.toString()));
    }

    /** A published version as stored: its data (JSON), printable page and workbook. */
    public record Frozen(String period, int version, String json, String html, byte[] xlsx) {
    }

    /** One published version as it was frozen; 404 when there is none. */
    public Uni<Frozen> frozen(String district, YearMonth month, int version) {
        return Panache.withSession(() -> publications.version(district, month.toString(), version))
                .onItem().ifNull().failWith(() -> ProblemException.notFound("Version " + version + " of the bulletin"
                        + " of " + month))
                .map(p -> new Frozen(p.period, p.version, p.content, p.html, p.xlsx));
    }

    /** Where a published version is read. */
    public static String path(BulletinPublication p) {
        return "/api/v1/bulletins/" + p.period + "/publications/" + p.version;
    }

    private BulletinPublished event(BulletinPublication p, BulletinService.Bulletin b) {
        return new BulletinPublished(p.id, p.period, p.version, p.publishedAt, p.publishedBy, p.correction,
                listed(b, true), listed(b, false), b.escalations().size(),
                (int) b.escalations().stream().filter(e -> e.disposition() == null && e.reason().contains("问责建议"))
                        .count(), b.listedSites().size(), p.ledgerSequence, p.ledgerHash, path(p));
    }

    /** Departments, then townships, on the red (honour) or black list. */
    private static List<BulletinPublished.Listed> listed(BulletinService.Bulletin b, boolean honour) {
        List<BulletinPublished.Listed> listed = new ArrayList<>();
        for (AssessmentService.Assessment a : List.of(b.departments(), b.townships())) {
            for (String unit : honour ? a.honourRoll() : a.blacklist()) {
                listed.add(new BulletinPublished.Listed(unit, b.names().getOrDefault(unit, unit),
                        a == b.townships()));
            }
        }
        return listed;
    }

    private String json(BulletinService.Bulletin b) {
        try {
            return mapper.writeValueAsString(b);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A bulletin does not serialise", e);
        }
    }
}
