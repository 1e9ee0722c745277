package org.civcity.assignment.routing;

import java.awt.geom.Area;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.civcity.contracts.Category;
import org.civcity.contracts.SiteType;
import org.civcity.shared.problem.Problem;

/**
 * What makes routing data publishable: known units everywhere, township areas that are simple polygons and do not
 * overlap, every category routed; and what a new version changes against the one in force, in words.
 */
public final class RoutingValidation {

    /** Unit kinds the directory knows. */
    public static final Set<String> KINDS = Set.of("DEPARTMENT", "OFFICE", "TOWNSHIP", "COMMUNITY");

    private static final Pattern CODE = Pattern.compile("[A-Z][A-Z0-9_]{1,63}");
    private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    /** Areas below this (in square degrees, about 1 m²) are rounding, not overlap: neighbours share edges. */
    private static final double NEGLIGIBLE = 1e-10;

    private RoutingValidation() {
    }

    /** Every problem of {@code data}, each naming the field it is in; empty when it can be published. */
    public static List<Problem.FieldError> problems(RoutingTable.Data data) {
        List<Problem.FieldError> errors = new ArrayList<>();
        if (data.version() == null || !VERSION.matcher(data.version()).matches()) {
            errors.add(new Problem.FieldError("routing.version",
                    "must be 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit"));
        }
        Map<String, String> kinds = units(data, errors);
        townships(data, kinds, errors);
        sites(data, kinds, errors);
        matrix(data, kinds, errors);
        return errors;
    }

    private static Map<String, String> units(RoutingTable.Data data, List<Problem.FieldError> errors) {
        Map<String, String> kinds = new LinkedHashMap<>();
        if (data.units() == null || data.units().isEmpty()) {
            errors.add(new Problem.FieldError("routing.units", "must name at least one unit"));
            return kinds;
        }
        for (int i = 0; i < data.units().size(); i++) {
            RoutingTable.Unit u = data.units().get(i);
            String field = "routing.units[" + i + "]";
            if (u == null || u.code() == null || !CODE.matcher(u.code()).matches()) {
                errors.add(new Problem.FieldError(field + ".code", "must be 2-64 capitals, digits or '_'"));
                continue;
            }
            if (kinds.containsKey(u.code())) {
                errors.add(new Problem.FieldError(field + ".code", u.code() + " is listed twice"));
            }
            if (u.name() == null || u.name().isBlank()) {
                errors.add(new Problem.FieldError(field + ".name", u.code() + " has no name"));
            }
            if (u.kind() == null || !KINDS.contains(u.kind())) {
                errors.add(new Problem.FieldError(field + ".kind", "must be one of " + new TreeSet<>(KINDS)));
            }
            kinds.put(u.code(), u.kind());
        }
        return kinds;
    }

    private static void townships(RoutingTable.Data data, Map<String, String> kinds, List<Problem.FieldError> errors) {
        if (data.townships() == null) {
            errors.add(new Problem.FieldError("routing.townships", "must be a list, empty when no area is drawn"));
            return;
        }
        Map<Integer, Area> areas = new LinkedHashMap<>();
        Set<String> seen = new HashSet<>();
        Set<String> gridCodes = new HashSet<>();
        for (int i = 0; i < data.townships().size(); i++) {
            RoutingTable.Township t = data.townships().get(i);
            String field = "routing.townships[" + i + "]";
            if (t == null || !"TOWNSHIP".equals(kinds.get(t.code()))) {
                errors.add(new Problem.FieldError(field + ".code", "must be a unit of kind TOWNSHIP"));
                continue;
            }
            if (!seen.add(t.code())) {
                errors.add(new Problem.FieldError(field + ".code", t.code() + " has two areas"));
            }
            String problem = polygonProblem(t.polygon());
            if (problem != null) {
                errors.add(new Problem.FieldError(field + ".polygon", t.code() + ": " + problem));
            } else {
                areas.put(i, area(t.polygon()));
            }
            grids(t, field, areas.get(i), kinds, gridCodes, errors);
        }
        List<Integer> drawn = List.copyOf(areas.keySet());
        for (int a = 0; a < drawn.size(); a++) {
            for (int b = a + 1; b < drawn.size(); b++) {
                Area overlap = new Area(areas.get(drawn.get(a)));
                overlap.intersect(areas.get(drawn.get(b)));
                Rectangle2D box = overlap.getBounds2D();
                if (!overlap.isEmpty() && box.getWidth() * box.getHeight() > NEGLIGIBLE) {
                    errors.add(new Problem.FieldError("routing.townships[" + drawn.get(b) + "].polygon",
                            data.townships().get(drawn.get(b)).code() + " overlaps "
                                    + data.townships().get(drawn.get(a)).code() + " around "
                                    + point(box.getCenterX(), box.getCenterY())));
                }
            }
        }
    }

