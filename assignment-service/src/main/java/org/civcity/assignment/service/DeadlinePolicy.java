package org.civcity.assignment.service;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.civcity.assignment.calendar.WorkingCalendar;
import org.civcity.assignment.config.AssignmentConfig;
import org.civcity.contracts.Category;
import org.civcity.contracts.Severity;

/** The deadline policy in force: both limits per category and severity, in working time, shorter for repeats. */
@ApplicationScoped
public class DeadlinePolicy {

    private static final Pattern WORKING = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*working\\s+(hours?|days?)");

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
        return new Deadlines(apply(acknowledge, from, factor), apply(rectify, from, factor), acknowledge + suffix,
                rectify + suffix, config.policyVersion());
    }

    /** {@code rule} after {@code from}: working time on the calendar, or elapsed time for an ISO duration. */
    Instant apply(String rule, Instant from, double factor) {
        Matcher working = WORKING.matcher(rule.strip().toLowerCase(Locale.ROOT));
        if (working.matches()) {
            double amount = Double.parseDouble(working.group(1)) * factor;
            if (working.group(2).startsWith("day") && amount == Math.rint(amount)) {
                return calendar.plusWorkingDays(from, (int) amount);
            }
            Duration hours = working.group(2).startsWith("day")
                    ? Duration.ofMinutes(Math.round(amount * calendar.workingDay().toMinutes()))
                    : Duration.ofMinutes(Math.round(amount * 60));
            return calendar.plusWorkingTime(from, hours);
        }
        Duration elapsed = Duration.parse(rule.strip());
        return from.plus(Duration.ofMillis(Math.round(elapsed.toMillis() * factor)));
    }

    private static String rule(Map<String, String> rules, Category category, Severity severity) {
        String rule = rules.getOrDefault(category + "." + severity, rules.get(severity.name()));
        if (rule == null) {
            throw new IllegalStateException("No deadline rule for " + category + "." + severity + " or " + severity);
        }
        if (!WORKING.matcher(rule.strip().toLowerCase(Locale.ROOT)).matches()) {
            Duration.parse(rule.strip()); // fails at start on a malformed rule
        }
        return rule.strip();
    }
}
