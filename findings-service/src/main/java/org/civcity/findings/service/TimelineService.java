package org.civcity.findings.service;

import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;
import org.civcity.contracts.CaseAcknowledged;
import org.civcity.contracts.CaseClosed;
import org.civcity.contracts.EscalationRaised;
import org.civcity.contracts.EventTypes;
import org.civcity.contracts.FindingAssigned;
import org.civcity.findings.domain.Finding;
import org.civcity.findings.domain.FindingStatus;
import org.civcity.findings.domain.TimelineEntry;
import org.civcity.findings.repository.FindingRepository;
import org.civcity.findings.repository.TimelineRepository;
import org.civcity.shared.inbox.Inbox;
import org.civcity.shared.inbox.PoisonEventException;
import org.civcity.shared.inbox.ReceivedEvent;
import org.civcity.shared.persistence.UnitNameRepository;

/** Keeps each finding's status and timeline in step with the case and escalation events. */
@ApplicationScoped
public class TimelineService {

    private final FindingRepository findings;
    private final TimelineRepository timeline;
    private final Inbox inbox;
    private final UnitNameRepository names;
    private final ListingService listings;

    public TimelineService(FindingRepository findings, TimelineRepository timeline, Inbox inbox,
            UnitNameRepository names, ListingService listings) {
        this.listings = listings;
        this.timeline = timeline;
        this.findings = findings;
        this.inbox = inbox;
        this.names = names;
    }

    /** Applies one event; runs in the inbox transaction. Types that say nothing about a finding are skipped. */
    public Uni<Void> apply(ReceivedEvent event) {
        return switch (event.type()) {
            case EventTypes.FINDING_ASSIGNED -> {
                FindingAssigned e = inbox.data(event, FindingAssigned.class);
                yield names.remember(event.district(), e.unitNames(), e.dispatchedAt())
                        .chain(() -> record(event, e.findingId(), e.dispatchedAt(),
                        "Assigned to " + e.leadUnit() + (e.township() == null ? "" : " in " + e.township())
                                + ", acknowledge by " + e.acknowledgeBy() + ", rectify by "
                                + e.rectifyBy(), f -> {
                            if (f.status != FindingStatus.CLOSED) {
                                f.status = FindingStatus.ASSIGNED;
                            }
                            f.assignedUnit = e.leadUnit();
                            f.township = e.township();
                            f.rectifyBy = e.rectifyBy();
                        }, f -> listings.dispatched(f, e)));
            }
            case EventTypes.CASE_ACKNOWLEDGED -> {
                CaseAcknowledged e = inbox.data(event, CaseAcknowledged.class);
                yield record(event, e.findingId(), e.acknowledgedAt(),
                        "Acknowledged by " + e.acknowledgedBy() + " of " + e.unit() + (e.late() ? " (late)" : ""),
                        f -> {
                            if (f.status == FindingStatus.ASSIGNED) {
                                f.status = FindingStatus.ACKNOWLEDGED;
                            }
                        });
            }
            case EventTypes.CASE_CLOSED -> {
                CaseClosed e = inbox.data(event, CaseClosed.class);
                yield record(event, e.findingId(), e.closedAt(), "Closed " + e.outcome()
                        + (e.reason() == null ? "" : ": " + e.reason()) + " by " + e.closedBy(), f -> {
                            f.status = FindingStatus.CLOSED;
                            f.closedAt = e.closedAt();
                            f.outcome = e.outcome().name();
                        }, f -> listings.closed(f, e.closedAt()));
            }
            case EventTypes.ESCALATION_RAISED -> {
                EscalationRaised e = inbox.data(event, EscalationRaised.class);
                yield record(event, e.findingId(), e.raisedAt(), "Escalated to level " + e.level() + " ("
                        + e.target() + ") for " + e.unit() + ", " + e.overdueSeconds() + " s overdue", f -> {
                            f.escalationLevel = Math.max(f.escalationLevel, e.level());
                        });
            }
            default -> Uni.createFrom().voidItem();
        };
    }

    private Uni<Void> record(ReceivedEvent event, UUID findingId, Instant at, String summary,
            Consumer<Finding> change) {
        return record(event, findingId, at, summary, change, f -> Uni.createFrom().voidItem());
    }

    /** Records the event on the finding's timeline, then {@code then} follows in the same transaction. */
    private Uni<Void> record(ReceivedEvent event, UUID findingId, Instant at, String summary,
            Consumer<Finding> change, Function<Finding, Uni<Void>> then) {
        return findings.findById(findingId).chain(finding -> {
            if (finding == null) {
                Log.warnf("%s %s names unknown finding %s; ignored", event.type(), event.id(), findingId);
                return Uni.createFrom().voidItem();
            }
            if (!finding.district.equals(event.district())) {
                // A finding's events all come from its own district; the names it carried are rolled back too.
                throw new PoisonEventException("finding " + findingId + " is district " + finding.district
                        + "'s, not " + event.district() + "'s");
            }
            change.accept(finding);
            TimelineEntry entry = new TimelineEntry();
            entry.findingId = findingId;
            entry.eventId = event.id();
            entry.type = event.type();
            entry.occurredAt = at;
            entry.summary = summary.length() <= 500 ? summary : summary.substring(0, 500);
            return timeline.persist(entry).chain(() -> then.apply(finding));
        });
    }
}
