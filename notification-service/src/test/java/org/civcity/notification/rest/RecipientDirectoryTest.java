package org.civcity.notification.rest;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.civcity.testsupport.CloudEventRecords.cloudEvent;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.civcity.contracts.BulletinPublished;
import org.civcity.contracts.EscalationRaised;
import org.civcity.contracts.EventTypes;
import org.civcity.contracts.InstructionIssued;
import org.civcity.contracts.Party;
import org.civcity.contracts.SiteDelisted;
import org.civcity.contracts.SiteListed;
import org.civcity.contracts.SiteType;
import org.civcity.contracts.Topics;
import org.civcity.notification.AlertReceiverResource;
import org.civcity.shared.security.Roles;
import org.civcity.testsupport.EmbeddedInfrastructure;
import org.civcity.testsupport.EventSchemas;
import org.civcity.testsupport.InfrastructureResource;
import org.civcity.testsupport.OidcTestServer;
import org.civcity.testsupport.Tokens;
import org.junit.jupiter.api.Test;

/** The recipient directory: admins keep it, versioned; alerts go to whoever holds the role for the unit. */
@QuarkusTest
@QuarkusTestResource(value = InfrastructureResource.class,
        initArgs = @ResourceArg(name = "database", value = "notification"))
@QuarkusTestResource(OidcTestServer.class)
@QuarkusTestResource(AlertReceiverResource.class)
class RecipientDirectoryTest {

    private static final String ADMIN = Tokens.user(Roles.ADMIN);
    private static final String OPS = Tokens.user(Roles.OPS);

    @Inject
    ObjectMapper mapper;

    private static String recipient(String role, String unit, String name, String path) {
        return """
                {"role": "%s", %s "name": "%s", "webhookUrl": "%s", "email": "leader@district.example.gov.cn",
                 "mobile": "+86 138 0000 0000", "quietHours": "22:00-07:00"}
                """.formatted(role, unit == null ? "" : "\"unit\": \"" + unit + "\",", name,
                AlertReceiverResource.receiver.url(path));
    }

    /** A recipient reached by webhook at any hour: what a test of a level-1 alert's text needs at any time of day. */
    private static String alwaysReachable(String role, String unit, String name, String path) {
        return """
                {"role": "%s", "unit": "%s", "name": "%s", "webhookUrl": "%s"}
                """.formatted(role, unit, name, AlertReceiverResource.receiver.url(path));
    }

    private void raise(UUID findingId, String target, String unit) throws Exception {
        String data = mapper.writeValueAsString(new EscalationRaised(UUID.randomUUID(), findingId, 1, 3, target,
                unit, "RECTIFICATION_OVERDUE", Instant.now(), Instant.now(), Instant.now(), 100, false));
        EmbeddedInfrastructure.kafkaCompanion().produceStrings().fromRecords(cloudEvent(Topics.ESCALATIONS,
                UUID.randomUUID(), EventTypes.ESCALATION_RAISED, findingId.toString(), data)).awaitCompletion();
    }

