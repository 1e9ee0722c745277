package org.civcity.contracts;

import jakarta.validation.constraints.NotNull;
import java.time.Instant;
import java.util.List;

/**
 * Data of {@code routing.published}: the routing data {@code version} is in force in the event's district since
 * {@code publishedAt}; it carries the district's geography as its routing data draws it, each township's and community
 * grid's code, name and boundary ({@code polygon}: [longitude, latitude] pairs, the ring closed), for maps. Announced
 * at every publication and, for every district served, when assignment-service starts. Key: "routing" for the home
 * district, "routing:<district>" for another. Topic: civcity.routing (compacted: each district's latest stays).
 */
public record RoutingPublished(
        @NotNull String version,
        @NotNull Instant publishedAt,
        @NotNull List<Area> townships) {

    public RoutingPublished {
        townships = townships == null ? List.of() : List.copyOf(townships);
    }

    /** A township (with its grids) or a grid (none). */
    public record Area(@NotNull String code, @NotNull String name, @NotNull List<List<Double>> polygon,
            List<Area> grids) {

        public Area {
            polygon = polygon == null ? List.of() : List.copyOf(polygon);
            grids = grids == null ? List.of() : List.copyOf(grids);
        }
    }
}
