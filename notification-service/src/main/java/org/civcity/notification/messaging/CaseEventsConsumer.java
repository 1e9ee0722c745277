package org.civcity.notification.messaging;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.UUID;
import org.civcity.contracts.AccountabilityRecorded;
import org.civcity.contracts.BulletinPublished;
import org.civcity.contracts.CaseAcknowledged;
import org.civcity.contracts.CaseClosed;
import org.civcity.contracts.CaseTransferred;
import org.civcity.contracts.DeadlineApproaching;
import org.civcity.contracts.DeadlineExtended;
import org.civcity.contracts.EscalationRaised;
import org.civcity.contracts.EventTypes;
import org.civcity.contracts.FindingAssigned;
import org.civcity.contracts.FindingReported;
import org.civcity.contracts.InstructionIssued;
import org.civcity.contracts.RectificationRejected;
import org.civcity.contracts.RectificationSubmitted;
import org.civcity.contracts.RectificationVerified;
import org.civcity.contracts.SiteDelisted;
import org.civcity.contracts.SiteListed;
import org.civcity.notification.repository.CaseViewRepository;
import org.civcity.notification.repository.CaseViewRepository.Change;
import org.civcity.notification.service.AlertService;
import org.civcity.notification.service.BulletinNotices;
import org.civcity.notification.service.CallbackService;
import org.civcity.notification.service.DigestService;
import org.civcity.shared.inbox.Inbox;
import org.civcity.shared.inbox.ReceivedEvent;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Consumes the findings, cases, escalations and sites topics. Each event updates the case projection, then queues its
 * alerts and the poster's status callback, all in the event's inbox transaction: once per event.
 */
@ApplicationScoped
public class CaseEventsConsumer {

    private static final String CONSUMER = "notification-service.alerts";

    private final Inbox inbox;
    private final CaseViewRepository cases;
    private final AlertService alerts;
    private final CallbackService callbacks;
    private final DigestService digests;
    private final BulletinNotices bulletins;

    public CaseEventsConsumer(Inbox inbox, CaseViewRepository cases, AlertService alerts, CallbackService callbacks,
            DigestService digests, BulletinNotices bulletins) {
        this.bulletins = bulletins;
        this.inbox = inbox;
        this.cases = cases;
        this.alerts = alerts;
        this.callbacks = callbacks;
        this.digests = digests;
    }

    /** Who posted each finding and where it is: for callbacks and message texts. */
    @Incoming("findings")
    public Uni<Void> findings(Message<String> message) {
        return inbox.process(message, CONSUMER, event -> {
            if (!EventTypes.FINDING_REPORTED.equals(event.type())) {
                return Uni.createFrom().voidItem();
            }
            FindingReported e = inbox.data(event, FindingReported.class);
            return cases.reported(event.district(), e)
                    .chain(() -> callbacks.reported(event, e.findingId(), e.reportedAt()));
        });
    }