    @Test
    void alertsGoToWhoeverHoldsTheRoleForTheUnitOrDistrictWide() throws Exception {
        String unit = "UNIT_" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON)
                .body(recipient("DISTRICT_LEADER_IN_CHARGE", unit, "Deputy Head Li", "/leaders/" + unit))
                .post("/api/v1/recipients").then().statusCode(201).body("version", equalTo(0));
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON)
                .body(recipient("PRINCIPAL_LEADERS_" + unit, null, "District Secretary", "/principal/" + unit))
                .post("/api/v1/recipients").then().statusCode(201);

        UUID inCharge = UUID.randomUUID();
        UUID principal = UUID.randomUUID();
        raise(inCharge, "DISTRICT_LEADER_IN_CHARGE", unit);
        raise(principal, "PRINCIPAL_LEADERS_" + unit, "ANY_UNIT");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().auth().oauth2(OPS)
                .queryParam("findingId", inCharge.toString()).get("/api/v1/deliveries").then()
                .body("[0].status", equalTo("DELIVERED"))
                .body("[0].recipient", equalTo("DISTRICT_LEADER_IN_CHARGE/Deputy Head Li")));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().auth().oauth2(OPS)
                .queryParam("findingId", principal.toString()).get("/api/v1/deliveries").then()
                .body("[0].status", equalTo("DELIVERED"))
                .body("[0].endpoint", equalTo(AlertReceiverResource.receiver.url("/principal/" + unit))));
        await().atMost(Duration.ofSeconds(5)).until(() -> AlertReceiverResource.receiver.received().stream()
                .anyMatch(r -> r.path().equals("/leaders/" + unit) && r.body().contains(inCharge.toString())));
    }

    @Test
    void everyPartyOfALevelIsAlertedAndTheTextNamesThemAll() throws Exception {
        String unit = "DEPT_" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
        String township = "TOWN_" + unit.substring(5);
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON)
                .body(alwaysReachable("UNIT_HEAD", unit, "王建国", "/heads/" + unit))
                .post("/api/v1/recipients").then().statusCode(201);
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON)
                .body(alwaysReachable("UNIT_HEAD", township, "李明", "/heads/" + township))
                .post("/api/v1/recipients").then().statusCode(201);
        UUID findingId = UUID.randomUUID();
        String data = mapper.writeValueAsString(new EscalationRaised(UUID.randomUUID(), findingId, 1, 1,
                "UNIT_HEAD", unit, "RECTIFICATION_OVERDUE", Instant.now(), Instant.now(), Instant.now(), 100, false,
                List.of(new Party("UNIT_HEAD", unit, "城市管理局", List.of("王建国")),
                        new Party("UNIT_HEAD", township, "新华街道", List.of("李明")))));
        EmbeddedInfrastructure.kafkaCompanion().produceStrings().fromRecords(cloudEvent(Topics.ESCALATIONS,
                UUID.randomUUID(), EventTypes.ESCALATION_RAISED, findingId.toString(), data)).awaitCompletion();
        for (String path : List.of("/heads/" + unit, "/heads/" + township)) {
            String body = await().atMost(Duration.ofSeconds(20)).until(() -> AlertReceiverResource.receiver
                    .received().stream().filter(r -> r.path().equals(path) && r.body().contains(findingId.toString()))
                    .map(r -> r.body()).findFirst(), Optional::isPresent).orElseThrow();
            assertTrue(body.contains("督办对象：城市管理局 责任单位主要负责人 王建国；新华街道 责任单位主要负责人 李明"), body);
            assertTrue(body.contains("【超期督办】城市管理局"), body);
        }

        // A leader's instruction on the case: both heads are told, with its text and deadline.
        String instruction = mapper.writeValueAsString(new InstructionIssued(UUID.randomUUID(), findingId,
                UUID.randomUUID(), unit, township, "李区长", "请三日内整改到位", Instant.now(),
                Instant.now().plusSeconds(3600)));
        EmbeddedInfrastructure.kafkaCompanion().produceStrings().fromRecords(cloudEvent(Topics.ESCALATIONS,
                UUID.randomUUID(), EventTypes.INSTRUCTION_ISSUED, findingId.toString(), instruction))
                .awaitCompletion();
        for (String path : List.of("/heads/" + unit, "/heads/" + township)) {
            String body = await().atMost(Duration.ofSeconds(20)).until(() -> AlertReceiverResource.receiver
                    .received().stream().filter(r -> r.path().equals(path) && r.body().contains("领导批示"))
                    .map(r -> r.body()).findFirst(), Optional::isPresent).orElseThrow();
            assertTrue(body.contains("李区长批示：请三日内整改到位"), body);
        }

        // Its site put under listed supervision (挂牌督办) and later taken off: both heads are told each time.
        UUID listingId = UUID.randomUUID();
        Instant listedAt = Instant.now();
        produceSite(EventTypes.SITE_LISTED, findingId, new SiteListed(listingId, findingId, "code:S-" + unit,
                SiteType.BACK_ALLEY, "幸福里后巷", "S-" + unit, township, null, unit, 3, "P180D",
                List.of(findingId), listedAt, listedAt.plusSeconds(5 * 86400), "5 working days"));
        for (String path : List.of("/heads/" + unit, "/heads/" + township)) {
            String body = await().atMost(Duration.ofSeconds(20)).until(() -> AlertReceiverResource.receiver
                    .received().stream().filter(r -> r.path().equals(path) && r.body().contains("【挂牌督办】"))
                    .map(r -> r.body()).findFirst(), Optional::isPresent).orElseThrow();
            assertTrue(body.contains("幸福里后巷"), body);
            assertTrue(body.contains("该点位180天内复发3次，已列入挂牌督办。"), body);
            assertTrue(body.contains(path.endsWith(township) ? "负属地责任" : "牵头，会同属地共同整改"), body);
            assertTrue(body.contains("\"reason\":\"SITE_LISTED\""), body);
        }
        produceSite(EventTypes.SITE_DELISTED, findingId, new SiteDelisted(listingId, findingId, "code:S-" + unit,
                "幸福里后巷", township, unit, listedAt, listedAt.plusSeconds(60), "20 working days",
                listedAt.plusSeconds(120)));
        for (String path : List.of("/heads/" + unit, "/heads/" + township)) {
            String body = await().atMost(Duration.ofSeconds(20)).until(() -> AlertReceiverResource.receiver
                    .received().stream().filter(r -> r.path().equals(path) && r.body().contains("【撤销挂牌】"))
                    .map(r -> r.body()).findFirst(), Optional::isPresent).orElseThrow();
            assertTrue(body.contains("20个工作日无新问题，已撤销挂牌督办"), body);
        }
    }

    @Test
    void aPublishedBulletinReachesTheLeadersAndTheHeadsOfTheUnitsOnItsBlackList() throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 8).toUpperCase();
        String black = "BLACK_" + suffix;
        String red = "RED_" + suffix;
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON)
                .body(alwaysReachable("PRINCIPAL_LEADERS", null, "区委书记" + suffix, "/bulletin/leader/" + suffix)
                        .replace("\"unit\": \"null\", ", ""))
                .post("/api/v1/recipients").then().statusCode(201);
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON)
                .body(alwaysReachable("UNIT_HEAD", black, "赵局长", "/bulletin/" + black))
                .post("/api/v1/recipients").then().statusCode(201);
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON)
                .body(alwaysReachable("UNIT_HEAD", red, "钱局长", "/bulletin/" + red))
                .post("/api/v1/recipients").then().statusCode(201);
        String hash = "a".repeat(64);
        BulletinPublished published = new BulletinPublished(UUID.randomUUID(), "2026-11", 2, Instant.now(),
                "区创文办 张敏", "第三部分漏列一起升级", List.of(new BulletinPublished.Listed(red, "红榜局" + suffix, false)),
                List.of(new BulletinPublished.Listed(black, "黑榜局" + suffix, false)), 4, 1, 2, 77, hash,
                "/api/v1/bulletins/2026-11/publications/2");
        EmbeddedInfrastructure.kafkaCompanion().produceStrings().fromRecords(cloudEvent(Topics.ESCALATIONS,
                UUID.randomUUID(), EventTypes.BULLETIN_PUBLISHED, "bulletin:2026-11",
                mapper.writeValueAsString(published))).awaitCompletion();
        String leader = received("/bulletin/leader/" + suffix);
        assertTrue(leader.contains("【创建工作通报】2026-11（第2版，更正）"), leader);
        assertTrue(leader.contains("更正说明：第三部分漏列一起升级"), leader);
        assertTrue(leader.contains("红榜：红榜局" + suffix), leader);
        assertTrue(leader.contains("黑榜：黑榜局" + suffix), leader);
        assertTrue(leader.contains("本期逾期升级 4 次，待处理问责建议 1 件，挂牌督办点位 2 个。"), leader);
        assertTrue(leader.contains("第 77 条，SHA-256 " + hash), leader);
        assertTrue(leader.contains("/api/v1/bulletins/2026-11/publications/2?format=html"), leader);
        assertTrue(leader.contains("\"type\":\"bulletin.published\""), leader);
        assertTrue(!leader.contains("贵单位列入黑榜"), leader);
        String head = received("/bulletin/" + black);
        assertTrue(head.contains("赵局长：区创文办已于"), head);
        assertTrue(head.contains("贵单位列入黑榜"), head);
        // The red list's head is not sent a bulletin meant for leaders and the units it names.
        assertTrue(AlertReceiverResource.receiver.received().stream().noneMatch(r -> r.path().equals("/bulletin/"
                + red)));
    }

    private static String received(String path) {
        return await().atMost(Duration.ofSeconds(20)).until(() -> AlertReceiverResource.receiver.received().stream()
                .filter(r -> r.path().equals(path)).map(r -> r.body()).findFirst(), Optional::isPresent)
                .orElseThrow();
    }

    private void produceSite(String type, UUID findingId, Object data) throws Exception {
        EmbeddedInfrastructure.kafkaCompanion().produceStrings().fromRecords(cloudEvent(Topics.SITES,
                UUID.randomUUID(), type, findingId.toString(), mapper.writeValueAsString(data))).awaitCompletion();
    }

    @Test
    void onlyAdminsChangeTheDirectoryAndStaleChangesAreRefused() {
        ConsumerTask<String, String> announced = EmbeddedInfrastructure.kafkaCompanion().consumeStrings()
                .withProp("auto.offset.reset", "earliest").fromTopics(Topics.RECIPIENTS);
        String id = given().auth().oauth2(ADMIN).contentType(ContentType.JSON)
                .body(recipient("UNIT_HEAD", "TRAFFIC_POLICE", "Captain Zhao", "/tp"))
                .post("/api/v1/recipients").then().statusCode(201).extract().path("id");
        given().auth().oauth2(OPS).contentType(ContentType.JSON)
                .body(recipient("UNIT_HEAD", "TRAFFIC_POLICE", "Someone", "/x"))
                .post("/api/v1/recipients").then().statusCode(403);
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON)
                .body("{\"role\": \"unit head\", \"name\": \"\", \"webhookUrl\": \"ftp://x\","
                        + " \"quietHours\": \"25:00\"}")
                .post("/api/v1/recipients").then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", containsInAnyOrder("role", "name", "webhookUrl", "quietHours"));
        String update = recipient("UNIT_HEAD", "TRAFFIC_POLICE", "Captain Zhao Jr", "/tp");
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON)
                .body(update.replace("}", ", \"version\": 7}"))
                .put("/api/v1/recipients/" + id).then().statusCode(409).body("version", equalTo(0));
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON)
                .body(update.replace("}", ", \"version\": 0}"))
                .put("/api/v1/recipients/" + id).then().statusCode(200)
                .body("version", equalTo(1)).body("name", equalTo("Captain Zhao Jr"));
        given().auth().oauth2(OPS).get("/api/v1/recipients").then().statusCode(200).body("id", hasItem(id));
        given().auth().oauth2(ADMIN).delete("/api/v1/recipients/" + id).then().statusCode(204);
        given().auth().oauth2(OPS).get("/api/v1/recipients").then().statusCode(200).body("id", not(hasItem(id)));
        given().auth().oauth2(ADMIN).delete("/api/v1/recipients/" + id).then().statusCode(404);

        // Every change went out on the directory topic, keyed by the entry, so the ledger can name who held a post.
        List<ConsumerRecord<String, String>> changes = await().atMost(Duration.ofSeconds(20)).until(() -> announced
                .getRecords().stream().filter(r -> id.equals(r.key())).toList(), list -> list.size() == 3);
        announced.close();
        changes.forEach(EventSchemas::assertValid);
        assertTrue(changes.get(1).value().contains("Captain Zhao Jr"), changes.get(1).value());
        assertTrue(changes.get(2).value().contains("\"active\":false"), changes.get(2).value());
    }
}
