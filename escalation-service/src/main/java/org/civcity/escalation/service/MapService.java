package org.civcity.escalation.service;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.civcity.contracts.RoutingPublished;
import org.civcity.escalation.domain.TownshipArea;
import org.civcity.escalation.repository.CaseTrackingRepository;
import org.civcity.escalation.repository.MapRepository;
import org.civcity.shared.text.JsonText;

/**
 * The hot-spot map of the supervision board: each township's area with its open and overdue cases, and the places of
 * repeat problems and listed sites. The areas come from the routing data in force (routing.published); no tile server
 * is needed, the page draws them.
 */
@ApplicationScoped
public class MapService {

    /** Points drawn at most; beyond them the page still has the counts. */
    static final int POINTS = 500;

    private static final TypeReference<List<List<Double>>> RING = new TypeReference<>() {
    };
    private static final TypeReference<List<RoutingPublished.Area>> GRIDS = new TypeReference<>() {
    };

    /** A township on the map: its area and grids, and its open and overdue cases now. */
    public record Area(String code, String name, List<List<Double>> polygon, List<RoutingPublished.Area> grids,
            long open, long overdue) {
    }

    /**
     * The map now; {@code version} is the routing data's the areas come from (null before any), {@code elsewhere}
     * counts open cases in no township drawn.
     */
    public record HotSpotMap(Instant generatedAt, String version, List<Area> townships,
            List<MapRepository.Point> points, long elsewhere, long elsewhereOverdue) {
    }

    private final MapRepository map;
    private final CaseTrackingRepository cases;
    private final ObjectMapper mapper;

    public MapService(MapRepository map, CaseTrackingRepository cases, ObjectMapper mapper) {
        this.map = map;
        this.cases = cases;
        this.mapper = mapper;
    }

    /**
     * Puts the areas of {@code district}'s routing version in force, unless newer ones are; in the inbox transaction.
     */
    public Uni<Void> routingPublished(String district, RoutingPublished published) {
        return map.inForce(district).chain(current -> {
            if (current != null && published.publishedAt().isBefore(current.publishedAt())) {
                Log.infof("Routing data %s of district %s of %s is older than the areas in force: kept them",
                        published.version(), district, published.publishedAt());
                return Uni.createFrom().voidItem();
            }
            if (current != null && published.version().equals(current.version())
                    && published.publishedAt().equals(current.publishedAt())) {
                // Announced again (assignment-service announces the version in force at every start).
                return Uni.createFrom().voidItem();
            }
            List<TownshipArea> areas = new ArrayList<>();
            for (RoutingPublished.Area t : published.townships()) {
                TownshipArea a = new TownshipArea();
                a.district = district;
                a.code = t.code();
                a.name = t.name();
                a.polygon = json(t.polygon());
                a.grids = json(t.grids());
                a.version = published.version();
                a.publishedAt = published.publishedAt();
                areas.add(a);
            }
            return map.replace(district, areas).invoke(() -> Log.infof("Map areas of district %s, routing data %s:"
                    + " %d townships", district, published.version(), areas.size()));
        });
    }

    /** The district's map, drawn with its own routing data's areas. */
    public Uni<HotSpotMap> now(String district) {
        return Panache.withSession(() -> map.areas(district)).chain(areas -> cases.openAndOverdue(district)
                .chain(counts -> map
                .points(district, POINTS).map(points -> {
                    Map<String, long[]> byTownship = new HashMap<>();
                    counts.forEach(c -> {
                        long[] n = byTownship.computeIfAbsent(c.township(), t -> new long[2]);
                        n[0] += c.open();
                        n[1] += c.overdue();
                    });
                    List<Area> drawn = new ArrayList<>();
                    for (TownshipArea a : areas) {
                        long[] n = byTownship.remove(a.code);
                        drawn.add(new Area(a.code, a.name, read(a.polygon, RING), read(a.grids, GRIDS),
                                n == null ? 0 : n[0], n == null ? 0 : n[1]));
                    }
                    long elsewhere = byTownship.values().stream().mapToLong(n -> n[0]).sum();
                    long elsewhereOverdue = byTownship.values().stream().mapToLong(n -> n[1]).sum();
                    return new HotSpotMap(Instant.now(), areas.isEmpty() ? null : areas.get(0).version, drawn,
                            points, elsewhere, elsewhereOverdue);
                })));
    }

    private String json(Object value) {
        return JsonText.write(mapper, value);
    }

    private <T> T read(String json, TypeReference<T> type) {
        return JsonText.read(mapper, json, type);
    }
}