    /**
     * A township's grids: each with its own code (not a unit's, not another grid's) and name, a simple polygon inside
     * the township's area, none overlapping another.
     */
    private static void grids(RoutingTable.Township t, String field, Area township, Map<String, String> kinds,
            Set<String> codes, List<Problem.FieldError> errors) {
        List<Area> drawn = new ArrayList<>();
        List<String> drawnCodes = new ArrayList<>();
        for (int g = 0; g < t.grids().size(); g++) {
            RoutingTable.Grid grid = t.grids().get(g);
            String at = field + ".grids[" + g + "]";
            if (grid == null || grid.code() == null || !CODE.matcher(grid.code()).matches()) {
                errors.add(new Problem.FieldError(at + ".code", "must be 2-64 capitals, digits or '_'"));
                continue;
            }
            if (kinds.containsKey(grid.code()) || !codes.add(grid.code())) {
                errors.add(new Problem.FieldError(at + ".code", grid.code() + " is already a unit's or a grid's"));
            }
            if (grid.name() == null || grid.name().isBlank()) {
                errors.add(new Problem.FieldError(at + ".name", grid.code() + " has no name"));
            }
            String problem = polygonProblem(grid.polygon());
            if (problem != null) {
                errors.add(new Problem.FieldError(at + ".polygon", grid.code() + ": " + problem));
                continue;
            }
            Area area = area(grid.polygon());
            if (township != null) {
                Area outside = new Area(area);
                outside.subtract(township);
                Rectangle2D box = outside.getBounds2D();
                if (!outside.isEmpty() && box.getWidth() * box.getHeight() > NEGLIGIBLE) {
                    errors.add(new Problem.FieldError(at + ".polygon", grid.code() + " reaches outside " + t.code()
                            + " around " + point(box.getCenterX(), box.getCenterY())));
                }
            }
            for (int other = 0; other < drawn.size(); other++) {
                Area overlap = new Area(area);
                overlap.intersect(drawn.get(other));
                Rectangle2D box = overlap.getBounds2D();
                if (!overlap.isEmpty() && box.getWidth() * box.getHeight() > NEGLIGIBLE) {
                    errors.add(new Problem.FieldError(at + ".polygon", grid.code() + " overlaps "
                            + drawnCodes.get(other) + " around " + point(box.getCenterX(), box.getCenterY())));
                }
            }
            drawn.add(area);
            drawnCodes.add(grid.code());
        }
    }

    /** Why a ring of [longitude, latitude] points is not a simple closed polygon, or null. */
    static String polygonProblem(List<double[]> ring) {
        if (ring == null || ring.size() < 4) {
            return "needs at least 4 points, the last repeating the first";
        }
        for (double[] p : ring) {
            if (p == null || p.length != 2 || !(p[0] >= -180 && p[0] <= 180) || !(p[1] >= -90 && p[1] <= 90)) {
                return "every point is [longitude, latitude] inside [-180, 180] x [-90, 90]";
            }
        }
        if (!Arrays.equals(ring.get(0), ring.get(ring.size() - 1))) {
            return "is not closed: the last point must repeat the first";
        }
        int edges = ring.size() - 1;
        for (int i = 0; i < edges; i++) {
            for (int j = i + 1; j < edges; j++) {
                boolean adjacent = j == i + 1 || (i == 0 && j == edges - 1);
                if (!adjacent && Line2D.linesIntersect(ring.get(i)[0], ring.get(i)[1], ring.get(i + 1)[0],
                        ring.get(i + 1)[1], ring.get(j)[0], ring.get(j)[1], ring.get(j + 1)[0], ring.get(j + 1)[1])) {
                    return "crosses itself: edge " + (i + 1) + " meets edge " + (j + 1);
                }
            }
        }
        double twiceArea = 0;
        for (int i = 0; i < edges; i++) {
            twiceArea += ring.get(i)[0] * ring.get(i + 1)[1] - ring.get(i + 1)[0] * ring.get(i)[1];
        }
        return Math.abs(twiceArea) / 2 > NEGLIGIBLE ? null : "encloses no area";
    }

