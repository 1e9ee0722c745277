package org.civcity.escalation.messaging;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.civcity.contracts.CaseAcknowledged;
import org.civcity.contracts.CaseClosed;
import org.civcity.contracts.CaseTransferred;
import org.civcity.contracts.DeadlineExtended;
import org.civcity.contracts.EventTypes;
import org.civcity.contracts.FindingAssigned;
import org.civcity.contracts.RectificationRejected;
import org.civcity.contracts.RectificationSubmitted;
import org.civcity.escalation.service.DeadlineService;
import org.civcity.shared.inbox.Inbox;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/** Consumes the cases topic: dispatch starts the clocks, rework and transfer restart them, closure stops them. */
@ApplicationScoped
public class CaseEventsConsumer {

    private static final String CONSUMER = "escalation-service.deadlines";

    private final Inbox inbox;
    private final DeadlineService deadlines;

    public CaseEventsConsumer(Inbox inbox, DeadlineService deadlines) {
        this.inbox = inbox;
        this.deadlines = deadlines;
    }

    @Incoming("cases")
    public Uni<Void> consume(Message<String> message) {
        return inbox.process(message, CONSUMER, event -> switch (event.type()) {
            case EventTypes.FINDING_ASSIGNED -> {
                FindingAssigned e = inbox.data(event, FindingAssigned.class);
                yield deadlines.track(event.district(), new DeadlineService.Dispatch(e.findingId(), e.generation(),
                        e.leadUnit(), e.dispatchedAt(), e.acknowledgeBy(), e.rectifyBy(), e.repeatCount(), e.township(),
                        e.grid(), e.deductionPoints(), new DeadlineService.Place(e.siteType(), e.siteCode(),
                                e.siteName(), e.latitude(), e.longitude(), e.inspectionRound())), e.unitNames());
            }
            case EventTypes.CASE_ACKNOWLEDGED -> {
                CaseAcknowledged e = inbox.data(event, CaseAcknowledged.class);
                yield deadlines.acknowledged(event.district(), e.findingId(), e.generation());
            }
            case EventTypes.RECTIFICATION_SUBMITTED ->
                deadlines.reported(event.district(), inbox.data(event, RectificationSubmitted.class).findingId());
            case EventTypes.RECTIFICATION_REJECTED -> {
                RectificationRejected e = inbox.data(event, RectificationRejected.class);
                yield deadlines.reworked(event.district(), new DeadlineService.Dispatch(e.findingId(),
                        e.generation(), e.unit(), e.rejectedAt(), e.acknowledgeBy(), e.rectifyBy(), 0),
                        e.previousRectifyBy(), e.reason(), e.rejectedBy());
            }
            case EventTypes.CASE_TRANSFERRED -> {
                CaseTransferred e = inbox.data(event, CaseTransferred.class);
                yield deadlines.transferred(event.district(), new DeadlineService.Dispatch(e.findingId(),
                        e.generation(), e.toUnit(), e.transferredAt(), e.acknowledgeBy(), e.rectifyBy(), 0), e.reason(),
                        e.approvedBy());
            }
            case EventTypes.DEADLINE_EXTENDED -> {
                DeadlineExtended e = inbox.data(event, DeadlineExtended.class);
                yield deadlines.extended(event.district(), e.findingId(), e.generation(), e.rectifyBy(),
                        e.extendedAt());
            }
            case EventTypes.CASE_CLOSED -> {
                CaseClosed e = inbox.data(event, CaseClosed.class);
                yield deadlines.closed(event.district(), e.findingId(), e.generation(), e.closedAt(),
                        e.outcome().name());
            }
            default -> Uni.createFrom().voidItem();
        });
    }
}
