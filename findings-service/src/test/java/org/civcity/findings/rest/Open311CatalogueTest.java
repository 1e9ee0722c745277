package org.civcity.findings.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.civcity.contracts.Category;
import org.civcity.contracts.FindingSource;
import org.civcity.contracts.Severity;
import org.civcity.contracts.SiteType;
import org.civcity.findings.api.FindingRequest;
import org.civcity.shared.problem.ProblemException;
import org.civcity.shared.security.Caller;
import org.civcity.shared.security.Roles;
import org.junit.jupiter.api.Test;

/** How an Open311 GeoReport v2 service request becomes a finding, without the service running. */
class Open311CatalogueTest {

    private static final ZonedDateTime NOW = ZonedDateTime.of(2026, 12, 1, 12, 30, 0, 0, ZoneId.of("Asia/Shanghai"));
    private static final Caller SYSTEM = new Caller("service-account-grid-app", Set.of(Roles.REPORTER), "home", null,
            "grid-app");
    private static final Caller OFFICE = new Caller("supervisor", Set.of(Roles.SUPERVISOR, Roles.REPORTER), "home",
            null,
            "civcity-cli");

    private static Map<String, String> request() {
        Map<String, String> f = new HashMap<>();
        f.put("service_code", "SANITATION.WASTE");
        f.put("lat", "30.2741");
        f.put("long", " 120.1551 ");
        f.put("description", "垃圾桶满溢");
        return f;
    }

    @Test
    void aMinimalRequestGetsTheDocumentedDefaults() {
        FindingRequest r = Open311Catalogue.toFinding(request(), SYSTEM, "key-1", NOW);
        assertEquals(FindingSource.CITIZEN_REPORT, r.source());
        assertEquals("grid-app", r.sourceSystem(), "a machine reporter posts as its own client");
        assertEquals("open311:key-1", r.sourceReference());
        assertEquals(Category.SANITATION, r.category());
        assertEquals("WASTE", r.subcategory());
        assertEquals(SiteType.COMMUNITY, r.siteType());
        assertEquals(Severity.MEDIUM, r.severity());
        assertEquals("30.274100, 120.155100", r.siteName(), "without a name or address the point names the site");
        assertEquals(30.2741, r.latitude());
        assertEquals(120.1551, r.longitude());
        assertEquals(NOW.toOffsetDateTime(), r.observedAt());
        assertTrue(r.evidence().isEmpty());
        assertNull(r.reporter());
    }

    @Test
    void attributesCarryOurSiteModel() {
        Map<String, String> f = request();
        f.put("attribute[site_type]", "FARMERS_MARKET");
        f.put("attribute[severity]", "HIGH");
        f.put("attribute[site_name]", "民生农贸市场");
        f.put("attribute[site_code]", "FM-007");
        f.put("address_string", "民生路 12 号");
        f.put("media_url", "https://evidence.example.gov.cn/1.jpg");
        f.put("first_name", "张");
        f.put("last_name", " ");
        FindingRequest r = Open311Catalogue.toFinding(f, OFFICE, null, NOW);
        assertEquals("open311", r.sourceSystem(), "the office posts for the public hotline");
        assertTrue(r.sourceReference().startsWith("open311-"), "no key: a reference of its own");
        assertEquals(SiteType.FARMERS_MARKET, r.siteType());
        assertEquals(Severity.HIGH, r.severity());
        assertEquals("民生农贸市场", r.siteName());
        assertEquals("FM-007", r.siteCode());
        assertEquals("民生路 12 号", r.siteAddress());
        assertEquals("https://evidence.example.gov.cn/1.jpg", r.evidence().get(0).url());
        assertEquals("张", r.reporter());
    }

    @Test
    void anAddressAloneIsEnoughAndNamesTheSite() {
        Map<String, String> f = request();
        f.remove("lat");
        f.remove("long");
        f.put("address_string", "解放路 3 号");
        FindingRequest r = Open311Catalogue.toFinding(f, SYSTEM, "k", NOW);
        assertEquals("解放路 3 号", r.siteName());
        assertNull(r.latitude());
    }

    @Test
    void refusalsAre400s() {
        assertRefused(Map.of("service_code", " "), "service_code is required");
        Map<String, String> unknown = request();
        unknown.put("service_code", "SANITATION.NOT_A_THING");
        assertRefused(unknown, "service_code SANITATION.NOT_A_THING is not a known service");
        Map<String, String> nowhere = request();
        nowhere.remove("long");
        assertRefused(nowhere, "lat and long, or address_string, are required");
        Map<String, String> notANumber = request();
        notANumber.put("lat", "north");
        assertRefused(notANumber, "lat must be a number");
        Map<String, String> badChoice = request();
        badChoice.put("attribute[severity]", "APOCALYPTIC");
        assertRefused(badChoice, "attribute[severity] APOCALYPTIC is not a valid value");
    }

    @Test
    void ourFieldNamesAreReportedInOpen311Terms() {
        assertEquals("lat", Open311Catalogue.open311Name("latitude"));
        assertEquals("attribute[site_type]", Open311Catalogue.open311Name("siteType"));
        assertEquals("media_url", Open311Catalogue.open311Name("evidence[0].url"));
        assertEquals("unmapped", Open311Catalogue.open311Name("unmapped"));
    }

    @Test
    void serviceCodesReadBothWays() {
        assertEquals("SANITATION.WASTE", Open311Catalogue.code(Category.SANITATION, "WASTE"));
        assertEquals("PUBLICITY", Open311Catalogue.code(Category.PUBLICITY, null));
        assertEquals(new Open311Catalogue.Code(Category.PUBLICITY, null), Open311Catalogue.parse("PUBLICITY"));
    }

    private static void assertRefused(Map<String, String> fields, String detail) {
        ProblemException e = assertThrows(ProblemException.class,
                () -> Open311Catalogue.toFinding(new HashMap<>(fields), SYSTEM, "k", NOW));
        assertEquals(400, e.status());
        assertEquals(detail, e.getMessage());
    }
}
