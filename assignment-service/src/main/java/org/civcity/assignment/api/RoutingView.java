package org.civcity.assignment.api;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.civcity.shared.persistence.PublishedVersion;
import org.civcity.assignment.routing.RoutingTable;

/** The routing data in force, with who published it, when, from which document and what it changed. */
public record RoutingView(Version published, RoutingTable.Data routing) {

    /** One published version, as the audit trail lists it. */
    public record Version(String version, String source, String publishedBy, Instant publishedAt, String changes) {

        public static Version of(PublishedVersion v) {
            return new Version(v.version, v.source, v.publishedBy, v.publishedAt, v.changes);
        }
    }

    /**
     * What publishing routing data does (or, in a dry run, would do): the version and its changes, warnings that do
     * not stop it, and the open cases the new data routes differently. Open cases keep their route when it is
     * published; the office transfers those it wants moved.
     */
    public record Impact(String version, boolean dryRun, boolean published, String changes, List<String> warnings,
            int openCases, int affectedCount, List<Affected> affected) {
    }

    /**
     * An open case the new data routes differently: its route now, the route under the data in force, and the route
     * under the new data ({@code toLead} null: the new data has no rule for it, so a new finding like it would wait in
     * triage).
     */
    public record Affected(UUID findingId, String state, String leadUnit, String township, String fromLead,
            String fromTownship, String toLead, String toTownship) {
    }
}
