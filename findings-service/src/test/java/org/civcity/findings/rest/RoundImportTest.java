package org.civcity.findings.rest;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.civcity.testsupport.CloudEventRecords.cloudEvent;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.civcity.contracts.Category;
import org.civcity.contracts.EventTypes;
import org.civcity.contracts.FindingAssigned;
import org.civcity.contracts.Severity;
import org.civcity.contracts.SiteType;
import org.civcity.contracts.Topics;
import org.civcity.findings.service.RoundSheet;
import org.civcity.shared.security.Roles;
import org.civcity.testsupport.EmbeddedInfrastructure;
import org.civcity.testsupport.InfrastructureResource;
import org.civcity.testsupport.OidcTestServer;
import org.civcity.testsupport.Tokens;
import org.junit.jupiter.api.Test;

/**
 * Rounds imported from evaluators' files: the checked-in GB18030 and UTF-8 (BOM) CSV fixtures and XLSX workbooks
 * written by POI here, each row a finding through the intake; the same file twice creates nothing; invalid rows
 * named by row and column with nothing stored; hostile files refused with a 4xx.
 */
@QuarkusTest
@QuarkusTestResource(value = InfrastructureResource.class,
        initArgs = @ResourceArg(name = "database", value = "findings"))
@QuarkusTestResource(OidcTestServer.class)
class RoundImportTest {

    private static final String REPORTER = FindingResourceTest.REPORTER;
    private static final String SUPERVISOR = Tokens.user(Roles.SUPERVISOR);
    private static final List<String> HEADINGS = List.of("序号", "点位类型", "点位名称", "所属街道", "问题描述",
            "问题类别", "扣分", "发现时间", "照片链接");

    @Inject
    ObjectMapper mapper;

    private static Response upload(String round, String mediaType, byte[] file, String query) {
        return given().auth().oauth2(REPORTER).contentType(mediaType).body(file)
                .post("/api/v1/rounds/" + round + "/import" + (query == null ? "" : "?" + query));
    }

    private static byte[] fixture(String name) throws IOException {
        try (InputStream in = RoundImportTest.class.getResourceAsStream("/rounds/" + name)) {
            return in.readAllBytes();
        }
    }

    private static int findingsOfRound(String round) {
        return given().auth().oauth2(SUPERVISOR).queryParam("round", round).queryParam("limit", 200)
                .get("/api/v1/findings").then().statusCode(200).extract().jsonPath().getList("items").size();
    }

    @Test
    void aGb18030CsvIsImportedOnceAndTheSameFileAgainCreatesNothing() throws Exception {
        String round = "2026年第三轮模拟测评-" + UUID.randomUUID();
        byte[] file = fixture("round-3.gb18030.csv");
        upload(round, "text/csv", file, null).then().statusCode(200)
                .body("rows", equalTo(15)).body("imported", equalTo(15)).body("alreadyImported", equalTo(0))
                .body("refused", equalTo(0)).body("outcomes.outcome", everyItem(equalTo("IMPORTED")));
        assertEquals(15, findingsOfRound(round));
        // Read back: Chinese text intact, labels mapped, the district's time, the township as the evaluator names it.
        given().auth().oauth2(SUPERVISOR).queryParam("round", round).queryParam("limit", 200).get("/api/v1/findings")
                .then().statusCode(200)
                .body("items.find { it.sourceReference == '" + round + "#2' }.siteName", equalTo("解放路后巷"))
                .body("items.find { it.sourceReference == '" + round + "#2' }.siteType", equalTo("BACK_ALLEY"))
                .body("items.find { it.sourceReference == '" + round + "#2' }.category", equalTo("TRAFFIC_ORDER"))
                .body("items.find { it.sourceReference == '" + round + "#2' }.townshipName", equalTo("新华街道"))
                .body("items.find { it.sourceReference == '" + round + "#2' }.observedAt",
                        equalTo("2026-09-16T02:07:00Z"))
                .body("items.find { it.sourceReference == '" + round + "#2' }.deductionPoints", equalTo(0.5f))
                .body("items.find { it.sourceReference == '" + round + "#2' }.evidence[0].url",
                        equalTo("https://evidence.example.gov.cn/r/09-16/2.jpg"));

        upload(round, "text/csv", file, null).then().statusCode(200)
                .body("imported", equalTo(0)).body("alreadyImported", equalTo(15));
        assertEquals(15, findingsOfRound(round));
    }

