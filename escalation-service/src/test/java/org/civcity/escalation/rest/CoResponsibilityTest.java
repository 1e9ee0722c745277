package org.civcity.escalation.rest;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.civcity.testsupport.CloudEventRecords.cloudEvent;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.civcity.contracts.CaseClosed;
import org.civcity.contracts.Category;
import org.civcity.contracts.EventTypes;
import org.civcity.contracts.FindingAssigned;
import org.civcity.contracts.RecipientChanged;
import org.civcity.contracts.SiteDelisted;
import org.civcity.contracts.SiteListed;
import org.civcity.contracts.Severity;
import org.civcity.contracts.SiteType;
import org.civcity.contracts.Topics;
import org.civcity.shared.security.Roles;
import org.civcity.testsupport.EmbeddedInfrastructure;
import org.civcity.testsupport.EventSchemas;
import org.civcity.testsupport.InfrastructureResource;
import org.civcity.testsupport.OidcTestServer;
import org.civcity.testsupport.Tokens;
import org.junit.jupiter.api.Test;

/**
 * The township answers with the department (属地管理): level 1 addresses and records both heads by name, as the
 * recipient directory had them when it fired, and a later change of post leaves the record as it was; a leader's
 * instruction (批示) is a ledger record and opens a supervision order that escalates until the case closes.
 */
@QuarkusTest
@QuarkusTestResource(value = InfrastructureResource.class,
        initArgs = {@ResourceArg(name = "database", value = "escalation"),
            @ResourceArg(name = "runtime-role", value = "escalation_runtime")})
@QuarkusTestResource(OidcTestServer.class)
class CoResponsibilityTest {

    private static final String SUPERVISOR = Tokens.user(Roles.SUPERVISOR);
    private static final String LEADER = Tokens.user(Roles.LEADER);
    private static final String RECORDS = "/api/v1/accountability-records";
    private static final String INSTRUCTIONS = "/api/v1/instructions";

    @Inject
    ObjectMapper mapper;

