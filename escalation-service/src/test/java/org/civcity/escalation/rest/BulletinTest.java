package org.civcity.escalation.rest;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.civcity.testsupport.CloudEventRecords.cloudEvent;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.civcity.contracts.CaseClosed;
import org.civcity.contracts.Category;
import org.civcity.contracts.EventTypes;
import org.civcity.contracts.FindingAssigned;
import org.civcity.contracts.Severity;
import org.civcity.contracts.SiteListed;
import org.civcity.contracts.SiteType;
import org.civcity.contracts.Topics;
import org.civcity.shared.security.Roles;
import org.civcity.testsupport.EmbeddedInfrastructure;
import org.civcity.testsupport.InfrastructureResource;
import org.civcity.testsupport.OidcTestServer;
import org.civcity.testsupport.Tokens;
import org.junit.jupiter.api.Test;

/**
 * The monthly bulletin (通报): the workbook is opened again and read cell by cell, the printable page checked, bad
 * periods and formats refused.
 */
@QuarkusTest
@QuarkusTestResource(value = InfrastructureResource.class,
        initArgs = {@ResourceArg(name = "database", value = "escalation"),
            @ResourceArg(name = "runtime-role", value = "escalation_runtime")})
@QuarkusTestResource(OidcTestServer.class)
class BulletinTest {

    private static final String SUPERVISOR = Tokens.user(Roles.SUPERVISOR);
    private static final String LEADER = Tokens.user(Roles.LEADER);
    private static final String RECORDS = "/api/v1/accountability-records";

    @Inject
    ObjectMapper mapper;

