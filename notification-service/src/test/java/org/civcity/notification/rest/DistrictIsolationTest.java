package org.civcity.notification.rest;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.civcity.testsupport.CloudEventRecords.header;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.http.ContentType;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.civcity.contracts.AccountabilityRecorded;
import org.civcity.contracts.CaseClosed;
import org.civcity.contracts.EventTypes;
import org.civcity.contracts.LedgerHead;
import org.civcity.contracts.Topics;
import org.civcity.notification.AlertReceiverResource;
import org.civcity.notification.CaseEvents;
import org.civcity.notification.repository.LedgerHeadRepository;
import org.civcity.shared.security.Roles;
import org.civcity.standin.AlertReceiver;
import org.civcity.testsupport.EmbeddedInfrastructure;
import org.civcity.testsupport.InfrastructureResource;
import org.civcity.testsupport.OidcTestServer;
import org.civcity.testsupport.Tokens;
import org.junit.jupiter.api.Test;

/**
 * Two districts in one deployment (#24): each district's directory, alerts, deliveries, pages, duty rota, status
 * callbacks and ledger head are its own, though both use the same unit codes and the same posting system.
 */
@QuarkusTest
@QuarkusTestResource(value = InfrastructureResource.class,
        initArgs = @ResourceArg(name = "database", value = "notification"))
@QuarkusTestResource(OidcTestServer.class)
@QuarkusTestResource(AlertReceiverResource.class)
class DistrictIsolationTest {

    private static final String XIHU = "xihu";
    private static final String HOME_ADMIN = Tokens.user(Roles.ADMIN);
    private static final String XIHU_ADMIN = Tokens.inDistrict(XIHU, Roles.ADMIN);
    private static final String HOME_OPS = Tokens.user(Roles.OPS);
    private static final String XIHU_OPS = Tokens.inDistrict(XIHU, Roles.OPS);

    @Inject
    ObjectMapper mapper;

    @Inject
    LedgerHeadRepository ledger;

    private static String recipient(String admin, String role, String unit, String name, String path,
            String account) {
        Map<String, Object> body = new java.util.HashMap<>(Map.of("role", role, "name", name,
                "webhookUrl", AlertReceiverResource.receiver.url(path)));
        if (unit != null) {
            body.put("unit", unit);
        }
        if (account != null) {
            body.put("account", account);
        }
        return given().auth().oauth2(admin).contentType(ContentType.JSON).body(body).post("/api/v1/recipients")
                .then().statusCode(201).extract().path("id");
    }

    private static List<AlertReceiver.Received> received(String path, UUID findingId) {
        return AlertReceiverResource.receiver.received().stream()
                .filter(r -> r.path().equals(path) && r.body().contains(findingId.toString())).toList();
    }

    @Test
    void eachDistrictAlertsItsOwnPeopleAndSeesOnlyItsOwn() throws Exception {
        // The same unit code in both districts: two different departments with two different heads.
        String unit = "DISTRICTS_" + Long.toHexString(System.nanoTime()).toUpperCase();
        String homePath = "/districts/home/" + unit;
        String xihuPath = "/districts/xihu/" + unit;
        ConsumerTask<String, String> directory = EmbeddedInfrastructure.kafkaCompanion().consumeStrings()
                .fromTopics(Topics.RECIPIENTS);
        String homeHead = recipient(HOME_ADMIN, "UNIT_HEAD", unit, "主城区负责人", homePath, null);
        String xihuHead = recipient(XIHU_ADMIN, "UNIT_HEAD", unit, "西湖区负责人", xihuPath, null);

        // The directory: each district's admin lists and changes its own entries only.
        given().auth().oauth2(XIHU_ADMIN).get("/api/v1/recipients").then().statusCode(200)
                .body("id", hasItem(xihuHead)).body("id", not(hasItem(homeHead)));
        given().auth().oauth2(HOME_ADMIN).get("/api/v1/recipients").then().statusCode(200)
                .body("id", hasItem(homeHead)).body("id", not(hasItem(xihuHead)));
        given().auth().oauth2(HOME_ADMIN).delete("/api/v1/recipients/" + xihuHead).then().statusCode(404)
                .contentType("application/problem+json");
        given().auth().oauth2(HOME_ADMIN).contentType(ContentType.JSON).body(Map.of("role", "UNIT_HEAD", "unit",
                unit, "name", "改名", "version", 0)).put("/api/v1/recipients/" + xihuHead).then().statusCode(404);
        given().auth().oauth2(XIHU_ADMIN).get("/api/v1/recipients").then().body("name", hasItem("西湖区负责人"));
        // Its announcement names its district, so escalation-service names xihu's people in xihu's ledger.
        await().atMost(Duration.ofSeconds(20)).until(() -> directory.getRecords().stream()
                .anyMatch(r -> xihuHead.equals(r.key())));
        ConsumerRecord<String, String> announced = directory.getRecords().stream()
                .filter(r -> xihuHead.equals(r.key())).findFirst().orElseThrow();
        directory.close();
        assertEquals(XIHU, header(announced, "ce_district"));

        // A dispatch in each district alerts that district's head of the unit only.
        CaseEvents xihu = CaseEvents.in(XIHU, mapper);
        CaseEvents home = CaseEvents.of(mapper);
        xihu.assigned(unit, null, "西湖路", Instant.now().plusSeconds(3600));
        home.assigned(unit, null, "光明路", Instant.now().plusSeconds(3600));
        await().atMost(Duration.ofSeconds(20)).until(() -> received(xihuPath, xihu.findingId()).size() == 1
                && received(homePath, home.findingId()).size() == 1);
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).until(() ->
                received(homePath, xihu.findingId()).isEmpty() && received(xihuPath, home.findingId()).isEmpty());

