package org.civcity.contracts;

import java.util.Set;

/** CloudEvents type attribute values; past-tense facts named as in the glossary. */
public final class EventTypes {

    public static final String FINDING_REPORTED = "finding.reported";
    public static final String FINDING_ASSIGNED = "finding.assigned";
    public static final String CASE_ACKNOWLEDGED = "case.acknowledged";
    public static final String RECTIFICATION_SUBMITTED = "rectification.submitted";
    public static final String RECTIFICATION_VERIFIED = "rectification.verified";
    public static final String RECTIFICATION_REJECTED = "rectification.rejected";
    public static final String CASE_TRANSFERRED = "case.transferred";
    public static final String DEADLINE_EXTENDED = "deadline.extended";
    public static final String CASE_CLOSED = "case.closed";
    public static final String DEADLINE_APPROACHING = "deadline.approaching";
    public static final String ESCALATION_RAISED = "escalation.raised";
    public static final String ACCOUNTABILITY_RECORDED = "accountability.recorded";
    public static final String CALENDAR_PUBLISHED = "calendar.published";
    public static final String LEDGER_HEAD = "ledger.head";
    public static final String RECIPIENT_CHANGED = "recipient.changed";
    public static final String INSTRUCTION_ISSUED = "instruction.issued";
    public static final String SITE_LISTED = "site.listed";
    public static final String SITE_DELISTED = "site.delisted";
    public static final String BULLETIN_PUBLISHED = "bulletin.published";
    public static final String ROUTING_PUBLISHED = "routing.published";
    public static final String ALERT_ACKNOWLEDGED = "alert.acknowledged";
    public static final String ALERT_HANDED_OVER = "alert.handed-over";
    public static final String ALERT_UNANSWERED = "alert.unanswered";

    /** Every type the system defines; anything else on a topic is poison. */
    public static final Set<String> KNOWN = Set.of(FINDING_REPORTED, FINDING_ASSIGNED, CASE_ACKNOWLEDGED,
            RECTIFICATION_SUBMITTED, RECTIFICATION_VERIFIED, RECTIFICATION_REJECTED, CASE_TRANSFERRED,
            DEADLINE_EXTENDED, CASE_CLOSED, DEADLINE_APPROACHING, ESCALATION_RAISED, ACCOUNTABILITY_RECORDED,
            CALENDAR_PUBLISHED, LEDGER_HEAD, RECIPIENT_CHANGED, INSTRUCTION_ISSUED, SITE_LISTED, SITE_DELISTED,
            BULLETIN_PUBLISHED, ROUTING_PUBLISHED, ALERT_ACKNOWLEDGED, ALERT_HANDED_OVER, ALERT_UNANSWERED);

    private EventTypes() {
    }

    /** The one topic that carries events of {@code type} (the AsyncAPI document's channel of its message). */
    public static String topic(String type) {
        return switch (type) {
            case FINDING_REPORTED -> Topics.FINDINGS;
            case FINDING_ASSIGNED, CASE_ACKNOWLEDGED, RECTIFICATION_SUBMITTED, RECTIFICATION_VERIFIED,
                    RECTIFICATION_REJECTED, CASE_TRANSFERRED, DEADLINE_EXTENDED, CASE_CLOSED -> Topics.CASES;
            case DEADLINE_APPROACHING, ESCALATION_RAISED, ACCOUNTABILITY_RECORDED, INSTRUCTION_ISSUED,
                    BULLETIN_PUBLISHED -> Topics.ESCALATIONS;
            case SITE_LISTED, SITE_DELISTED -> Topics.SITES;
            case ALERT_ACKNOWLEDGED, ALERT_HANDED_OVER, ALERT_UNANSWERED -> Topics.ALERTS;
            case CALENDAR_PUBLISHED -> Topics.CALENDARS;
            case ROUTING_PUBLISHED -> Topics.ROUTING;
            case LEDGER_HEAD -> Topics.LEDGER_HEAD;
            case RECIPIENT_CHANGED -> Topics.RECIPIENTS;
            default -> throw new IllegalArgumentException("Not an event type of this system: " + type);
        };
    }
}
