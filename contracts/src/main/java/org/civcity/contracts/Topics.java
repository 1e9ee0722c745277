package org.civcity.contracts;

import java.util.List;
import java.util.Optional;

/**
 * Kafka topic names of the system; every business event is keyed by its finding id, so one finding's events stay
 * ordered.
 */
public final class Topics {

    /** Intake facts: finding.reported. */
    public static final String FINDINGS = "civcity.findings";
    /** Case lifecycle facts: finding.assigned and later case.* events. */
    public static final String CASES = "civcity.cases";
    /**
     * Deadline and escalation facts: escalation.raised, deadline.approaching, accountability.recorded,
     * instruction.issued, and bulletin.published (keyed by "bulletin:" and its period, and its district unless the
     * home one; not by a finding).
     */
    public static final String ESCALATIONS = "civcity.escalations";
    /**
     * Listed supervision (挂牌督办) of sites where problems recur: site.listed and site.delisted, keyed by the finding
     * whose recurrence listed the site.
     */
    public static final String SITES = "civcity.sites";

    /**
     * What became of alerts that must be acknowledged: alert.acknowledged, alert.handed-over and alert.unanswered,
     * keyed by finding id; escalation-service writes them into the accountability ledger.
     */
    public static final String ALERTS = "civcity.alerts";

    /**
     * Reference data: calendar.published, keyed by year. Compacted, so the latest version of every year stays on it for
     * good; every instance of every service reads it whole, not as a group.
     */
    public static final String CALENDARS = "civcity.calendars";

    /**
     * The accountability ledger's head: ledger.head under one key. Compacted, so the latest head stays on it for good,
     * outside the ledger's database, for anyone to verify the ledger against.
     */
    public static final String LEDGER_HEAD = "civcity.ledger-head";

    /**
     * The recipient directory: recipient.changed, keyed by recipient id. Compacted, so the latest state of every entry
     * stays; escalation-service reads it to name the person who held a role when an escalation was recorded.
     */
    public static final String RECIPIENTS = "civcity.recipients";

    /**
     * The district's geography as the routing data in force draws it: routing.published under one key. Compacted, so
     * the latest stays; escalation-service reads it to draw the hot-spot map.
     */
    public static final String ROUTING = "civcity.routing";

    /** Every business topic, for provisioning (the compacted reference topics are provisioned apart). */
    public static final List<String> ALL = List.of(FINDINGS, CASES, ESCALATIONS, SITES, ALERTS);

    /** The compacted reference topics: one partition each, every key's latest record kept for good. */
    public static final List<String> REFERENCE = List.of(CALENDARS, LEDGER_HEAD, RECIPIENTS, ROUTING);

    private static final String REPLAY = ".replay.";

    private Topics() {
    }

    /**
     * The one service that publishes on {@code topic} (each topic has a single owner); consumers refuse events on it
     * whose CloudEvents source is not {@link #source(String) that service's}. Empty for a topic this system does not
     * own.
     */
    public static Optional<String> producer(String topic) {
        return Optional.ofNullable(switch (topic) {
            case FINDINGS, SITES -> "findings-service";
            case CASES, CALENDARS, ROUTING -> "assignment-service";
            case ESCALATIONS, LEDGER_HEAD -> "escalation-service";
            case RECIPIENTS, ALERTS -> "notification-service";
            default -> null;
        });
    }

    /** The CloudEvents source of a service's events. */
    public static String source(String service) {
        return "urn:civcity:" + service;
    }

    /** Dead-letter topic of one consuming service, so its operators own its poison events. */
    public static String deadLetter(String service) {
        return "civcity.dead-letter." + service;
    }

    /**
     * Where an operator's replay of {@code service}'s dead letter from {@code origin} goes: a topic of the consuming
     * service's own, read by the same channel as {@code origin}. Not {@code origin} itself, which another service owns
     * and which the consuming service may therefore not write (KafkaAccess).
     */
    public static String replay(String origin, String service) {
        return origin + REPLAY + service;
    }

    /** The topic whose events {@code topic} carries: {@code topic} itself, or for a replay topic the one replayed. */
    public static String origin(String topic) {
        int at = topic.indexOf(REPLAY);
        return at < 0 ? topic : topic.substring(0, at);
    }
}
