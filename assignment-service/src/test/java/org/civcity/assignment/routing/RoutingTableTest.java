package org.civcity.assignment.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Routing on the sample district: matrix specificity, polygon edges, the site registry and triage. */
class RoutingTableTest {

    private static RoutingTable table;

    @BeforeAll
    static void load() throws Exception {
        try (InputStream in = RoutingTableTest.class.getResourceAsStream("/routing/district.json")) {
            table = RoutingTable.load(in, new ObjectMapper());
        }
    }

    @ParameterizedTest(name = "({0}, {1}) is in {2}")
    @CsvSource({
        "30.27, 120.13, XINHUA_SUBDISTRICT",
        "30.27, 120.19, RENMIN_SUBDISTRICT",
        // the shared edge belongs to the eastern/northern neighbour only, never to both
        "30.27, 120.16, RENMIN_SUBDISTRICT",
        "30.25, 120.13, XINHUA_SUBDISTRICT",
        "30.30, 120.13, HEPING_TOWNSHIP",
        // a corner of the irregular polygon and points just outside the district
        "30.39, 120.16, HEPING_TOWNSHIP",
        "30.41, 120.16, ",
        "30.27, 120.2201, ",
        "30.2499, 120.13, "
    })
    void findsTheTownshipOfAPoint(double latitude, double longitude, String township) {
        assertEquals(township, table.township(null, latitude, longitude));
    }

    @Test
    void fallsBackToTheSiteRegistry() {
        assertEquals("RENMIN_SUBDISTRICT", table.township("FM-EASTGATE", null, null));
        assertEquals("RENMIN_SUBDISTRICT", table.township("FM-EASTGATE", 10.0, 10.0));
        assertNull(table.township("UNKNOWN-SITE", null, null));
        assertNull(table.township(null, null, null));
    }

    @Test
    void theMostSpecificRuleWins() {
        assertEquals("URBAN_MANAGEMENT", lead("SANITATION", null, "BACK_ALLEY"));
        assertEquals("MARKET_REGULATION", lead("SANITATION", null, "MALL_SUPERMARKET"));
        assertEquals("MARKET_REGULATION", lead("SANITATION", "FOOD_HYGIENE", "BACK_ALLEY"));
        assertEquals("TRAFFIC_POLICE", lead("TRAFFIC_ORDER", "PARKING", "MAIN_ROAD"));
        assertEquals(List.of("ECOLOGY_ENVIRONMENT"), table.route("SANITATION", null, "BACK_ALLEY", null, 30.27,
                120.13).orElseThrow().supporting());
        assertEquals("XINHUA_SUBDISTRICT", table.route("SANITATION", null, "BACK_ALLEY", null, 30.27, 120.13)
                .orElseThrow().township());
    }

    @Test
    void noRuleMeansTriage() {
        assertTrue(table.route("CIVIC_CONDUCT", null, "FARMERS_MARKET", null, 30.27, 120.13).isEmpty());
    }