        // A xihu alert for a unit without a xihu head is unroutable: never sent to the home district's configured
        // endpoint (the home district's alert without a directory entry is).
        CaseEvents nobody = CaseEvents.in(XIHU, mapper);
        nobody.assigned(unit + "_NOBODY", null, "西湖路", Instant.now().plusSeconds(3600));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().auth().oauth2(XIHU_OPS)
                .queryParam("findingId", nobody.findingId().toString()).get("/api/v1/deliveries").then()
                .statusCode(200).body("$", hasSize(1)).body("[0].status", equalTo("UNROUTABLE")));
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).until(() ->
                received("/alerts", nobody.findingId()).isEmpty());

        // Deliveries: each district's operators see their own.
        given().auth().oauth2(XIHU_OPS).queryParam("findingId", xihu.findingId().toString()).get("/api/v1/deliveries")
                .then().statusCode(200).body("$", hasSize(1));
        given().auth().oauth2(HOME_OPS).queryParam("findingId", xihu.findingId().toString()).get("/api/v1/deliveries")
                .then().statusCode(200).body("$", hasSize(0));
        String delivery = given().auth().oauth2(XIHU_OPS).queryParam("findingId", xihu.findingId().toString())
                .get("/api/v1/deliveries").then().extract().path("[0].id");
        given().auth().oauth2(HOME_OPS).post("/api/v1/deliveries/" + delivery + "/resend").then().statusCode(404);

        // An alert that must be acknowledged: xihu's leader gets it; the home district cannot see or answer it.
        String leaderPath = "/districts/xihu/leader/" + unit;
        recipient(XIHU_ADMIN, "DISTRICT_LEADER_IN_CHARGE", unit, "西湖区分管领导", leaderPath, "xihu-leader");
        xihu.escalated("DISTRICT_LEADER_IN_CHARGE", unit, 2, 7200, Instant.now());
        await().atMost(Duration.ofSeconds(20)).until(() -> received(leaderPath, xihu.findingId()).size() == 1);
        given().auth().oauth2(HOME_OPS).queryParam("findingId", xihu.findingId().toString()).get("/api/v1/pages")
                .then().statusCode(200).body("$", hasSize(0));
        String page = given().auth().oauth2(XIHU_OPS).queryParam("findingId", xihu.findingId().toString())
                .get("/api/v1/pages").then().statusCode(200).body("$", hasSize(1)).extract().path("[0].id");
        given().auth().oauth2(Tokens.person("xihu-leader", Roles.LEADER, Duration.ofMinutes(5)))
                .post("/api/v1/pages/" + page + "/acknowledgement").then().statusCode(404);

        // Duty rotas: each district keeps its own, versioned on its own; a home officer cannot be on xihu's.
        String xihuOfficer = recipient(XIHU_ADMIN, "CIVILIZATION_OFFICE", null, "西湖值班员", "/districts/xihu/duty",
                null);
        String homeOfficer = recipient(HOME_ADMIN, "CIVILIZATION_OFFICE", null, "主城值班员", "/districts/home/duty",
                null);
        int xihuVersion = rotaVersion(XIHU_OPS);
        int homeVersion = rotaVersion(HOME_OPS);
        given().auth().oauth2(XIHU_ADMIN).contentType(ContentType.JSON).body(Map.of("version", xihuVersion, "weekly",
                List.of(Map.of("from", "MONDAY 08:30", "to", "MONDAY 08:30", "recipientId", homeOfficer))))
                .put("/api/v1/duty-rota").then().statusCode(400).body("errors.field", hasItem("recipientId"));
        given().auth().oauth2(XIHU_ADMIN).contentType(ContentType.JSON).body(Map.of("version", xihuVersion, "weekly",
                List.of(Map.of("from", "MONDAY 08:30", "to", "MONDAY 08:30", "recipientId", xihuOfficer))))
                .put("/api/v1/duty-rota").then().statusCode(200).body("version", equalTo(xihuVersion + 1));
        assertEquals(homeVersion, rotaVersion(HOME_OPS), "xihu's rota counted as a home version");
        given().auth().oauth2(XIHU_OPS).get("/api/v1/duty-rota/on-duty").then().statusCode(200)
                .body("recipientId", equalTo(xihuOfficer));
        var homeRota = given().auth().oauth2(HOME_OPS).get("/api/v1/duty-rota");
        assertTrue(homeRota.statusCode() == 404 || !homeRota.body().asString().contains(xihuOfficer),
                homeRota.body().asString());

        // Status callbacks: one posting system registered in both districts hears each district's findings there.
        String client = "district-system-" + System.nanoTime();
        registerCallback(Tokens.reporter(client), "/districts/home/callbacks");
        registerCallback(Tokens.reporterIn(XIHU, client), "/districts/xihu/callbacks");
        given().auth().oauth2(Tokens.reporterIn(XIHU, client)).get("/api/v1/callbacks").then().statusCode(200)
                .body("$", hasSize(1)).body("[0].url", equalTo(AlertReceiverResource.receiver.url(
                        "/districts/xihu/callbacks")));
        given().auth().oauth2(Tokens.reporter(client)).get("/api/v1/callbacks").then().statusCode(200)
                .body("$", hasSize(1)).body("[0].url", equalTo(AlertReceiverResource.receiver.url(
                        "/districts/home/callbacks")));
        CaseEvents posted = CaseEvents.in(XIHU, mapper);
        CaseEvents postedHome = CaseEvents.of(mapper);
        posted.reported(client, "西湖路");
        postedHome.reported(client, "光明路");
        await().atMost(Duration.ofSeconds(20)).until(() -> received("/districts/xihu/callbacks",
                posted.findingId()).size() == 1 && received("/districts/home/callbacks",
                postedHome.findingId()).size() == 1);
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).until(() ->
                received("/districts/home/callbacks", posted.findingId()).isEmpty()
                && received("/districts/xihu/callbacks", postedHome.findingId()).isEmpty());

        // The ledger's head: xihu's chain moves xihu's head only.
        LedgerHead before = head("home");
        LedgerHead xihuBefore = head(XIHU);
        long sequence = (xihuBefore == null ? 0 : xihuBefore.sequence()) + 1;
        xihu.send(Topics.ESCALATIONS, EventTypes.ACCOUNTABILITY_RECORDED, new AccountabilityRecorded(
                UUID.randomUUID(), sequence, xihu.findingId(), 1, 1, unit, "UNIT_HEAD", "RECTIFICATION_OVERDUE", 60,
                Instant.now(), "ef".repeat(32), UUID.randomUUID(), null, null));
        await().atMost(Duration.ofSeconds(20)).until(() -> head(XIHU) != null && head(XIHU).sequence() == sequence);
        LedgerHead after = head("home");
        if (before == null) {
            assertNull(after, "the home head appeared from xihu's record");
        } else {
            assertEquals(before.sequence(), after.sequence(), "xihu's record moved the home head");
        }
        // The home entries made here would be alerted by other tests of the module: retired.
        for (String entry : List.of(homeHead, homeOfficer)) {
            given().auth().oauth2(HOME_ADMIN).delete("/api/v1/recipients/" + entry).then().statusCode(204);
        }
    }

    @Test
    void eachDistrictNamesItsOwnUnits() {
        // Two districts' departments share a code, not a name: an alert that carries no names (an escalation) uses
        // its own district's, not the name the latest dispatch of any district carried.
        String unit = "NAMES_" + Long.toHexString(System.nanoTime()).toUpperCase();
        String homePath = "/names/home/" + unit;
        String xihuPath = "/names/xihu/" + unit;
        String homeHead = recipient(HOME_ADMIN, "UNIT_HEAD", unit, "主城区负责人", homePath, null);
        recipient(XIHU_ADMIN, "UNIT_HEAD", unit, "西湖区负责人", xihuPath, null);
        CaseEvents xihu = CaseEvents.in(XIHU, mapper);
        CaseEvents home = CaseEvents.of(mapper);
        xihu.assigned(unit, null, List.of(), "西湖路", Instant.now().plusSeconds(3600), Map.of(unit, "西湖区城管局"));
        await().atMost(Duration.ofSeconds(20)).until(() -> received(xihuPath, xihu.findingId()).size() == 1);
        home.assigned(unit, null, List.of(), "光明路", Instant.now().plusSeconds(3600), Map.of(unit, "主城区城管局"));
        await().atMost(Duration.ofSeconds(20)).until(() -> received(homePath, home.findingId()).size() == 1);

        xihu.escalated("UNIT_HEAD", unit, 1, 600, Instant.now());
        home.escalated("UNIT_HEAD", unit, 1, 600, Instant.now());
        await().atMost(Duration.ofSeconds(20)).until(() -> received(xihuPath, xihu.findingId()).size() == 2
                && received(homePath, home.findingId()).size() == 2);
        String xihuAlert = escalationText(xihuPath, xihu.findingId());
        String homeAlert = escalationText(homePath, home.findingId());
        assertTrue(xihuAlert.contains("西湖区城管局") && !xihuAlert.contains("主城区城管局"), xihuAlert);
        assertTrue(homeAlert.contains("主城区城管局") && !homeAlert.contains("西湖区城管局"), homeAlert);
        given().auth().oauth2(HOME_ADMIN).delete("/api/v1/recipients/" + homeHead).then().statusCode(204);
    }

    private static String escalationText(String path, UUID findingId) {
        return received(path, findingId).stream().map(AlertReceiver.Received::body).filter(b -> b.contains("超期督办"))
                .findFirst().orElseThrow();
    }

    @Test
    void anEventOfAnotherDistrictThanItsCaseIsRefused() {
        ConsumerTask<String, String> dead = EmbeddedInfrastructure.kafkaCompanion().consumeStrings()
                .fromTopics(Topics.deadLetter("notification-service"));
        CaseEvents home = CaseEvents.of(mapper);
        home.assigned("DISTRICTS_REFUSED", null, "光明路", Instant.now().plusSeconds(3600));
        // The same finding's next event (same topic and key, so read after it) claims xihu.
        new CaseEvents(mapper, home.findingId(), XIHU).closed("DISTRICTS_REFUSED", CaseClosed.Outcome.FIXED,
                Instant.now());
        await().atMost(Duration.ofSeconds(30)).until(() -> dead.getRecords().stream()
                .anyMatch(r -> home.findingId().toString().equals(r.key())));
        dead.stop();
        assertTrue(dead.getRecords().stream().filter(r -> home.findingId().toString().equals(r.key()))
                .allMatch(r -> String.valueOf(header(r, "dead-letter-reason")).contains("another district's")),
                "dead-lettered for another reason");
    }

    private static int rotaVersion(String ops) {
        var current = given().auth().oauth2(ops).get("/api/v1/duty-rota");
        return current.statusCode() == 404 ? 0 : current.then().statusCode(200).extract().path("version");
    }

    private static void registerCallback(String token, String path) {
        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body("{\"url\": \"" + AlertReceiverResource.receiver.url(path) + "\"}")
                .post("/api/v1/callbacks").then().statusCode(201);
    }

    private LedgerHead head(String district) {
        try {
            return VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(() -> ledger.head(district)));
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }
}