    @Test
    void theMonthsBulletinListsRankingsEscalationsWithTheirDispositionsAndListedSites() throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 6).toUpperCase();
        String unit = "BDEPT_" + suffix;
        String township = "BTOWN_" + suffix;
        String unitName = "通报测试局" + suffix;
        String townshipName = "通报测试街道" + suffix;
        // One case overdue at once (level 1 fires at the deadline), with a talk recorded as what followed.
        UUID overdue = UUID.randomUUID();
        assign(overdue, unit, township, unitName, townshipName, Instant.now().minusSeconds(30));
        Map<String, Object> escalation = await().atMost(Duration.ofSeconds(30)).until(() -> records(overdue).stream()
                .filter(r -> "RECTIFICATION_OVERDUE".equals(r.get("reason"))).findFirst(), Optional::isPresent)
                .orElseThrow();
        given().auth().oauth2(SUPERVISOR).contentType(ContentType.JSON)
                .body("{\"kind\": \"TALK\", \"subject\": \"王某（" + unitName + "局长）\", \"reason\": \"约谈整改\"}")
                .post(RECORDS + "/" + escalation.get("id") + "/dispositions").then().statusCode(201);
        // One site listed on another case of the unit, a recurrence.
        UUID listedCase = UUID.randomUUID();
        assign(listedCase, unit, township, unitName, townshipName, Instant.now().plusSeconds(3600), 2);
        // And one case fixed before its deadline.
        UUID fixed = UUID.randomUUID();
        assign(fixed, unit, township, unitName, townshipName, Instant.now().plusSeconds(3600));
        EmbeddedInfrastructure.kafkaCompanion().produceStrings().fromRecords(cloudEvent(Topics.CASES,
                UUID.randomUUID(), EventTypes.CASE_CLOSED, fixed.toString(), mapper.writeValueAsString(new CaseClosed(
                        fixed, 1, unit, CaseClosed.Outcome.FIXED, null, Instant.now(), "office")))).awaitCompletion();
        String site = "通报测试后巷" + suffix;
        Instant listedAt = Instant.now();
        EmbeddedInfrastructure.kafkaCompanion().produceStrings().fromRecords(cloudEvent(Topics.SITES,
                UUID.randomUUID(), EventTypes.SITE_LISTED, listedCase.toString(), mapper.writeValueAsString(
                        new SiteListed(UUID.randomUUID(), listedCase, "code:" + suffix, SiteType.BACK_ALLEY, site,
                                suffix, township, null, unit, 3, "P180D", List.of(listedCase), listedAt,
                                listedAt.plusSeconds(3600), "PT1H")))).awaitCompletion();
        await().atMost(Duration.ofSeconds(20)).until(() -> records(listedCase).stream()
                .anyMatch(r -> "SITE_LISTED".equals(r.get("reason"))));

        // Two evaluation rounds elsewhere: the earlier found a compound (by its code) and a back alley (by its name),
        // the later the same compound again and a market twice.
        String first = "2026年第一轮-" + suffix;
        String second = "2026年第二轮-" + suffix;
        String east = "BRT_EAST_" + suffix;
        String west = "BRT_WEST_" + suffix;
        Map<String, String> roundNames = Map.of(east, "东片街道" + suffix, west, "西片街道" + suffix);
        Instant earlier = Instant.now().minusSeconds(7200);
        Instant later = Instant.now().minusSeconds(3600);
        roundCase(first, SiteType.RESIDENTIAL_COMPOUND, "RC-" + suffix, "幸福小区" + suffix, east, "2.0", earlier,
                roundNames);
        roundCase(first, SiteType.BACK_ALLEY, null, "人民巷" + suffix, east, "1.5", earlier, roundNames);
        roundCase(second, SiteType.RESIDENTIAL_COMPOUND, "RC-" + suffix, "幸福小区" + suffix, east, "1.0", later,
                roundNames);
        roundCase(second, SiteType.FARMERS_MARKET, "FM-" + suffix, "东门菜场" + suffix, west, "0.5", later,
                roundNames);
        roundCase(second, SiteType.FARMERS_MARKET, "FM-" + suffix, "东门菜场" + suffix, west, "0.5", later,
                roundNames);

        // Thirty seconds overdue, the test ladder's levels 1, 2 and 4 (3 names no one) are all due already.
        await().atMost(Duration.ofSeconds(30)).until(() -> records(overdue).stream()
                .filter(r -> ((Integer) r.get("level")) > 0 && r.get("disposition") == null).count() == 3);
        String series = "series.find { it.township == '" + township + "' }";
        await().atMost(Duration.ofSeconds(20)).until(() -> given().auth().oauth2(LEADER).get("/api/v1/trends").then()
                .statusCode(200).extract().jsonPath().getList(series + ".weeks.closedOnTime", Integer.class)
                .contains(1));
        String period = YearMonth.now(ZoneId.of("Asia/Shanghai")).toString();
        // The rounds' five dispatches are read on their own partitions: wait until all five are in.
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            JsonPath live = given().auth().oauth2(LEADER).accept(ContentType.JSON).get("/api/v1/bulletins/" + period)
                    .then().statusCode(200).extract().jsonPath();
            return second.equals(live.getString("rounds.round")) && live.getInt("rounds.findings") == 3
                    && live.getInt("rounds.previousFindings") == 2;
        });
        byte[] file = given().auth().oauth2(LEADER).queryParam("format", "xlsx").get("/api/v1/bulletins/" + period)
                .then().statusCode(200).contentType(BulletinResource.XLSX)
                .header("Content-Disposition", containsString("bulletin-" + period + ".xlsx"))
                .extract().asByteArray();
        try (XSSFWorkbook workbook = new XSSFWorkbook(new ByteArrayInputStream(file))) {
            List<String> sheets = new ArrayList<>();
            workbook.forEach(s -> sheets.add(s.getSheetName()));
            assertEquals(List.of("部门红黑榜", "街镇红黑榜", "逾期升级", "挂牌督办", "测评轮次对比", "每周趋势", "台账锚点"),
                    sheets);
            Sheet departments = workbook.getSheet("部门红黑榜");
            assertEquals(period + " 一、部门红黑榜（牵头部门）", departments.getRow(0).getCell(0).getStringCellValue());
            assertEquals(List.of("名次", "单位", "榜单", "得分", "到期案件", "按时办结", "按时办结率", "逾期升级", "返工",
                    "复发", "评估扣分", "追责问责"), strings(departments.getRow(1)));
            Row department = row(departments, 1, unitName);
            assertEquals(CellType.NUMERIC, department.getCell(0).getCellType(), "rank is a number");
            assertEquals(3.0, department.getCell(4).getNumericCellValue(), "due this month: the three cases");
            assertEquals(1.0, department.getCell(5).getNumericCellValue(), "closed on time");
            assertEquals("33%", department.getCell(6).getStringCellValue());
            assertEquals(3.0, department.getCell(7).getNumericCellValue(), "escalations");
            assertEquals(1.0, department.getCell(11).getNumericCellValue(), "dispositions");
            assertNotNull(row(workbook.getSheet("街镇红黑榜"), 1, townshipName), "the township is ranked too");

            Row escalated = row(workbook.getSheet("逾期升级"), 10, overdue.toString());
            double sequence = ((Number) escalation.get("sequence")).doubleValue();
            assertEquals(sequence, escalated.getCell(0).getNumericCellValue());
            assertEquals(unitName, escalated.getCell(2).getStringCellValue());
            assertEquals("第1级", escalated.getCell(3).getStringCellValue());
            assertEquals("整改逾期", escalated.getCell(4).getStringCellValue());
            assertEquals("约谈", escalated.getCell(7).getStringCellValue());
            assertEquals("王某（" + unitName + "局长）", escalated.getCell(8).getStringCellValue());
            assertEquals("约谈整改", escalated.getCell(9).getStringCellValue());

            Row listed = row(workbook.getSheet("挂牌督办"), 0, site);
            assertEquals(List.of(site, "背街小巷", townshipName, unitName), strings(listed).subList(0, 4));
            assertEquals(3.0, listed.getCell(4).getNumericCellValue());
            assertEquals("督办中", listed.getCell(7).getStringCellValue());

            // The later round against the earlier: worse, by site type and township, and the points.
            Sheet rounds = workbook.getSheet("测评轮次对比");
            assertEquals(period + " 五、测评轮次对比（" + second + " 对比 " + first + "）",
                    rounds.getRow(0).getCell(0).getStringCellValue());
            assertEquals(List.of("维度", "项目", "上轮", "本轮", "增减"), strings(rounds.getRow(1)));
            assertEquals(List.of("合计", "问题数（变差）", "2.0", "3.0", "1.0"), strings(row(rounds, 1, "问题数（变差）")));
            assertEquals(List.of("合计", "扣分", "3.5", "2.0", "-1.5"), strings(row(rounds, 1, "扣分")));
            assertEquals(List.of("点位类型", "小区", "1.0", "1.0", "0.0"), strings(row(rounds, 1, "小区")));
            assertEquals(List.of("点位类型", "背街小巷", "1.0", "0.0", "-1.0"), strings(row(rounds, 1, "背街小巷")));
            assertEquals(List.of("点位类型", "农贸市场", "0.0", "2.0", "2.0"), strings(row(rounds, 1, "农贸市场")));
            assertEquals(List.of("属地街镇", "东片街道" + suffix, "2.0", "1.0", "-1.0"),
                    strings(row(rounds, 1, "东片街道" + suffix)));
            assertEquals(List.of("属地街镇", "西片街道" + suffix, "0.0", "2.0", "2.0"),
                    strings(row(rounds, 1, "西片街道" + suffix)));
            assertEquals(List.of("点位", "新增问题点位", "", "1.0", ""), strings(row(rounds, 1, "新增问题点位")));
            assertEquals(List.of("点位", "再次发现（屡改屡犯）：幸福小区" + suffix, "", "1.0", ""),
                    strings(row(rounds, 1, "再次发现（屡改屡犯）：幸福小区" + suffix)));
            assertEquals(List.of("点位", "本轮未再发现", "1.0", "", ""), strings(row(rounds, 1, "本轮未再发现")));

            // The township's weeks: three dispatched (one a recurrence), one fixed on time, one overdue.
            Sheet weekly = workbook.getSheet("每周趋势");
            assertEquals(List.of("范围", "周（起始日）", "新派遣问题", "按时整改", "逾期", "复发"), strings(weekly.getRow(1)));
            double[] sums = new double[4];
            for (int r = 2; r <= weekly.getLastRowNum(); r++) {
                if (townshipName.equals(weekly.getRow(r).getCell(0).getStringCellValue())) {
                    for (int c = 0; c < 4; c++) {
                        sums[c] += weekly.getRow(r).getCell(2 + c).getNumericCellValue();
                    }
                }
            }
            assertEquals(List.of(3.0, 1.0, 1.0, 1.0), List.of(sums[0], sums[1], sums[2], sums[3]));
            assertEquals("全区", weekly.getRow(2).getCell(0).getStringCellValue(), "the district comes first");

            Row anchor = workbook.getSheet("台账锚点").getRow(2);
            assertTrue(anchor.getCell(0).getNumericCellValue() >= sequence);
            assertTrue(anchor.getCell(1).getStringCellValue().matches("[0-9a-f]{64}"));
        }

        // The printable page shows the same, in Chinese, with its print stylesheet.
        String page = given().auth().oauth2(SUPERVISOR).accept("text/html").get("/api/v1/bulletins/" + period)
                .then().statusCode(200).contentType(containsString("text/html")).extract().asString();
        assertTrue(page.contains("全国文明城市创建工作通报（" + period + "）"), page);
        assertTrue(page.contains("@media print"), page);
        assertTrue(page.contains("<td>" + site + "</td>"), page);
        assertTrue(page.contains("王某（" + unitName + "局长）"), page);
        assertTrue(page.contains("<figure data-township=\"" + township + "\"><figcaption>" + townshipName), page);
        assertTrue(page.contains("<polyline fill=\"none\" stroke-width=\"2\" stroke=\"#b71c1c\" class=\"overdue\""),
                page);

        // The same weeks, week by week, on the API and on the board.
        JsonPath trend = given().auth().oauth2(LEADER).queryParam("weeks", 4)
                .get("/api/v1/trends").then().statusCode(200).body(series + ".name", equalTo(townshipName))
                .body("weeks.size()", equalTo(4)).body(series + ".weeks.size()", equalTo(4))
                .body("series[0].township", equalTo("ALL")).extract().jsonPath();
        assertEquals(List.of(3, 1, 1, 1), List.of("reported", "closedOnTime", "overdue", "recurring").stream()
                .map(k -> trend.getList(series + ".weeks." + k, Integer.class).stream().mapToInt(i -> i).sum())
                .toList());
        given().auth().oauth2(SUPERVISOR).get("/api/v1/board").then().statusCode(200)
                .body("trends.weeks.size()", equalTo(12));
        given().auth().oauth2(LEADER).queryParam("weeks", 0).get("/api/v1/trends").then().statusCode(400)
                .contentType("application/problem+json");
        given().auth().oauth2(Tokens.handler(unit)).get("/api/v1/trends").then().statusCode(403);
        given().auth().oauth2(LEADER).accept(ContentType.JSON).get("/api/v1/bulletins/" + period).then()
                .statusCode(200).body("period", equalTo(period))
                .body("listedSites.find { it.siteName == '" + site + "' }.recurrences", equalTo(3));

        // Bad input is named; reporters and handlers see no bulletin.
        given().auth().oauth2(LEADER).get("/api/v1/bulletins/2026-13").then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo("period"));
        given().auth().oauth2(LEADER).get("/api/v1/bulletins/last-month").then().statusCode(400)
                .contentType("application/problem+json");
        given().auth().oauth2(LEADER).queryParam("format", "pdf").get("/api/v1/bulletins/" + period).then()
                .statusCode(400).contentType("application/problem+json").body("errors[0].field", equalTo("format"));
        given().auth().oauth2(Tokens.handler(unit)).get("/api/v1/bulletins/" + period).then().statusCode(403);
        given().get("/api/v1/bulletins/" + period).then().statusCode(401);
    }

    @Test
    void aPublishedBulletinIsFrozenAnnouncedAndOnlyCorrectedByANewVersion() throws Exception {
        String period = YearMonth.now(ZoneId.of("Asia/Shanghai")).toString();
        String publications = "/api/v1/bulletins/" + period + "/publications";
        ConsumerTask<String, String> announced = EmbeddedInfrastructure.kafkaCompanion().consumeStrings()
                .withProp("auto.offset.reset", "earliest").fromTopics(Topics.ESCALATIONS);
        // Versions already there (a database kept from an earlier run) are corrected, not repeated.
        int before = given().auth().oauth2(LEADER).get(publications).then().statusCode(200).extract().jsonPath()
                .getList("$").size();
        String first = before == 0 ? "{}" : "{\"correction\": \"重新发布\"}";
        int v1 = before + 1;
        int v2 = before + 2;
        try {
            given().auth().oauth2(SUPERVISOR).contentType(ContentType.JSON).body(first).post(publications).then()
                    .statusCode(201).header("Location", containsString(publications + "/" + v1))
                    .body("version", equalTo(v1)).body("path", equalTo(publications + "/" + v1))
                    .body("ledgerHash", matchesPattern("([0-9a-f]{64})?"));
            ConsumerRecord<String, String> event = await().atMost(Duration.ofSeconds(20)).until(() -> announced
                    .getRecords().stream().filter(r -> ("bulletin:" + period).equals(r.key())
                            && new JsonPath(r.value()).getInt("version") == v1).findFirst(),
                    Optional::isPresent).orElseThrow();
            JsonPath data = new JsonPath(event.value());
            assertEquals(EventTypes.BULLETIN_PUBLISHED, new String(event.headers().lastHeader("ce_type").value(),
                    StandardCharsets.UTF_8));
            assertEquals(period, data.getString("period"));
            assertEquals(v1, data.getInt("version"));
            assertEquals(publications + "/" + v1, data.getString("path"));

            // Frozen: what happens after publication shows in the live bulletin, not in the published one.
            int frozen = reported(given().auth().oauth2(LEADER).accept(ContentType.JSON).get(publications + "/" + v1));
            assign(UUID.randomUUID(), "BPUB_DEPT", "BPUB_TOWN", "发布测试局", "发布测试街道",
                    Instant.now().plusSeconds(3600));
            await().atMost(Duration.ofSeconds(20)).until(() -> reported(given().auth().oauth2(LEADER)
                    .accept(ContentType.JSON).get("/api/v1/bulletins/" + period)) > frozen);
            assertEquals(frozen, reported(given().auth().oauth2(LEADER).accept(ContentType.JSON)
                    .get(publications + "/" + v1)));

            // Publishing again is a correction: refused without its reason, then a second version beside the first.
            given().auth().oauth2(SUPERVISOR).contentType(ContentType.JSON).body("{}").post(publications).then()
                    .statusCode(409).contentType("application/problem+json")
                    .body("detail", containsString("needs the correction's reason"));
            given().auth().oauth2(SUPERVISOR).contentType(ContentType.JSON)
                    .body("{\"correction\": \"补录月底派遣的问题\"}").post(publications).then().statusCode(201)
                    .body("version", equalTo(v2)).body("correction", equalTo("补录月底派遣的问题"));
            given().auth().oauth2(LEADER).get(publications).then().statusCode(200)
                    .body("size()", equalTo(v2)).body("[" + (v2 - 1) + "].correction", equalTo("补录月底派遣的问题"));
            await().atMost(Duration.ofSeconds(20)).until(() -> announced.getRecords().stream()
                    .anyMatch(r -> ("bulletin:" + period).equals(r.key())
                            && new JsonPath(r.value()).getInt("version") == v2));
            // Unit staff read what was published (the units it names answer for it), not the live bulletin.
            byte[] file = given().auth().oauth2(Tokens.handler("BDEPT")).queryParam("format", "xlsx")
                    .get(publications + "/" + v2).then().statusCode(200)
                    .header("Content-Disposition", containsString("bulletin-" + period + "-v" + v2 + ".xlsx"))
                    .extract().asByteArray();
            try (XSSFWorkbook workbook = new XSSFWorkbook(new ByteArrayInputStream(file))) {
                assertEquals(period + " 七、问责台账锚点", workbook.getSheet("台账锚点").getRow(0).getCell(0)
                        .getStringCellValue());
            }
            // The printable page as published.
            assertTrue(given().auth().oauth2(LEADER).get(publications + "/" + v1 + "?format=html").then()
                    .statusCode(200).extract().asString().contains("全国文明城市创建工作通报（" + period + "）"));
            given().auth().oauth2(Tokens.handler("BDEPT")).get("/api/v1/bulletins/" + period).then().statusCode(403);
        } finally {
            announced.close();
        }

        // Bad requests change nothing.
        given().auth().oauth2(LEADER).get(publications + "/" + (v2 + 1)).then().statusCode(404)
                .contentType("application/problem+json");
        String future = YearMonth.now(ZoneId.of("Asia/Shanghai")).plusMonths(1).toString();
        given().auth().oauth2(SUPERVISOR).contentType(ContentType.JSON).body("{}")
                .post("/api/v1/bulletins/" + future + "/publications").then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo("period"));
        given().auth().oauth2(SUPERVISOR).contentType(ContentType.JSON).body("{}")
                .post("/api/v1/bulletins/2026-13/publications").then().statusCode(400);
        given().auth().oauth2(LEADER).contentType(ContentType.JSON).body("{}").post(publications).then()
                .statusCode(403);
        given().auth().oauth2(LEADER).get(publications).then().statusCode(200).body("size()", equalTo(v2));
    }

    /** Findings dispatched in the bulletin's weeks, district-wide. */
    private static int reported(Response bulletin) {
        return bulletin.then().statusCode(200).extract().jsonPath()
                .getList("trends.series[0].weeks.reported", Integer.class).stream().mapToInt(i -> i).sum();
    }

    /** The row whose cell {@code column} reads {@code value}, below the two heading rows. */
    private static Row row(Sheet sheet, int column, String value) {
        for (int r = 2; r <= sheet.getLastRowNum(); r++) {
            Cell cell = sheet.getRow(r).getCell(column);
            if (cell != null && cell.getCellType() == CellType.STRING && value.equals(cell.getStringCellValue())) {
                return sheet.getRow(r);
            }
        }
        throw new AssertionError("no row of " + sheet.getSheetName() + " reads " + value);
    }

    private static List<String> strings(Row row) {
        List<String> values = new ArrayList<>();
        row.forEach(c -> values.add(c.getCellType() == CellType.STRING ? c.getStringCellValue()
                : String.valueOf(c.getNumericCellValue())));
        return values;
    }

    private static List<Map<String, Object>> records(UUID findingId) {
        return given().auth().oauth2(SUPERVISOR).queryParam("findingId", findingId.toString()).get(RECORDS).then()
                .statusCode(200).extract().jsonPath().getList("$");
    }

    /** A case of an evaluation round, dispatched at {@code at} and due in a day. */
    private void roundCase(String round, SiteType siteType, String siteCode, String siteName, String township,
            String points, Instant at, Map<String, String> names) throws Exception {
        UUID findingId = UUID.randomUUID();
        String data = mapper.writeValueAsString(new FindingAssigned(findingId, 1, "BROUND_DEPT", township, List.of(),
                Category.SANITATION, Severity.MEDIUM, siteType, siteName, at, at.plusSeconds(86400),
                at.plusSeconds(86400), "bulletin-1", 0, names, null, new BigDecimal(points), null, null, siteCode,
                round));
        EmbeddedInfrastructure.kafkaCompanion().produceStrings().fromRecords(cloudEvent(Topics.CASES,
                UUID.randomUUID(), EventTypes.FINDING_ASSIGNED, findingId.toString(), data)).awaitCompletion();
    }

    private void assign(UUID findingId, String unit, String township, String unitName, String townshipName,
            Instant rectifyBy) throws Exception {
        assign(findingId, unit, township, unitName, townshipName, rectifyBy, 0);
    }

    private void assign(UUID findingId, String unit, String township, String unitName, String townshipName,
            Instant rectifyBy, int repeatCount) throws Exception {
        Instant dispatchedAt = Instant.now().minusSeconds(60);
        String data = mapper.writeValueAsString(new FindingAssigned(findingId, 1, unit, township, List.of(),
                Category.SANITATION, Severity.HIGH, SiteType.BACK_ALLEY, "通报测试后巷", dispatchedAt,
                dispatchedAt.plusSeconds(3600), rectifyBy, "bulletin-1", repeatCount,
                Map.of(unit, unitName, township, townshipName), null, null));
        EmbeddedInfrastructure.kafkaCompanion().produceStrings().fromRecords(cloudEvent(Topics.CASES,
                UUID.randomUUID(), EventTypes.FINDING_ASSIGNED, findingId.toString(), data)).awaitCompletion();
    }
}
