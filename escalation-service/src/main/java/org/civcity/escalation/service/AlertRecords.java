package org.civcity.escalation.service;

import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import org.civcity.contracts.AlertFollowUp;
import org.civcity.contracts.EventTypes;
import org.civcity.escalation.domain.AccountabilityRecord;
import org.civcity.escalation.repository.CaseTrackingRepository;

/**
 * Writes what became of an alert that must be acknowledged into the accountability ledger: who acknowledged it (and
 * for whom), who left it unanswered and to whom it went next, or that nobody answered. The ledger's chain covers the
 * person, the actor and the text, so nobody can quietly rewrite who was told and who answered.
 */
@ApplicationScoped
public class AlertRecords {

    public static final String ACKNOWLEDGED = "ALERT_ACKNOWLEDGED";
    public static final String HANDED_OVER = "ALERT_HANDED_OVER";
    public static final String UNANSWERED = "ALERT_UNANSWERED";
    /** Records about alerts, not escalations of a unit: the assessment does not count them. */
    public static final Set<String> REASONS = Set.of(ACKNOWLEDGED, HANDED_OVER, UNANSWERED);
    /** Who writes a hand-over or an unanswered alert: no person decided it. */
    static final String NOTIFICATION = "notification-service";
    /** The actor notification-service names for an acknowledgement through the signed link. */
    static final String BY_LINK = "signed-link";

    private final LedgerService ledger;
    private final Ladder ladder;
    private final CaseTrackingRepository tracked;

    public AlertRecords(LedgerService ledger, Ladder ladder, CaseTrackingRepository tracked) {
        this.ledger = ledger;
        this.ladder = ladder;
        this.tracked = tracked;
    }

    /**
     * Appends the record of one alert.* event to its case's district's chain (the case escalated, so it is tracked;
     * else the event's district); runs in the event's inbox transaction.
     */
    public Uni<Void> record(String district, String type, AlertFollowUp e) {
        return tracked.findById(e.findingId()).chain(t -> append(t == null ? district : t.district, type, e));
    }

    private Uni<Void> append(String district, String type, AlertFollowUp e) {
        AccountabilityRecord r = new AccountabilityRecord();
        r.id = UUID.randomUUID();
        r.findingId = e.findingId();
        r.district = district;
        r.generation = e.generation();
        r.level = e.level();
        // A district-wide role (a district leader) answers for the district.
        r.unit = e.unit() == null ? "DISTRICT" : e.unit();
        r.responsibleRole = e.role();
        r.deadline = e.sentAt();
        r.overdueSeconds = 0;
        r.recordedAt = e.at();
        r.policyVersion = ladder.current(district).version();
        r.subject = e.recipient();
        String waited = Math.max(0, Duration.between(e.sentAt(), e.at()).toMinutes()) + "分钟";
        switch (type) {
            case EventTypes.ALERT_ACKNOWLEDGED -> {
                r.reason = ACKNOWLEDGED;
                r.decidedBy = e.actor() == null ? e.recipient() : e.actor();
                // The signed link answers for whoever holds it: say so, rather than name the person as signed in.
                r.note = "第" + e.level() + "级督办提醒" + (BY_LINK.equals(e.actor()) ? "经发给" + e.recipient()
                        + "的确认链接确认收到" : "由" + e.recipient() + "确认收到")
                        + (e.onBehalf() ? "（" + r.decidedBy + "代为确认）" : "") + "，发出后" + waited;
            }
            case EventTypes.ALERT_HANDED_OVER -> {
                r.reason = HANDED_OVER;
                r.decidedBy = NOTIFICATION;
                r.note = "第" + e.level() + "级督办提醒发送" + e.recipient() + e.tries() + "次均未确认，已转"
                        + e.nextRecipient();
            }
            default -> {
                r.reason = UNANSWERED;
                r.decidedBy = NOTIFICATION;
                r.note = "第" + e.level() + "级督办提醒无人确认（最后发送" + e.recipient() + e.tries() + "次）";
            }
        }
        return ledger.append(r).invoke(() -> Log.infof("Alert %s of finding %s: %s recorded (%s)", e.pageId(),
                e.findingId(), r.reason, r.note)).replaceWithVoid();
    }
}