    @Test
    void levelOneNamesTheDepartmentsAndTheTownshipsHeadsAsTheyWereInPost() throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 6).toUpperCase();
        String unit = "DEPT_" + suffix;
        String township = "TOWN_" + suffix;
        UUID departmentHead = UUID.randomUUID();
        post(departmentHead, "UNIT_HEAD", unit, "王建国", 0);
        post(UUID.randomUUID(), "UNIT_HEAD", township, "李明", 0);
        // A retired entry names nobody.
        UUID retired = UUID.randomUUID();
        post(retired, "UNIT_HEAD", township, "张已调离", 0, false);
        // One topic partition, read in order: the last entry held means the others are too.
        awaitHeld(retired, 0);

        UUID first = UUID.randomUUID();
        assign(first, unit, township, Instant.now().plusSeconds(4));
        Map<String, Object> levelOne = await().atMost(Duration.ofSeconds(30)).until(() -> levelOne(first),
                Optional::isPresent).orElseThrow();
        // The evidence: overdue working time, also in working days of the district's seven working hours.
        assertEquals(Math.round(((Number) levelOne.get("overdueSeconds")).longValue() * 100.0 / 25_200) / 100.0,
                ((Number) levelOne.get("overdueWorkingDays")).doubleValue());
        List<Map<String, Object>> parties = parties(levelOne);
        assertEquals(2, parties.size(), parties.toString());
        assertEquals(Map.of("role", "UNIT_HEAD", "unit", unit, "unitName", "测试局", "persons", List.of("王建国")),
                parties.get(0));
        assertEquals(Map.of("role", "UNIT_HEAD", "unit", township, "unitName", "测试街道", "persons", List.of("李明")),
                parties.get(1));

        // The department gets a new head; the record already written still names the one then in post.
        post(departmentHead, "UNIT_HEAD", unit, "赵强", 1);
        post(departmentHead, "UNIT_HEAD", unit, "旧版本不应生效", 0);
        UUID marker = UUID.randomUUID();
        post(marker, "UNIT_HEAD", "MARKER_" + suffix, "标记", 0);
        awaitHeld(marker, 0);
        UUID second = UUID.randomUUID();
        assign(second, unit, township, Instant.now().plusSeconds(4));
        Map<String, Object> later = await().atMost(Duration.ofSeconds(30)).until(() -> levelOne(second),
                Optional::isPresent).orElseThrow();
        assertEquals(List.of("赵强"), parties(later).get(0).get("persons"));
        assertEquals(List.of("王建国"), parties(levelOne(first).orElseThrow()).get(0).get("persons"));

        // The escalation event carries the parties, as the alerts name them.
        ConsumerTask<String, String> escalations = EmbeddedInfrastructure.kafkaCompanion().consumeStrings()
                .withProp("auto.offset.reset", "earliest").fromTopics(Topics.ESCALATIONS);
        ConsumerRecord<String, String> raised = await().atMost(Duration.ofSeconds(20)).until(() -> escalations
                .getRecords().stream().filter(r -> second.toString().equals(r.key())
                        && r.value().contains("RECTIFICATION_OVERDUE")
                        && EventTypes.ESCALATION_RAISED.equals(header(r)))
                .findFirst(), Optional::isPresent).orElseThrow();
        escalations.close();
        EventSchemas.assertValid(raised);
        JsonNode data = mapper.readTree(raised.value());
        assertEquals(township, data.get("parties").get(1).get("unit").asText());
        assertEquals("李明", data.get("parties").get(1).get("persons").get(0).asText());

        // The names are in the chain: it verifies as written.
        given().auth().oauth2(SUPERVISOR).get(RECORDS + "/verification").then().statusCode(200)
                .body("valid", equalTo(true));
    }

    @Test
    void aLeadersInstructionIsRecordedAndItsSupervisionOrderEscalatesUntilTheCaseCloses() throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 6).toUpperCase();
        String unit = "DEPT_" + suffix;
        String township = "TOWN_" + suffix;
        UUID townshipHead = UUID.randomUUID();
        post(townshipHead, "UNIT_HEAD", township, "孙丽", 0);
        awaitHeld(townshipHead, 0);
        UUID findingId = UUID.randomUUID();
        assign(findingId, unit, township, Instant.now().plusSeconds(3600));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> instruct(LEADER, findingId, "\"PT1H\"")
                .then().statusCode(201));
        // The first order runs; the second is refused, as are bad requests; nothing of them is stored.
        UUID other = UUID.randomUUID();
        assign(other, unit, township, Instant.now().plusSeconds(3600));
        awaitDispatched(other);
        await().atMost(Duration.ofSeconds(20)).until(() -> !given().auth().oauth2(LEADER).queryParam("findingId",
                findingId.toString()).get(INSTRUCTIONS).then().statusCode(200).extract().jsonPath().getList("$")
                .isEmpty());
        // The instruction is on the record, but it is no escalation of the unit in the assessment.
        String period = java.time.YearMonth.now(java.time.ZoneId.of("Asia/Shanghai")).toString();
        given().auth().oauth2(SUPERVISOR).queryParam("period", period).get("/api/v1/assessments").then()
                .statusCode(200)
                .body("units.find { it.unit == '" + unit + "' }.escalationsByLevel", equalTo(Map.of()));
        int before = records(other).size();
        instruct(SUPERVISOR, other, "\"PT2S\"").then().statusCode(403);
        instruct(Tokens.handler(unit), other, "\"PT2S\"").then().statusCode(403);
        instruct(LEADER, UUID.randomUUID(), "\"PT2S\"").then().statusCode(404).contentType("application/problem+json");
        instruct(LEADER, other, "\"next week\"").then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("due"));
        // Beyond the calendar or what a duration holds: still the caller's input, a 400, not a 500.
        instruct(LEADER, other, "\"5000 working days\"").then().statusCode(400)
                .contentType("application/problem+json").body("errors.field", hasItem("due"));
        instruct(LEADER, other, "\"PT9999999999999H\"").then().statusCode(400)
                .contentType("application/problem+json").body("errors.field", hasItem("due"));
        given().auth().oauth2(LEADER).contentType(ContentType.JSON).body("{\"findingId\": \"" + other + "\"}")
                .post(INSTRUCTIONS).then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("text"));
        given().auth().oauth2(LEADER).get(INSTRUCTIONS + "?findingId=nope").then().statusCode(400)
                .contentType("application/problem+json");
        assertEquals(before, records(other).size());

        // The instruction on the other case: recorded in the ledger, announced, due in two seconds.
        var issued = instruct(LEADER, other, "\"PT2S\"").then().statusCode(201)
                .body("issuedBy", equalTo("leader-user")).body("text", equalTo("请三日内整改到位并报结果"))
                .body("closedAt", equalTo(null)).body("dueBy", notNullValue()).extract().jsonPath();
        instruct(LEADER, other, "\"PT2S\"").then().statusCode(409).contentType("application/problem+json");
        Map<String, Object> instruction = records(other).stream()
                .filter(r -> "LEADER_INSTRUCTION".equals(r.get("reason"))).findFirst().orElseThrow();
        assertEquals(issued.getString("recordId"), instruction.get("id"));
        assertEquals("leader-user", instruction.get("decidedBy"));
        assertEquals("请三日内整改到位并报结果", instruction.get("note"));
        assertEquals(List.of("孙丽"), parties(instruction).get(1).get("persons"));

        // Overdue: the order escalates like a case, naming the township's head too.
        Map<String, Object> overdue = await().atMost(Duration.ofSeconds(20)).until(() -> records(other).stream()
                .filter(r -> "INSTRUCTION_OVERDUE".equals(r.get("reason")) && ((Integer) r.get("level")) == 1)
                .findFirst(), Optional::isPresent).orElseThrow();
        assertEquals(township, parties(overdue).get(1).get("unit"));
        ConsumerTask<String, String> escalations = EmbeddedInfrastructure.kafkaCompanion().consumeStrings()
                .withProp("auto.offset.reset", "earliest").fromTopics(Topics.ESCALATIONS);
        ConsumerRecord<String, String> announced = await().atMost(Duration.ofSeconds(20)).until(() -> escalations
                .getRecords().stream().filter(r -> EventTypes.INSTRUCTION_ISSUED.equals(header(r))
                        && other.toString().equals(r.key())).findFirst(), Optional::isPresent).orElseThrow();
        escalations.close();
        EventSchemas.assertValid(announced);

        // Closing the case closes the order: nothing more escalates, and a closed case takes no instruction.
        close(other);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().auth().oauth2(SUPERVISOR)
                .queryParam("findingId", other.toString()).get(INSTRUCTIONS).then().statusCode(200)
                .body("[0].closedAt", notNullValue()));
        instruct(LEADER, other, "\"PT2S\"").then().statusCode(409).contentType("application/problem+json");
        given().auth().oauth2(SUPERVISOR).get(RECORDS + "/verification").then().statusCode(200)
                .body("valid", equalTo(true));
    }

    @Test
    void aListedSiteIsAnsweredForByTownshipAndDepartmentUnderAStricterLadderUntilItIsDelisted() throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 6).toUpperCase();
        String unit = "DEPT_" + suffix;
        String township = "TOWN_" + suffix;
        UUID townshipHead = UUID.randomUUID();
        post(townshipHead, "UNIT_HEAD", township, "周敏", 0);
        awaitHeld(townshipHead, 0);
        UUID findingId = UUID.randomUUID();
        UUID listingId = UUID.randomUUID();
        // The listing may be read before the dispatch of its case (another topic): it opens its order all the same.
        SiteListed listed = new SiteListed(listingId, findingId, "code:" + suffix, SiteType.BACK_ALLEY, "幸福里后巷",
                suffix, township, null, unit, 3, "P180D", List.of(UUID.randomUUID(), UUID.randomUUID(), findingId),
                Instant.now(), Instant.now().plusSeconds(2), "PT2S");
        produce(EventTypes.SITE_LISTED, findingId, listed);
        assign(findingId, unit, township, Instant.now().plusSeconds(3600));
        Map<String, Object> record = await().atMost(Duration.ofSeconds(20)).until(() -> records(findingId).stream()
                .filter(r -> "SITE_LISTED".equals(r.get("reason"))).findFirst(), Optional::isPresent).orElseThrow();
        assertEquals(unit, record.get("unit"));
        assertEquals(0, record.get("level"));
        // Named as the dispatch names them, or by code when the listing was read first.
        assertTrue(((String) record.get("note")).matches("挂牌督办：幸福里后巷（背街小巷）180天内复发3次，由(测试街道|"
                + township + ")与(测试局|" + unit + ")共同负责，限PT2S内整改到位"), (String) record.get("note"));
        assertEquals(List.of(unit, township), parties(record).stream().map(p -> p.get("unit")).toList());
        assertEquals(List.of("周敏"), parties(record).get(1).get("persons"));
        var order = given().auth().oauth2(LEADER).queryParam("findingId", findingId.toString()).get(INSTRUCTIONS)
                .then().statusCode(200).body("", hasSize(1)).body("[0].kind", equalTo("LISTING"))
                .body("[0].recordId", equalTo(record.get("id"))).body("[0].closedAt", equalTo(null))
                .extract().jsonPath();
        // A leader may still instruct on the case: a listing is no instruction.
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> instruct(LEADER, findingId, "\"PT1H\"")
                .then().statusCode(201));
        given().auth().oauth2(LEADER).get("/api/v1/board").then().statusCode(200)
                .body("listedSites.find { it.listingId == '" + listingId + "' }.siteName", equalTo("幸福里后巷"))
                .body("listedSites.find { it.listingId == '" + listingId + "' }.township", equalTo(township))
                .body("listedSites.find { it.listingId == '" + listingId + "' }.recurrences", equalTo(3))
                .body("listedSites.find { it.listingId == '" + listingId + "' }.dueBy",
                        equalTo(order.getString("[0].dueBy")));
        // Announced again (a redelivery under a new event id): still one listing, one record.
        produce(EventTypes.SITE_LISTED, findingId, listed);

        // Due when the listing says; stricter than a case: overdue, it starts at level 2 (the township's head was
        // addressed by the listing itself).
        Map<String, Object> overdue = await().atMost(Duration.ofSeconds(30)).until(() -> records(findingId)
                .stream().filter(r -> "LISTED_SITE_OVERDUE".equals(r.get("reason"))).findFirst(),
                Optional::isPresent).orElseThrow();
        assertEquals(2, overdue.get("level"));
        assertEquals(1, records(findingId).stream().filter(r -> "SITE_LISTED".equals(r.get("reason"))).count());

        // Clean for its period: delisted, on the record, off the board, its order ended with its pending levels.
        Instant delistedAt = Instant.now();
        produce(EventTypes.SITE_DELISTED, findingId, new SiteDelisted(listingId, findingId, "code:" + suffix,
                "幸福里后巷", township, unit, listed.listedAt(), delistedAt.minusSeconds(5), "PT5S", delistedAt));
        Map<String, Object> delisted = await().atMost(Duration.ofSeconds(20)).until(() -> records(findingId)
                .stream().filter(r -> "SITE_DELISTED".equals(r.get("reason"))).findFirst(), Optional::isPresent)
                .orElseThrow();
        assertTrue(((String) delisted.get("note")).startsWith("撤销挂牌：幸福里后巷自"), (String) delisted.get("note"));
        given().auth().oauth2(LEADER).queryParam("findingId", findingId.toString()).get(INSTRUCTIONS).then()
                .statusCode(200).body("find { it.kind == 'LISTING' }.closedAt", notNullValue())
                .body("find { it.kind == 'INSTRUCTION' }.closedAt", equalTo(null));
        given().auth().oauth2(LEADER).get("/api/v1/board").then().statusCode(200)
                .body("listedSites.listingId", not(hasItem(listingId.toString())));
        assertEquals(0, pendingLevels(order.getString("[0].id")));
        given().auth().oauth2(SUPERVISOR).get(RECORDS + "/verification").then().statusCode(200)
                .body("valid", equalTo(true));
    }

    /** Waits until escalation-service has read the dispatch of the case. */
    private static void awaitDispatched(UUID findingId) {
        await().atMost(Duration.ofSeconds(20)).until(() -> count("SELECT count(*) FROM case_tracking WHERE"
                + " finding_id = ? AND opened_generation > 0", findingId) == 1);
    }

    private static long pendingLevels(String orderId) throws Exception {
        return count("SELECT count(*) FROM deadline_timer WHERE order_id = ? AND status = 'PENDING'",
                UUID.fromString(orderId));
    }

    private void produce(String type, UUID findingId, Object data) throws Exception {
        EmbeddedInfrastructure.kafkaCompanion().produceStrings().fromRecords(cloudEvent(Topics.SITES,
                UUID.randomUUID(), type, findingId.toString(), mapper.writeValueAsString(data))).awaitCompletion();
    }

    private io.restassured.response.Response instruct(String token, UUID findingId, String due) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body("{\"findingId\": \"" + findingId
                + "\", \"text\": \"请三日内整改到位并报结果\", \"due\": " + due + "}").post(INSTRUCTIONS);
    }

    private static Optional<Map<String, Object>> levelOne(UUID findingId) {
        return records(findingId).stream().filter(r -> "RECTIFICATION_OVERDUE".equals(r.get("reason"))
                && ((Integer) r.get("level")) == 1).findFirst();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> parties(Map<String, Object> record) {
        return (List<Map<String, Object>>) record.get("parties");
    }

    private static List<Map<String, Object>> records(UUID findingId) {
        return given().auth().oauth2(SUPERVISOR).queryParam("findingId", findingId.toString()).get(RECORDS).then()
                .statusCode(200).extract().jsonPath().getList("$");
    }

    private static String header(ConsumerRecord<String, String> r) {
        var h = r.headers().lastHeader("ce_type");
        return h == null ? null : new String(h.value(), java.nio.charset.StandardCharsets.UTF_8);
    }

    private void post(UUID id, String role, String unit, String name, int version) throws Exception {
        post(id, role, unit, name, version, true);
    }

    /** Waits until escalation-service holds entry {@code id} of the directory at {@code version}. */
    private static void awaitHeld(UUID id, int version) {
        await().atMost(Duration.ofSeconds(30)).until(() -> count("SELECT count(*) FROM post_holder WHERE"
                + " recipient_id = ? AND version = ?", id, version) == 1);
    }

    /** One number the escalation database answers, read directly (what the service has processed). */
    private static long count(String sql, Object... params) throws Exception {
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:postgresql://"
                + EmbeddedInfrastructure.postgres() + "/escalation", EmbeddedInfrastructure.postgresUser(),
                EmbeddedInfrastructure.postgresPassword());
                java.sql.PreparedStatement q = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                q.setObject(i + 1, params[i]);
            }
            try (java.sql.ResultSet rs = q.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private void post(UUID id, String role, String unit, String name, int version, boolean active) throws Exception {
        String data = mapper.writeValueAsString(new RecipientChanged(id, role, unit, name, active, version,
                Instant.now()));
        EmbeddedInfrastructure.kafkaCompanion().produceStrings().fromRecords(cloudEvent(Topics.RECIPIENTS,
                UUID.randomUUID(), EventTypes.RECIPIENT_CHANGED, id.toString(), data)).awaitCompletion();
    }

    private void assign(UUID findingId, String unit, String township, Instant rectifyBy) throws Exception {
        Instant dispatchedAt = Instant.now().minusSeconds(60);
        String data = mapper.writeValueAsString(new FindingAssigned(findingId, 1, unit, township, List.of(),
                Category.SANITATION, Severity.HIGH, SiteType.MAIN_ROAD, "Renmin Road", dispatchedAt,
                rectifyBy, rectifyBy, "co-1", 0, Map.of(unit, "测试局", township, "测试街道"), null,
                null));
        EmbeddedInfrastructure.kafkaCompanion().produceStrings().fromRecords(cloudEvent(Topics.CASES,
                UUID.randomUUID(), EventTypes.FINDING_ASSIGNED, findingId.toString(), data)).awaitCompletion();
    }

    private void close(UUID findingId) throws Exception {
        String data = mapper.writeValueAsString(new CaseClosed(findingId, 1, "X", CaseClosed.Outcome.FIXED, null,
                Instant.now(), "supervisor"));
        EmbeddedInfrastructure.kafkaCompanion().produceStrings().fromRecords(cloudEvent(Topics.CASES,
                UUID.randomUUID(), EventTypes.CASE_CLOSED, findingId.toString(), data)).awaitCompletion();
    }
}