    private static Area area(List<double[]> ring) {
        Path2D.Double path = new Path2D.Double();
        path.moveTo(ring.get(0)[0], ring.get(0)[1]);
        for (int i = 1; i < ring.size(); i++) {
            path.lineTo(ring.get(i)[0], ring.get(i)[1]);
        }
        path.closePath();
        return new Area(path);
    }

    private static void sites(RoutingTable.Data data, Map<String, String> kinds, List<Problem.FieldError> errors) {
        if (data.sites() == null) {
            errors.add(new Problem.FieldError("routing.sites", "must be a list, empty when no site is registered"));
            return;
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < data.sites().size(); i++) {
            RoutingTable.Site s = data.sites().get(i);
            String field = "routing.sites[" + i + "]";
            if (s == null || s.siteCode() == null || s.siteCode().isBlank()) {
                errors.add(new Problem.FieldError(field + ".siteCode", "must not be blank"));
                continue;
            }
            if (!seen.add(s.siteCode())) {
                errors.add(new Problem.FieldError(field + ".siteCode", s.siteCode() + " is registered twice"));
            }
            if (!"TOWNSHIP".equals(kinds.get(s.township()))) {
                errors.add(new Problem.FieldError(field + ".township", s.siteCode() + ": " + s.township()
                        + " is not a unit of kind TOWNSHIP"));
            }
        }
    }

    private static void matrix(RoutingTable.Data data, Map<String, String> kinds, List<Problem.FieldError> errors) {
        if (data.matrix() == null || data.matrix().isEmpty()) {
            errors.add(new Problem.FieldError("routing.matrix", "must route every category"));
            return;
        }
        Set<String> routed = new HashSet<>();
        Set<List<String>> keys = new HashSet<>();
        for (int i = 0; i < data.matrix().size(); i++) {
            RoutingTable.Rule r = data.matrix().get(i);
            String field = "routing.matrix[" + i + "]";
            if (r == null || !isEnum(Category.class, r.category())) {
                errors.add(new Problem.FieldError(field + ".category", "must be one of "
                        + Arrays.toString(Category.values())));
                continue;
            }
            routed.add(r.category());
            if (r.siteType() != null && !isEnum(SiteType.class, r.siteType())) {
                errors.add(new Problem.FieldError(field + ".siteType", "must be one of "
                        + Arrays.toString(SiteType.values())));
            }
            if (!keys.add(Arrays.asList(r.category(), r.subcategory(), r.siteType()))) {
                errors.add(new Problem.FieldError(field, "a second rule for " + r.category() + "/"
                        + Objects.toString(r.subcategory(), "*") + " at " + Objects.toString(r.siteType(), "*")));
            }
            if (!kinds.containsKey(r.lead())) {
                errors.add(new Problem.FieldError(field + ".lead", r.lead() + " is not in the directory"));
            }
            List<String> supporting = r.supporting() == null ? List.of() : r.supporting();
            for (String unit : supporting) {
                if (!kinds.containsKey(unit)) {
                    errors.add(new Problem.FieldError(field + ".supporting", unit + " is not in the directory"));
                } else if (unit.equals(r.lead())) {
                    errors.add(new Problem.FieldError(field + ".supporting", unit + " leads already"));
                }
            }
        }
        for (Category c : Category.values()) {
            if (!routed.contains(c.name())) {
                errors.add(new Problem.FieldError("routing.matrix", c.name() + " has no rule: its findings would"
                        + " all wait in triage"));
            }
        }
    }

