package org.civcity.assignment.api;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** What a re-plan moved (or, in a dry run, would move), and what it kept because a person set the deadline. */
public record ReplanView(int year, int calendarVersion, boolean dryRun, int considered, List<Move> moved,
        List<Move> kept) {

    /** One open case's rectification deadline, before and after. */
    public record Move(UUID findingId, int generation, String unit, String rectifyRule, Instant previousRectifyBy,
            Instant rectifyBy) {
    }
}
