package org.civcity.assignment.routing;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The unit directory and routing matrix of one district, loaded from a versioned data file: who leads a finding of a
 * category (and subcategory, site type), who supports, and which township owns its place (polygon, else site registry).
 */
public final class RoutingTable {

    /** A responsible unit. */
    public record Unit(String code, String name, String kind) {
    }

    /**
     * A township office's area as a closed ring of [longitude, latitude] points, and the community grids (社区/网格)
     * drawn inside it, where the district has drawn them.
     */
    public record Township(String code, List<double[]> polygon, List<Grid> grids) {

        public Township {
            grids = grids == null ? List.of() : grids;
        }

        public Township(String code, List<double[]> polygon) {
            this(code, polygon, List.of());
        }
    }

    /** A community grid (社区/网格): its code, the name people use and its area inside its township's. */
    public record Grid(String code, String name, List<double[]> polygon) {
    }

    /** A registered site and the township it belongs to. */
    public record Site(String siteCode, String township) {
    }

    /** One matrix row; null category fields match anything. */
    public record Rule(String category, String subcategory, String siteType, String lead, List<String> supporting) {

        public Rule {
            supporting = supporting == null ? List.of() : supporting;
        }

        int specificity() {
            return (subcategory != null ? 2 : 0) + (siteType != null ? 1 : 0);
        }

        boolean matches(String c, String sub, String site) {
            return category.equals(c) && (subcategory == null || subcategory.equals(sub))
                    && (siteType == null || siteType.equals(site));
        }
    }

    /** The data file's shape. */
    public record Data(String version, List<Unit> units, List<Township> townships, List<Site> sites,
            List<Rule> matrix) {
    }

    /**
     * Where a finding goes: the lead department, the territorial township (if its place names one), the community grid
     * within it (if its coordinates fall in one), supporters.
     */
    public record Route(String lead, String township, String grid, List<String> supporting, String version) {
    }

    /** The kind of unit that is a township office. */
    private static final String TOWNSHIP = "TOWNSHIP";

    private final Data data;
    private final Map<String, Unit> units;
    private final Map<String, String> siteTownships;

    public RoutingTable(Data data) {
        this.data = data;
        this.units = data.units().stream().collect(Collectors.toMap(Unit::code, Function.identity()));
        this.siteTownships = data.sites().stream().collect(Collectors.toMap(Site::siteCode, Site::township));
        for (Rule rule : data.matrix()) {
            requireUnit(rule.lead());
            rule.supporting().forEach(this::requireUnit);
        }
        data.townships().forEach(t -> requireUnit(t.code()));
        data.sites().forEach(s -> requireUnit(s.township()));
    }

    public static RoutingTable load(InputStream in, ObjectMapper mapper) throws IOException {
        return new RoutingTable(mapper.readValue(in, Data.class));
    }

    public String version() {
        return data.version();
    }

    public Data data() {
        return data;
    }

    public List<Unit> units() {
        return data.units();
    }

    public Optional<Unit> unit(String code) {
        return Optional.ofNullable(units.get(code));
    }

    /** The route of a finding, or empty when no matrix row names a lead unit (it goes to triage). */
    public Optional<Route> route(String category, String subcategory, String siteType, String siteCode,
            Double latitude, Double longitude) {
        return route(category, subcategory, siteType, siteCode, latitude, longitude, null);
    }

    /** As above; {@code townshipName} is the township the reporter named, the last resort for the township. */
    public Optional<Route> route(String category, String subcategory, String siteType, String siteCode,
            Double latitude, Double longitude, String townshipName) {
        return data.matrix().stream()
                .filter(r -> r.matches(category, subcategory, siteType))
                .max(Comparator.comparingInt(Rule::specificity))
                .map(r -> {
                    String township = township(siteCode, latitude, longitude, townshipName);
                    return new Route(r.lead(), township, grid(township, latitude, longitude), r.supporting(),
                            version());
                });
    }

    /** The grid of {@code township} whose area holds the point, or null. */
    public String grid(String township, Double latitude, Double longitude) {
        if (township == null || latitude == null || longitude == null) {
            return null;
        }
        return data.townships().stream().filter(t -> t.code().equals(township))
                .flatMap(t -> t.grids().stream())
                .filter(g -> contains(g.polygon(), longitude, latitude))
                .map(Grid::code).findFirst().orElse(null);
    }

    /** The name people use of a unit or a grid, by its code. */
    public Optional<String> name(String code) {
        Unit unit = units.get(code);
        if (unit != null) {
            return Optional.of(unit.name());
        }
        return data.townships().stream().flatMap(t -> t.grids().stream()).filter(g -> g.code().equals(code))
                .map(Grid::name).findFirst();
    }

    /**
     * The township whose polygon holds the point, else the registered site's township, else the township the reporter
     * named, else null.
     */
    public String township(String siteCode, Double latitude, Double longitude, String townshipName) {
        String township = township(siteCode, latitude, longitude);
        return township != null ? township : namedTownship(townshipName).orElse(null);
    }

    /** The township whose polygon holds the point, else the registered site's township, else null. */
    public String township(String siteCode, Double latitude, Double longitude) {
        if (latitude != null && longitude != null) {
            for (Township t : data.townships()) {
                if (contains(t.polygon(), longitude, latitude)) {
                    return t.code();
                }
            }
        }
        return siteCode == null ? null : siteTownships.get(siteCode);
    }

    /**
     * The township a reporter named (所属街道): by its code, by its name, or as the one township whose name begins
     * with what was written or begins it (新华 or 新华街道办事处 for 新华街道); nothing when ambiguous or unknown.
     */
    public Optional<String> namedTownship(String named) {
        if (named == null || named.isBlank()) {
            return Optional.empty();
        }
        String text = named.strip();
        // A township is a unit whose area is drawn, or one of the township kind (placed through the site registry).
        Set<String> drawn = data.townships().stream().map(Township::code).collect(Collectors.toSet());
        List<Unit> townships = units.values().stream()
                .filter(u -> drawn.contains(u.code()) || TOWNSHIP.equals(u.kind())).toList();
        Optional<String> exact = townships.stream()
                .filter(u -> u.code().equalsIgnoreCase(text) || text.equals(u.name())).map(Unit::code).findFirst();
        if (exact.isPresent()) {
            return exact;
        }
        List<String> prefixed = townships.stream()
                .filter(u -> u.name() != null && (u.name().startsWith(text) || text.startsWith(u.name())))
                .map(Unit::code).toList();
        return prefixed.size() == 1 ? Optional.of(prefixed.get(0)) : Optional.empty();
    }

    /** Ray casting; a point on the west or south edge belongs to the polygon, on the east or north edge it does not. */
    static boolean contains(List<double[]> ring, double x, double y) {
        boolean inside = false;
        for (int i = 0, j = ring.size() - 1; i < ring.size(); j = i++) {
            double xi = ring.get(i)[0];
            double yi = ring.get(i)[1];
            double xj = ring.get(j)[0];
            double yj = ring.get(j)[1];
            if ((yi > y) != (yj > y) && x < (xj - xi) * (y - yi) / (yj - yi) + xi) {
                inside = !inside;
            }
        }
        return inside;
    }

    private void requireUnit(String code) {
        if (!units.containsKey(code)) {
            throw new IllegalArgumentException("routing data names unknown unit " + code);
        }
    }
}