    /** Case lifecycle: dispatches, reworks and closures also tell the lead unit's head. */
    @Incoming("cases")
    public Uni<Void> cases(Message<String> message) {
        return inbox.process(message, CONSUMER, event -> switch (event.type()) {
            case EventTypes.FINDING_ASSIGNED -> {
                FindingAssigned e = inbox.data(event, FindingAssigned.class);
                yield project(event, new Change(e.findingId(), e.generation(), "ASSIGNED", e.leadUnit(),
                        e.township(), e.siteName(), e.siteType().name(), e.category().name(), e.severity().name(),
                        e.rectifyBy(), null, null, e.dispatchedAt())).chain(() -> alerts.assigned(event, e));
            }
            case EventTypes.CASE_ACKNOWLEDGED -> {
                CaseAcknowledged e = inbox.data(event, CaseAcknowledged.class);
                yield project(event, change(e.findingId(), e.generation(), "ACKNOWLEDGED", e.acknowledgedAt()));
            }
            case EventTypes.RECTIFICATION_SUBMITTED -> {
                RectificationSubmitted e = inbox.data(event, RectificationSubmitted.class);
                yield project(event, change(e.findingId(), e.generation(), "RECTIFIED", e.submittedAt()));
            }
            case EventTypes.RECTIFICATION_VERIFIED -> {
                RectificationVerified e = inbox.data(event, RectificationVerified.class);
                yield project(event, change(e.findingId(), e.generation(), "VERIFIED", e.verifiedAt()));
            }
            case EventTypes.RECTIFICATION_REJECTED -> {
                RectificationRejected e = inbox.data(event, RectificationRejected.class);
                yield project(event, new Change(e.findingId(), e.generation(), "REWORK", null, null, null, null,
                        null, null, e.rectifyBy(), null, null, e.rejectedAt())).chain(() -> alerts.rejected(event, e));
            }
            case EventTypes.CASE_TRANSFERRED -> {
                CaseTransferred e = inbox.data(event, CaseTransferred.class);
                yield project(event, new Change(e.findingId(), e.generation(), "ASSIGNED", e.toUnit(), null, null,
                        null, null, null, e.rectifyBy(), null, null, e.transferredAt()));
            }
            case EventTypes.DEADLINE_EXTENDED -> {
                DeadlineExtended e = inbox.data(event, DeadlineExtended.class);
                yield project(event, new Change(e.findingId(), e.generation(), null, null, null, null, null, null,
                        null, e.rectifyBy(), null, null, e.extendedAt()));
            }
            case EventTypes.CASE_CLOSED -> {
                CaseClosed e = inbox.data(event, CaseClosed.class);
                yield project(event, new Change(e.findingId(), e.generation(), "CLOSED", null, null, null, null,
                        null, null, null, e.outcome().name(), e.closedAt(), e.closedAt()))
                        .chain(() -> alerts.closed(event, e));
            }
            default -> Uni.createFrom().voidItem();
        });
    }

    /** Escalations alert their target and tell the poster; deadline warnings go to the unit's head only. */
    @Incoming("escalations")
    public Uni<Void> escalations(Message<String> message) {
        return inbox.process(message, CONSUMER, event -> switch (event.type()) {
            case EventTypes.ESCALATION_RAISED -> {
                EscalationRaised e = inbox.data(event, EscalationRaised.class);
                yield cases.escalated(event.district(), e)
                        .chain(() -> alerts.escalationRaised(event, e))
                        .chain(() -> callbacks.changed(event, e.findingId(), e.raisedAt()));
            }
            case EventTypes.DEADLINE_APPROACHING ->
                alerts.deadlineApproaching(event, inbox.data(event, DeadlineApproaching.class));
            case EventTypes.INSTRUCTION_ISSUED ->
                alerts.instructed(event, inbox.data(event, InstructionIssued.class));
            case EventTypes.ACCOUNTABILITY_RECORDED ->
                digests.ledgerAdvanced(event.district(), inbox.data(event, AccountabilityRecorded.class));
            case EventTypes.BULLETIN_PUBLISHED ->
                bulletins.published(event, inbox.data(event, BulletinPublished.class));
            default -> Uni.createFrom().voidItem();
        });
    }

    /** Listed supervision (挂牌督办): the lead unit's head and the township's head are told both ways. */
    @Incoming("sites")
    public Uni<Void> sites(Message<String> message) {
        return inbox.process(message, CONSUMER, event -> switch (event.type()) {
            case EventTypes.SITE_LISTED -> alerts.listed(event, inbox.data(event, SiteListed.class));
            case EventTypes.SITE_DELISTED -> alerts.delisted(event, inbox.data(event, SiteDelisted.class));
            default -> Uni.createFrom().voidItem();
        });
    }

    private Uni<Void> project(ReceivedEvent event, Change change) {
        return cases.changed(event.district(), change)
                .chain(() -> callbacks.changed(event, change.findingId(), change.at()));
    }

    private static Change change(UUID findingId, int generation, String state, Instant at) {
        return new Change(findingId, generation, state, null, null, null, null, null, null, null, null, null, at);
    }
}