    @Test
    void aUtf8CsvWithBomAndAnXlsxWithDatesAndFormulasAreImported() throws Exception {
        String round = "2026年第四轮模拟测评-" + UUID.randomUUID();
        upload(round, "text/csv; charset=UTF-8", fixture("round-4.utf8-bom.csv"), null).then().statusCode(200)
                .body("imported", equalTo(20));
        assertEquals(20, findingsOfRound(round));

        String xlsxRound = "xlsx-" + UUID.randomUUID();
        byte[] workbook = workbook(List.of(
                List.of("1", "农贸市场", "东门农贸市场", "人民街道", "生熟不分，污水横流", "环境卫生", "=0.25*2",
                        LocalDateTime.of(2026, 11, 18, 10, 30), "https://evidence.example.gov.cn/x/1.jpg"),
                List.of("2", "商城超市", "万家福超市", "人民街道", "未张贴文明宣传标语", "社会氛围", "0.3",
                        "2026/11/18 11:05", ""),
                List.of("3", "主次干道", "人民路", "和平镇", "占道经营", "交通秩序", "0.25",
                        LocalDateTime.of(2026, 11, 18, 14, 0), "")));
        upload(xlsxRound, RoundSheet.XLSX, workbook, null).then().statusCode(200)
                .body("rows", equalTo(3)).body("imported", equalTo(3));
        given().auth().oauth2(SUPERVISOR).queryParam("round", xlsxRound).get("/api/v1/findings").then()
                .statusCode(200)
                // The formula's cached value counts; the date cell reads in the district's time.
                .body("items.find { it.sourceReference == '" + xlsxRound + "#1' }.deductionPoints", equalTo(0.5f))
                .body("items.find { it.sourceReference == '" + xlsxRound + "#1' }.observedAt",
                        equalTo("2026-11-18T02:30:00Z"))
                .body("items.find { it.sourceReference == '" + xlsxRound + "#2' }.observedAt",
                        equalTo("2026-11-18T03:05:00Z"))
                // Shown as 0.3 under the cell's format, stored as 0.25: the stored number counts.
                .body("items.find { it.sourceReference == '" + xlsxRound + "#3' }.deductionPoints", equalTo(0.25f));
        // The same workbook again: nothing new.
        upload(xlsxRound, RoundSheet.XLSX, workbook, null).then().statusCode(200)
                .body("imported", equalTo(0)).body("alreadyImported", equalTo(3));

        // A workbook in the 1904 date system (old Mac Excel) counts its days from 1904.
        String mac = "mac-" + UUID.randomUUID();
        byte[] macBook = workbook(List.of(List.of("1", "小区", "和谐家园小区", "新华街道", "楼道堆放杂物", "环境卫生", "0.5",
                new Serial(org.apache.poi.ss.usermodel.DateUtil.getExcelDate(LocalDateTime.of(2026, 11, 18, 10, 30),
                        true)), "")));
        macBook = rewrite(macBook, "xl/workbook.xml", xml -> {
            String plain = xml.replaceAll("\\s+date1904=\"[^\"]*\"", "");
            return plain.contains("<workbookPr") ? plain.replaceFirst("<workbookPr", "<workbookPr date1904=\"1\"")
                    : plain.replaceFirst("<bookViews", "<workbookPr date1904=\"1\"/><bookViews");
        });
        upload(mac, RoundSheet.XLSX, macBook, null).then().log().ifValidationFails().statusCode(200)
                .body("imported", equalTo(1));
        given().auth().oauth2(SUPERVISOR).queryParam("round", mac).get("/api/v1/findings").then().statusCode(200)
                .body("items[0].observedAt", equalTo("2026-11-18T02:30:00Z"));
    }

