package org.civcity.escalation.api;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.civcity.shared.persistence.PublishedVersion;
import org.civcity.escalation.service.Ladder;

/** A published escalation ladder: its levels, who published it, when, from which document and what it changed. */
public record LadderView(String version, String source, String publishedBy, Instant publishedAt, String changes,
        List<Ladder.Level> levels) {

    public static LadderView of(PublishedVersion v, Ladder.Policy policy) {
        return new LadderView(v.version, v.source, v.publishedBy, v.publishedAt, v.changes, policy.levels());
    }

    /**
     * What publishing a ladder does (or, in a dry run, would do): what it changes, and the open cases whose pending
     * levels stay on the version they were started on (by version), since a ladder counts for clocks started after
     * it is published.
     */
    public record Impact(String version, boolean dryRun, boolean published, String changes,
            Map<String, Long> openCasesByVersion) {
    }
}
