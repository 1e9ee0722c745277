package org.civcity.findings.rest;

import java.time.ZonedDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.civcity.contracts.Category;
import org.civcity.contracts.FindingSource;
import org.civcity.contracts.Severity;
import org.civcity.contracts.SiteType;
import org.civcity.findings.api.FindingRequest;
import org.civcity.shared.problem.ProblemException;
import org.civcity.shared.security.Caller;
import org.civcity.shared.text.Texts;

/** Open311 service codes (categories and their subcategories) and the mapping of a service request to a finding. */
final class Open311Catalogue {

    /** Subcategory codes offered as their own services, as the campaign's inspection sheets list them. */
    static final Map<Category, List<String>> SUBCATEGORIES = Map.of(
            Category.SANITATION, List.of("WASTE", "LITTER", "PUBLIC_TOILET"),
            Category.TRAFFIC_ORDER, List.of("PARKING", "NON_MOTOR_VEHICLE", "ROAD_OCCUPATION"),
            Category.PUBLIC_SERVICE, List.of("FACILITY_DAMAGED", "ACCESSIBILITY"),
            Category.CIVIC_CONDUCT, List.of("SPITTING", "QUEUE_JUMPING"),
            Category.PUBLICITY, List.of("POSTER_MISSING", "POSTER_DAMAGED"));

    private static final Map<Category, String> CATEGORY_NAMES = Map.of(
            Category.SANITATION, "环境卫生 Sanitation",
            Category.TRAFFIC_ORDER, "交通秩序 Traffic order",
            Category.PUBLIC_SERVICE, "公共服务 Public service",
            Category.CIVIC_CONDUCT, "市民素质 Civic conduct",
            Category.PUBLICITY, "社会氛围 Publicity");

    private static final Map<SiteType, String> SITE_TYPE_NAMES = Map.of(
            SiteType.RESIDENTIAL_COMPOUND, "小区 Residential compound",
            SiteType.BACK_ALLEY, "背街小巷 Back alley",
            SiteType.MAIN_ROAD, "主次干道 Main road",
            SiteType.COMMUNITY, "社区 Community",
            SiteType.FARMERS_MARKET, "农贸市场 Farmers' market",
            SiteType.MALL_SUPERMARKET, "商城超市 Mall or supermarket");

    private static final Map<String, String> OPEN311_NAMES = Map.of(
            "siteType", "attribute[site_type]", "siteName", "attribute[site_name]",
            "siteCode", "attribute[site_code]", "siteAddress", "address_string", "latitude", "lat",
            "longitude", "long", "description", "description", "evidence[0].url", "media_url",
            "reporter", "first_name/last_name", "sourceReference", "Idempotency-Key");

    /** A parsed service code. */
    record Code(Category category, String subcategory) {
    }

    private Open311Catalogue() {
    }

    static String code(Category category, String subcategory) {
        return subcategory == null ? category.name() : category.name() + "." + subcategory;
    }

    static Code parse(String code) {
        String[] parts = code.split("\\.", 2);
        try {
            Category category = Category.valueOf(parts[0]);
            String sub = parts.length > 1 ? parts[1] : null;
            if (sub != null && !SUBCATEGORIES.getOrDefault(category, List.of()).contains(sub)) {
                throw new IllegalArgumentException(sub);
            }
            return new Code(category, sub);
        } catch (IllegalArgumentException e) {
            throw new ProblemException(400, "Bad Request", "service_code " + code + " is not a known service");
        }
    }

    static String categoryName(Category category) {
        return CATEGORY_NAMES.get(category);
    }

    static String serviceName(Category category, String subcategory) {
        return subcategory == null ? categoryName(category)
                : categoryName(category) + " / " + subcategory.toLowerCase().replace('_', ' ');
    }

    static String siteTypeName(SiteType type) {
        return SITE_TYPE_NAMES.get(type);
    }

    static String open311Name(String field) {
        return OPEN311_NAMES.getOrDefault(field, field);
    }

    /** A service request as a finding: the attributes carry our site model, defaults fill what Open311 lacks. */
    static FindingRequest toFinding(Map<String, String> f, Caller caller, String idempotencyKey,
            ZonedDateTime now) {
        String serviceCode = Texts.strippedOrNull(f.get("service_code"));
        if (serviceCode == null) {
            throw new ProblemException(400, "Bad Request", "service_code is required");
        }
        Code code = parse(serviceCode);
        Double lat = number(f, "lat");
        Double lon = number(f, "long");
        String address = Texts.strippedOrNull(f.get("address_string"));
        if ((lat == null || lon == null) && address == null) {
            throw new ProblemException(400, "Bad Request", "lat and long, or address_string, are required");
        }
        SiteType siteType = choice(f, "attribute[site_type]", SiteType.class, SiteType.COMMUNITY);
        Severity severity = choice(f, "attribute[severity]", Severity.class, Severity.MEDIUM);
        String siteName = Texts.strippedOrNull(f.get("attribute[site_name]"));
        if (siteName == null) {
            siteName = address != null ? address : String.format(Locale.ROOT, "%.6f, %.6f", lat, lon);
        }
        boolean machine = caller.isMachineReporter();
        String first = Texts.strippedOrNull(f.get("first_name"));
        String last = Texts.strippedOrNull(f.get("last_name"));
        String reporter = first == null && last == null ? null
                : ((first == null ? "" : first) + " " + (last == null ? "" : last)).strip();
        String media = Texts.strippedOrNull(f.get("media_url"));
        return new FindingRequest(FindingSource.CITIZEN_REPORT, machine ? caller.clientId() : "open311",
                idempotencyKey == null || idempotencyKey.isBlank() ? "open311-" + UUID.randomUUID()
                        : "open311:" + idempotencyKey,
                null, siteType, siteName, Texts.strippedOrNull(f.get("attribute[site_code]")), address, null,
                code.category(), code.subcategory(), severity, Texts.strippedOrNull(f.get("description")),
                now.toOffsetDateTime(), lat, lon,
                media == null ? List.of() : List.of(new FindingRequest.EvidenceItem(media, null, null)), reporter,
                null);
    }

    private static Double number(Map<String, String> f, String name) {
        String value = Texts.strippedOrNull(f.get(name));
        if (value == null) {
            return null;
        }
        try {
            return Double.valueOf(value);
        } catch (NumberFormatException e) {
            throw new ProblemException(400, "Bad Request", name + " must be a number");
        }
    }

    private static <E extends Enum<E>> E choice(Map<String, String> f, String name, Class<E> type, E fallback) {
        String value = Texts.strippedOrNull(f.get(name));
        if (value == null) {
            return fallback;
        }
        try {
            return Enum.valueOf(type, value);
        } catch (IllegalArgumentException e) {
            throw new ProblemException(400, "Bad Request", name + " " + value + " is not a valid value");
        }
    }
}