    @Test
    void dataNamingUnknownUnitsIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new RoutingTable(new RoutingTable.Data("v",
                List.of(new RoutingTable.Unit("A", "A", "DEPARTMENT")), List.of(), List.of(),
                List.of(new RoutingTable.Rule("SANITATION", null, null, "B", List.of())))));
    }

    private static String lead(String category, String subcategory, String siteType) {
        return table.route(category, subcategory, siteType, null, null, null).orElseThrow().lead();
    }

    @Test
    void theBundledDataIsPublishable() {
        assertEquals(List.of(), RoutingValidation.problems(table.data()));
        assertEquals(List.of("CIVIC_CONDUCT has no rule for every site: findings its rules do not match wait in"
                + " triage"), RoutingValidation.warnings(table.data()));
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
        "0 0, 1 0, 1 1                 | needs at least 4 points, the last repeating the first",
        "0 0, 1 0, 1 1, 0 1            | is not closed: the last point must repeat the first",
        "0 0, 1 0, 2 0, 0 0            | encloses no area",
        "0 0, 1 1, 1 0, 0 1, 0 0       | crosses itself: edge 1 meets edge 3",
        "0 0, 200 0, 200 1, 0 0        | every point is [longitude, latitude] inside [-180, 180] x [-90, 90]",
        "0 0, 1 0, 1 1, 0 1, 0 0       | ",
    })
    void aTownshipAreaIsASimpleClosedPolygon(String points, String problem) {
        List<double[]> ring = java.util.Arrays.stream(points.split(",")).map(p -> p.trim().split(" "))
                .map(p -> new double[] {Double.parseDouble(p[0]), Double.parseDouble(p[1])}).toList();
        assertEquals(problem, RoutingValidation.polygonProblem(ring));
    }

    @Test
    void neighboursSharingAnEdgeDoNotOverlap() {
        // The sample district's Xinhua and Renmin share the meridian 120.16: valid; moving Renmin west overlaps.
        RoutingTable.Data data = table.data();
        List<RoutingTable.Township> moved = new java.util.ArrayList<>(data.townships());
        moved.set(1, new RoutingTable.Township("RENMIN_SUBDISTRICT", List.of(new double[] {120.159, 30.25},
                new double[] {120.22, 30.25}, new double[] {120.22, 30.3}, new double[] {120.159, 30.3},
                new double[] {120.159, 30.25})));
        List<String> problems = RoutingValidation.problems(new RoutingTable.Data("v2", data.units(), moved,
                data.sites(), data.matrix())).stream().map(e -> e.field() + ": " + e.message()).toList();
        assertEquals(List.of("routing.townships[1].polygon: RENMIN_SUBDISTRICT overlaps XINHUA_SUBDISTRICT around"
                + " [120.15950, 30.27500]"), problems);
    }

    @ParameterizedTest(name = "({0}, {1}) is in grid {2}")
    @CsvSource({
        "30.27, 120.11, XINHUA_COMMUNITY_GRID_1",
        "30.27, 120.13, DONGFENG_COMMUNITY_GRID_1",
        // the shared edge belongs to the eastern grid only
        "30.27, 120.125, DONGFENG_COMMUNITY_GRID_1",
        // Renmin has no grids drawn
        "30.27, 120.19, "
    })
    void findsTheGridOfAPointWithinItsTownship(double latitude, double longitude, String grid) {
        assertEquals(grid, table.route("SANITATION", null, "BACK_ALLEY", null, latitude, longitude).orElseThrow()
                .grid());
        assertEquals(grid == null ? java.util.Optional.empty() : java.util.Optional.of(grid.startsWith("XINHUA")
                ? "新华社区第一网格" : "东风社区第一网格"), grid == null ? java.util.Optional.empty() : table.name(grid));
    }

    @Test
    void gridsLieInsideTheirTownshipAndDoNotOverlap() {
        RoutingTable.Data data = table.data();
        RoutingTable.Township xinhua = data.townships().get(0);
        List<double[]> wide = List.of(new double[] {120.1, 30.25}, new double[] {120.17, 30.25},
                new double[] {120.17, 30.3}, new double[] {120.1, 30.3}, new double[] {120.1, 30.25});
        List<RoutingTable.Township> townships = new java.util.ArrayList<>(data.townships());
        townships.set(0, new RoutingTable.Township(xinhua.code(), xinhua.polygon(), List.of(
                xinhua.grids().get(0),
                new RoutingTable.Grid("SPILL_GRID", "越界网格", wide),
                new RoutingTable.Grid("XINHUA_SUBDISTRICT", " ", xinhua.grids().get(1).polygon()))));
        List<String> problems = RoutingValidation.problems(new RoutingTable.Data("v3", data.units(), townships,
                data.sites(), data.matrix())).stream().map(e -> e.field() + ": " + e.message()).toList();
        assertEquals(List.of(
                "routing.townships[0].grids[1].polygon: SPILL_GRID reaches outside XINHUA_SUBDISTRICT around"
                        + " [120.16500, 30.27500]",
                "routing.townships[0].grids[1].polygon: SPILL_GRID overlaps XINHUA_COMMUNITY_GRID_1 around"
                        + " [120.11250, 30.27500]",
                "routing.townships[0].grids[2].code: XINHUA_SUBDISTRICT is already a unit's or a grid's",
                "routing.townships[0].grids[2].name: XINHUA_SUBDISTRICT has no name",
                "routing.townships[0].grids[2].polygon: XINHUA_SUBDISTRICT overlaps SPILL_GRID around"
                        + " [120.14250, 30.27500]"), problems);
    }
}