    @Test
    void aLargeFileIsImportedInTheBackgroundAndItsProgressShown() throws Exception {
        // 5,000 rows, an evaluator's large file: more than findings.rounds.background-from-rows (200), so it is
        // checked, accepted at once and imported by a replica's poller while the caller follows the status URL.
        String round = "2026年第五轮-" + UUID.randomUUID();
        StringBuilder csv = new StringBuilder(String.join(",", HEADINGS)).append('\n');
        for (int i = 1; i <= 5000; i++) {
            csv.append(i).append(",背街小巷,后巷").append(i).append("号,和平镇,垃圾堆放,环境卫生,0.1,2026-11-20 8:")
                    .append(String.format("%02d", i % 60)).append(",\n");
        }
        byte[] file = csv.toString().getBytes(StandardCharsets.UTF_8);
        Response accepted = upload(round, "text/csv", file, null);
        accepted.then().statusCode(202).header("Location", containsString("/imports/"))
                .body("state", equalTo("QUEUED")).body("rows", equalTo(5000)).body("validated", equalTo(5000))
                .body("imported", equalTo(0)).body("refused", equalTo(0));
        String status = accepted.header("Location");
        assertTrue(status.contains("/api/v1/rounds/2026%E5%B9%B4%E7%AC%AC%E4%BA%94%E8%BD%AE-"), status);
        List<Integer> seen = new java.util.ArrayList<>();
        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(500)).until(() -> {
            Response now = given().auth().oauth2(REPORTER).urlEncodingEnabled(false).get(status);
            now.then().statusCode(200);
            seen.add(now.jsonPath().getInt("imported"));
            return now.jsonPath().getString("state").equals("DONE");
        });
        // The counts only grow, and the end matches what is stored.
        for (int i = 1; i < seen.size(); i++) {
            assertTrue(seen.get(i) >= seen.get(i - 1), "progress went back: " + seen);
        }
        assertTrue(seen.stream().anyMatch(n -> n > 0 && n < 5000), "no progress seen before the end: " + seen);
        given().auth().oauth2(REPORTER).urlEncodingEnabled(false).get(status).then().statusCode(200)
                .body("imported", equalTo(5000)).body("alreadyImported", equalTo(0)).body("refused", equalTo(0))
                .body("finishedAt", org.hamcrest.Matchers.notNullValue())
                .body("result.rows", equalTo(5000)).body("result.outcomes", hasSize(5000))
                .body("result.outcomes.outcome", everyItem(equalTo("IMPORTED")));
        given().auth().oauth2(SUPERVISOR).get("/api/v1/rounds/" + round).then().statusCode(200)
                .body("findings", equalTo(5000)).body("deductionPoints", equalTo(500.0f));
        // The same file again, asked to run in the background: nothing new.
        Response again = given().auth().oauth2(REPORTER).contentType("text/csv").header("Prefer", "respond-async")
                .body(file).post("/api/v1/rounds/" + round + "/import");
        again.then().statusCode(202).header("Preference-Applied", equalTo("respond-async"));
        String second = again.header("Location");
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500)).until(() -> given()
                .auth().oauth2(REPORTER).urlEncodingEnabled(false).get(second).jsonPath().getString("state")
                .equals("DONE"));
        given().auth().oauth2(REPORTER).urlEncodingEnabled(false).get(second).then()
                .body("imported", equalTo(0)).body("alreadyImported", equalTo(5000));
        given().auth().oauth2(SUPERVISOR).get("/api/v1/rounds/" + round).then().body("findings", equalTo(5000));
        // Another reporting system, or another round, does not see it; a file that would be refused is refused at
        // once, and nothing is queued.
        given().auth().oauth2(Tokens.reporter("hotline-12345")).urlEncodingEnabled(false).get(status).then()
                .statusCode(404).contentType("application/problem+json");
        given().auth().oauth2(REPORTER).get("/api/v1/rounds/another/imports/" + status.substring(
                status.lastIndexOf('/') + 1)).then().statusCode(404);
        String broken = csv.toString().replace("\n500,背街小巷", "\n500,月球表面");
        upload("2026年第五轮-" + UUID.randomUUID(), "text/csv", broken.getBytes(StandardCharsets.UTF_8), null).then()
                .statusCode(422).contentType("application/problem+json").body("rowErrors[0].row", equalTo(501));
    }

    /**
     * The district's speech: 15 problems in the last round, 20 now, worse not better. The two checked-in rounds
     * compared exactly: totals, by site type, by category, and the inspection points new, recurring and cleared.
     */
    @Test
    void twoRoundsAreComparedExactly() throws Exception {
        String previous = "2026年第三轮-" + UUID.randomUUID();
        String current = "2026年第四轮-" + UUID.randomUUID();
        upload(previous, "text/csv", fixture("round-3.gb18030.csv"), null).then().statusCode(200);
        upload(current, "text/csv", fixture("round-4.utf8-bom.csv"), null).then().statusCode(200);

        given().auth().oauth2(SUPERVISOR).get("/api/v1/rounds/" + current).then().statusCode(200)
                .body("findings", equalTo(20)).body("deductionPoints", equalTo(8.0f))
                .body("bySiteType.key", equalTo(List.of("MAIN_ROAD", "BACK_ALLEY", "FARMERS_MARKET", "COMMUNITY",
                        "MALL_SUPERMARKET")))
                .body("bySiteType.findings", equalTo(List.of(6, 4, 4, 3, 3)))
                .body("bySiteType[0].label", equalTo("主次干道"))
                .body("byCategory.findings", equalTo(List.of(4, 4, 4, 4, 4)))
                .body("byTownship[0].findings", equalTo(20));

        given().auth().oauth2(SUPERVISOR).queryParam("with", previous)
                .get("/api/v1/rounds/" + current + "/comparison").then().statusCode(200)
                .body("previous.findings", equalTo(15)).body("current.findings", equalTo(20))
                .body("previous.deductionPoints", equalTo(6.0f)).body("current.deductionPoints", equalTo(8.0f))
                .body("trend", equalTo("WORSE"))
                .body("bySiteType.key", equalTo(List.of("MAIN_ROAD", "BACK_ALLEY", "COMMUNITY", "FARMERS_MARKET",
                        "MALL_SUPERMARKET", "RESIDENTIAL_COMPOUND")))
                .body("bySiteType.previous", equalTo(List.of(2, 3, 2, 3, 2, 3)))
                .body("bySiteType.current", equalTo(List.of(6, 4, 3, 4, 3, 0)))
                .body("bySiteType.difference", equalTo(List.of(4, 1, 1, 1, 1, -3)))
                .body("bySiteType[0].previousDeductionPoints", equalTo(0.7f))
                .body("bySiteType[0].currentDeductionPoints", equalTo(2.5f))
                .body("bySiteType[5].currentDeductionPoints", equalTo(0))
                .body("byCategory.difference", equalTo(List.of(1, 1, 1, 1, 1)))
                .body("byCategory.find { it.key == 'CIVIC_CONDUCT' }.currentDeductionPoints", equalTo(0.8f))
                .body("recurringPoints.siteName", equalTo(List.of("解放路后巷", "东风社区", "东门农贸市场", "人民路",
                        "万家福超市")))
                .body("recurringPoints.previous", equalTo(List.of(3, 2, 3, 2, 2)))
                .body("recurringPoints.current", equalTo(List.of(4, 3, 4, 3, 3)))
                .body("newPoints.siteName", equalTo(List.of("建设大道")))
                .body("newPoints[0].current", equalTo(3))
                .body("clearedPoints.siteName", equalTo(List.of("和谐家园小区")))
                .body("clearedPoints[0].previous", equalTo(3));

        // Once routed, each township is shown by the name the dispatch carried (routing's own data says which).
        Map<String, String> codes = Map.of("新华街道", "XINHUA_SUBDISTRICT", "人民街道", "RENMIN_SUBDISTRICT",
                "和平镇", "HEPING_TOWNSHIP");
        for (String round : List.of(previous, current)) {
            for (Map<String, Object> f : given().auth().oauth2(SUPERVISOR).queryParam("round", round)
                    .queryParam("limit", 200).get("/api/v1/findings").then().statusCode(200).extract().jsonPath()
                    .<Map<String, Object>>getList("items")) {
                String name = (String) f.get("townshipName");
                UUID id = UUID.fromString((String) f.get("id"));
                Instant now = Instant.now();
                EmbeddedInfrastructure.kafkaCompanion().produceStrings().fromRecords(cloudEvent(Topics.CASES,
                        UUID.randomUUID(), EventTypes.FINDING_ASSIGNED, id.toString(), mapper.writeValueAsString(
                                new FindingAssigned(id, 1, "URBAN_MANAGEMENT", codes.get(name), List.of(),
                                        Category.SANITATION, Severity.MEDIUM, SiteType.BACK_ALLEY, "x", now,
                                        now.plusSeconds(3600), now.plusSeconds(86400), "p", 0,
                                        Map.of(codes.get(name), name), null, null)))).awaitCompletion();
            }
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(SUPERVISOR)
                .get("/api/v1/rounds/" + current).then().statusCode(200)
                .body("byTownship.key", equalTo(List.of("RENMIN_SUBDISTRICT", "XINHUA_SUBDISTRICT",
                        "HEPING_TOWNSHIP")))
                .body("byTownship.label", equalTo(List.of("人民街道", "新华街道", "和平镇")))
                .body("byTownship.findings", equalTo(List.of(7, 7, 6))));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(SUPERVISOR)
                .queryParam("with", previous).get("/api/v1/rounds/" + current + "/comparison").then()
                .statusCode(200)
                .body("byTownship.label", equalTo(List.of("和平镇", "人民街道", "新华街道")))
                .body("byTownship.difference", equalTo(List.of(4, 2, -1))));

        given().auth().oauth2(SUPERVISOR).get("/api/v1/rounds/no-such-round-" + UUID.randomUUID()).then()
                .statusCode(404);
        given().auth().oauth2(SUPERVISOR).get("/api/v1/rounds/" + current + "/comparison").then().statusCode(400);
        // A reporting system sees its own rounds only.
        given().auth().oauth2(Tokens.reporter("hotline-12345")).get("/api/v1/rounds/" + current).then()
                .statusCode(404);
    }

    @Test
    void invalidRowsAreNamedAndNothingIsStoredUnlessValidOnly() throws Exception {
        String round = "invalid-" + UUID.randomUUID();
        String csv = String.join(",", HEADINGS) + "\n"
                + "1,小区,和谐家园小区,新华街道,楼道堆放杂物,环境卫生,0.5,2026-11-18 9:00,\n"
                + "2,菜市场,东门市场,人民街道,地面湿滑,环境卫生,0.5,2026-11-18 9:10,\n"
                + "3,社区,东风社区,新华街道,,公共服务,abc,昨天,\n";
        upload(round, "text/csv", csv.getBytes(StandardCharsets.UTF_8), null).then().statusCode(422)
                .contentType("application/problem+json")
                .body("rowErrors", hasSize(4))
                .body("rowErrors.find { it.row == 3 }.column", equalTo("点位类型"))
                .body("rowErrors.find { it.row == 3 }.message", containsString("菜市场"))
                .body("rowErrors.findAll { it.row == 4 }.column", equalTo(List.of("发现时间", "扣分", "问题描述")))
                .body("errors.field", hasItem("row 3 点位类型"));
        assertEquals(0, findingsOfRound(round), "nothing half-stored");

        upload(round, "text/csv", csv.getBytes(StandardCharsets.UTF_8), "validOnly=true").then().statusCode(200)
                .body("rows", equalTo(3)).body("imported", equalTo(1)).body("refused", equalTo(2))
                .body("errors", hasSize(4)).body("outcomes[0].row", equalTo(2));
        assertEquals(1, findingsOfRound(round));
    }

    /**
     * What the intake itself refuses is found before anything is stored: a time in the future, half a coordinate, a
     * serial number twice; a missing serial is named too. Severity is read by its Chinese name.
     */
    @Test
    void theIntakesOwnRulesAndSerialNumbersAreCheckedBeforeAnythingIsStored() throws Exception {
        String round = "checks-" + UUID.randomUUID();
        String csv = String.join(",", HEADINGS) + ",严重程度,纬度,经度\n"
                + "1,小区,和谐家园小区,新华街道,楼道堆放杂物,环境卫生,0.5,2026-11-18 9:00,,严重,,\n"
                + "2,小区,和谐家园小区,新华街道,电动车楼道充电,环境卫生,0.5,2099-01-01 9:00,,一般,,\n"
                + "3,社区,东风社区,新华街道,宣传栏破损,社会氛围,0.3,2026-11-18 9:10,,轻微,30.27,\n"
                + "1,社区,东风社区,新华街道,宣传栏破损,社会氛围,0.3,2026-11-18 9:20,,轻微,,\n"
                + ",社区,东风社区,新华街道,宣传栏破损,社会氛围,0.3,2026-11-18 9:30,,轻微,,\n";
        upload(round, "text/csv", csv.getBytes(StandardCharsets.UTF_8), null).then().statusCode(422)
                .body("rowErrors.row", equalTo(List.of(3, 4, 5, 6)))
                .body("rowErrors.column", equalTo(List.of("发现时间", "经度", "序号", "序号")))
                .body("rowErrors[2].message", containsString("row 2"));
        assertEquals(0, findingsOfRound(round), "nothing half-stored");
        upload(round, "text/csv", csv.getBytes(StandardCharsets.UTF_8), "validOnly=true").then().statusCode(200)
                .body("imported", equalTo(1)).body("refused", equalTo(4));
        given().auth().oauth2(SUPERVISOR).queryParam("round", round).get("/api/v1/findings").then().statusCode(200)
                .body("items[0].severity", equalTo("HIGH"));
        // '#' would make one round's reference look like another's.
        given().auth().oauth2(REPORTER).contentType("text/csv").body(csv.getBytes(StandardCharsets.UTF_8))
                .post("/api/v1/rounds/{round}/import", "a#b").then().statusCode(400)
                .body("errors[0].field", equalTo("round"));
    }

    @Test
    void missingColumnsAndForeignSourceSystemsAreRefused() {
        String csv = "序号,点位名称\n1,和谐家园小区\n";
        upload("r-" + UUID.randomUUID(), "text/csv", csv.getBytes(StandardCharsets.UTF_8), null).then()
                .statusCode(422).body("title", equalTo("Missing columns")).body("detail", containsString("问题描述"));
        upload("r-" + UUID.randomUUID(), "text/csv", fixtureOrEmpty(), "sourceSystem=hotline-12345").then()
                .statusCode(403);
    }

    @Test
    void hostileFilesAreRefusedWithAClearFourHundred() throws Exception {
        String round = "hostile-" + UUID.randomUUID();
        // Wrong encoding: UTF-16 is neither UTF-8 nor GB18030 text.
        byte[] utf16 = (String.join(",", HEADINGS) + "\n1,小区,a,b,c,环境卫生,1,2026-11-18 9:00,\n")
                .getBytes(Charset.forName("UTF-16LE"));
        upload(round, "text/csv", utf16, null).then().statusCode(422).contentType("application/problem+json");
        // Too many rows.
        StringBuilder many = new StringBuilder(String.join(",", HEADINGS)).append('\n');
        for (int i = 1; i <= 5001; i++) {
            many.append(i).append(",小区,a,b,c,环境卫生,1,2026-11-18 9:00,\n");
        }
        upload(round, "text/csv", many.toString().getBytes(StandardCharsets.UTF_8), null).then().statusCode(413)
                .body("title", equalTo("Too many rows"));
        // Not a workbook.
        upload(round, RoundSheet.XLSX, "not a zip".getBytes(StandardCharsets.UTF_8), null).then().statusCode(422);
        byte[] workbook = workbook(List.of(List.of("1", "小区", "a", "b", "c", "环境卫生", "1", "2026-11-18 9:00",
                "")));
        // Macros: a macro-enabled workbook's main part.
        byte[] macros = rewrite(workbook, "[Content_Types].xml", xml -> xml.replace(
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
                "application/vnd.ms-excel.sheet.macroEnabled.main+xml"));
        upload(round, RoundSheet.XLSX, macros, null).then().statusCode(422).body("title", equalTo("Macros refused"));
        // An external entity in the sheet.
        String doctype = "<!DOCTYPE worksheet [<!ENTITY secret SYSTEM \"file:///etc/passwd\">]>";
        byte[] entity = rewrite(workbook, "xl/worksheets/sheet1.xml", xml -> xml.startsWith("<?xml")
                ? xml.replaceFirst("\\?>", "?>" + doctype) : doctype + xml);
        upload(round, RoundSheet.XLSX, entity, null).then().statusCode(422).body("title", equalTo("Unreadable XLSX"));
        // A cell far to the right: refused, not padded to it.
        upload(round, RoundSheet.XLSX, farCell(), null).then().statusCode(422)
                .body("title", equalTo("Cell beyond the columns read"));
        // A zip bomb: a sheet part that inflates to 200 MB of spaces from under a megabyte.
        upload(round, RoundSheet.XLSX, bomb(workbook), null).then().statusCode(413);
        assertEquals(0, findingsOfRound(round), "nothing stored from a hostile file");
    }

    private static byte[] fixtureOrEmpty() {
        return (String.join(",", HEADINGS) + "\n1,小区,a,b,c,环境卫生,1,2026-11-18 9:00,\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** A workbook as an office suite writes it: headings, then rows; "=..." a formula with its cached value. */
    static byte[] workbook(List<List<?>> rows) throws IOException {
        try (XSSFWorkbook book = new XSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            Sheet sheet = book.createSheet("第四轮");
            Row heading = sheet.createRow(0);
            for (int c = 0; c < HEADINGS.size(); c++) {
                heading.createCell(c).setCellValue(HEADINGS.get(c));
            }
            CellStyle date = book.createCellStyle();
            // Formats as an office suite shows them: a US date, points to one decimal (0.25 shows as 0.3).
            date.setDataFormat(book.getCreationHelper().createDataFormat().getFormat("m/d/yy h:mm"));
            CellStyle points = book.createCellStyle();
            points.setDataFormat(book.getCreationHelper().createDataFormat().getFormat("0.0"));
            for (int r = 0; r < rows.size(); r++) {
                Row row = sheet.createRow(r + 1);
                for (int c = 0; c < rows.get(r).size(); c++) {
                    Object value = rows.get(r).get(c);
                    Cell cell = row.createCell(c);
                    if (value instanceof LocalDateTime time) {
                        cell.setCellValue(time);
                        cell.setCellStyle(date);
                    } else if (value instanceof Serial serial) {
                        cell.setCellValue(serial.days());
                        cell.setCellStyle(date);
                    } else if (value.toString().startsWith("=")) {
                        cell.setCellFormula(value.toString().substring(1));
                        book.getCreationHelper().createFormulaEvaluator().evaluateFormulaCell(cell);
                        cell.setCellStyle(points);
                    } else if (c == 6 && !value.toString().isEmpty()) {
                        cell.setCellValue(Double.parseDouble(value.toString()));
                        cell.setCellStyle(points);
                    } else {
                        cell.setCellValue(value.toString());
                    }
                }
            }
            book.write(out);
            return out.toByteArray();
        }
    }

    /** A date cell's raw serial number of days, for a workbook whose date system the test sets itself. */
    private record Serial(double days) {
    }

    private static byte[] farCell() throws IOException {
        try (XSSFWorkbook book = new XSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            Sheet sheet = book.createSheet();
            Row heading = sheet.createRow(0);
            for (int c = 0; c < HEADINGS.size(); c++) {
                heading.createCell(c).setCellValue(HEADINGS.get(c));
            }
            sheet.createRow(1).createCell(16000).setCellValue("x");
            book.write(out);
            return out.toByteArray();
        }
    }

    private static byte[] rewrite(byte[] zip, String entry, java.util.function.UnaryOperator<String> change)
            throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip));
                ZipOutputStream copy = new ZipOutputStream(out)) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                byte[] content = in.readAllBytes();
                if (e.getName().equals(entry)) {
                    content = change.apply(new String(content, StandardCharsets.UTF_8))
                            .getBytes(StandardCharsets.UTF_8);
                }
                copy.putNextEntry(new ZipEntry(e.getName()));
                copy.write(content);
                copy.closeEntry();
            }
        }
        return out.toByteArray();
    }

    private static byte[] bomb(byte[] workbook) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(workbook));
                ZipOutputStream copy = new ZipOutputStream(out)) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                byte[] content = in.readAllBytes();
                copy.putNextEntry(new ZipEntry(e.getName()));
                if (e.getName().equals("xl/worksheets/sheet1.xml")) {
                    byte[] spaces = new byte[1024 * 1024];
                    java.util.Arrays.fill(spaces, (byte) ' ');
                    copy.write(content, 0, content.length - "</worksheet>".length());
                    for (int i = 0; i < 200; i++) {
                        copy.write(spaces);
                    }
                    copy.write("</worksheet>".getBytes(StandardCharsets.UTF_8));
                } else {
                    copy.write(content);
                }
                copy.closeEntry();
            }
        }
        assertTrue(out.size() < 2 * 1024 * 1024, "the bomb fits the body limit: " + out.size());
        return out.toByteArray();
    }
}
