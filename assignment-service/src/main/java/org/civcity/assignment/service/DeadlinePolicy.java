package org.civcity.assignment.service;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.civcity.shared.calendar.WorkingCalendar;
import org.civcity.assignment.config.AssignmentConfig;
import org.civcity.contracts.Category;
import org.civcity.contracts.Severity;

/** The deadline policy in force: both limits per category and severity, in working time, shorter for repeats. */
@ApplicationScoped
public class DeadlinePolicy {

    /** Both deadlines of a dispatch and the rules that made them, as snapshotted on the case. */
    public record Deadlines(Instant acknowledgeBy, Instant rectifyBy, String acknowledgeRule, String rectifyRule,
            String policyVersion) {
    }

    /** A repeat's snapshotted rule, as {@link #deadlines} writes it: "3 working days x 0.5 (repeat)". */
    private static final Pattern SNAPSHOT_REPEAT = Pattern.compile("(.+) x ([0-9.]+) \\(repeat\\)");

    private final AssignmentConfig config;
    private final WorkingCalendar calendar;

    public DeadlinePolicy(AssignmentConfig config, WorkingCalendar calendar) {
        this.config = config;
        this.calendar = calendar;
    }

    /** A policy that cannot give every category and severity a deadline must stop the service at start. */
    void validate(@Observes StartupEvent event) {
        for (Category category : Category.values()) {
            for (Severity severity : Severity.values()) {
                rule(config.acknowledgeWithin(), category, severity);
                rule(config.rectifyWithin(), category, severity);
            }
        }
        if (config.repeatFactor() <= 0 || config.repeatFactor() > 1) {
            throw new IllegalStateException("assignment.repeat-factor must be in (0, 1]");
        }
    }

    public Deadlines deadlines(Category category, Severity severity, boolean repeat, Instant from) {
        String acknowledge = rule(config.acknowledgeWithin(), category, severity);
        String rectify = rule(config.rectifyWithin(), category, severity);
        double factor = repeat ? config.repeatFactor() : 1.0;
        String suffix = repeat ? " x " + factor + " (repeat)" : "";
        return new Deadlines(calendar.plus(acknowledge, from, factor), calendar.plus(rectify, from, factor),
                acknowledge + suffix, rectify + suffix, config.policyVersion());
    }

    /**
     * The deadline a rule snapshotted on a case gives from {@code from} on the calendar in force now: what a re-plan
     * compares with the deadline the case has.
     */
    public Instant recount(String snapshottedRule, Instant from) {
        Matcher repeat = SNAPSHOT_REPEAT.matcher(snapshottedRule);
        return repeat.matches() ? calendar.plus(repeat.group(1), from, Double.parseDouble(repeat.group(2)))
                : calendar.plus(snapshottedRule, from, 1.0);
    }

    private static String rule(Map<String, String> rules, Category category, Severity severity) {
        String rule = rules.getOrDefault(category + "." + severity, rules.get(severity.name()));
        if (rule == null) {
            throw new IllegalStateException("No deadline rule for " + category + "." + severity + " or " + severity);
        }
        return WorkingCalendar.checkRule(rule);
    }
}
