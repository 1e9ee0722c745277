package org.civcity.assignment.service;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
import java.util.Map;
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

    private static String rule(Map<String, String> rules, Category category, Severity severity) {
        String rule = rules.getOrDefault(category + "." + severity, rules.get(severity.name()));
        if (rule == null) {
            throw new IllegalStateException("No deadline rule for " + category + "." + severity + " or " + severity);
        }
        return WorkingCalendar.checkRule(rule);
    }
}