    /** Categories routed only for some site types or subcategories: the rest of their findings go to triage. */
    public static List<String> warnings(RoutingTable.Data data) {
        List<String> warnings = new ArrayList<>();
        for (Category c : Category.values()) {
            boolean catchAll = data.matrix().stream().anyMatch(r -> c.name().equals(r.category())
                    && r.subcategory() == null && r.siteType() == null);
            if (!catchAll) {
                warnings.add(c.name() + " has no rule for every site: findings its rules do not match wait in"
                        + " triage");
            }
        }
        return warnings;
    }

    /** What {@code after} changes against {@code before}, as the audit trail shows it; empty when nothing. */
    public static String changes(RoutingTable.Data before, RoutingTable.Data after) {
        if (before == null) {
            return "first publication: " + after.units().size() + " units, " + after.townships().size()
                    + " township areas, " + after.sites().size() + " sites, " + after.matrix().size() + " rules";
        }
        List<String> parts = new ArrayList<>();
        diff("unit", index(before.units(), RoutingTable.Unit::code, u -> u.name() + "/" + u.kind()),
                index(after.units(), RoutingTable.Unit::code, u -> u.name() + "/" + u.kind()), parts);
        diff("township area", index(before.townships(), RoutingTable.Township::code, t -> ring(t.polygon())),
                index(after.townships(), RoutingTable.Township::code, t -> ring(t.polygon())), parts);
        diff("grid", index(grids(before), RoutingTable.Grid::code, g -> g.name() + ring(g.polygon())),
                index(grids(after), RoutingTable.Grid::code, g -> g.name() + ring(g.polygon())), parts);
        diff("site", index(before.sites(), RoutingTable.Site::siteCode, RoutingTable.Site::township),
                index(after.sites(), RoutingTable.Site::siteCode, RoutingTable.Site::township), parts);
        diff("rule", index(before.matrix(), RoutingValidation::ruleKey, RoutingValidation::ruleValue),
                index(after.matrix(), RoutingValidation::ruleKey, RoutingValidation::ruleValue), parts);
        return String.join("; ", parts);
    }

    private static String ruleKey(RoutingTable.Rule r) {
        return r.category() + "/" + Objects.toString(r.subcategory(), "*") + "@" + Objects.toString(r.siteType(), "*");
    }

    private static String ruleValue(RoutingTable.Rule r) {
        return r.lead() + "+" + r.supporting();
    }

    private static List<RoutingTable.Grid> grids(RoutingTable.Data data) {
        return data.townships().stream().flatMap(t -> t.grids().stream()).toList();
    }

    private static String ring(List<double[]> polygon) {
        return polygon.stream().map(Arrays::toString).toList().toString();
    }

    private static <T> Map<String, String> index(List<T> items, java.util.function.Function<T, String> key,
            java.util.function.Function<T, String> value) {
        Map<String, String> map = new LinkedHashMap<>();
        items.forEach(item -> map.put(key.apply(item), value.apply(item)));
        return map;
    }

    private static void diff(String what, Map<String, String> before, Map<String, String> after, List<String> parts) {
        Set<String> added = new TreeSet<>(after.keySet());
        added.removeAll(before.keySet());
        Set<String> removed = new TreeSet<>(before.keySet());
        removed.removeAll(after.keySet());
        Set<String> changed = new TreeSet<>();
        after.forEach((k, v) -> {
            if (before.containsKey(k) && !before.get(k).equals(v)) {
                changed.add(k);
            }
        });
        if (!added.isEmpty()) {
            parts.add("added " + what + "s " + added);
        }
        if (!removed.isEmpty()) {
            parts.add("removed " + what + "s " + removed);
        }
        if (!changed.isEmpty()) {
            parts.add("changed " + what + "s " + changed);
        }
    }

    private static <E extends Enum<E>> boolean isEnum(Class<E> type, String name) {
        return name != null && Arrays.stream(type.getEnumConstants()).anyMatch(e -> e.name().equals(name));
    }

    private static String point(double x, double y) {
        return String.format("[%.5f, %.5f]", x, y);
    }
}
