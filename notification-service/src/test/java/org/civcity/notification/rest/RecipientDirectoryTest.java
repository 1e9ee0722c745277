package org.civcity.notification.rest;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.civcity.testsupport.CloudEventRecords.cloudEvent;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.civcity.contracts.EscalationRaised;
import org.civcity.contracts.EventTypes;
import org.civcity.contracts.Topics;
import org.civcity.notification.AlertReceiverResource;
import org.civcity.shared.security.Roles;
import org.civcity.testsupport.EmbeddedInfrastructure;
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
    void onlyAdminsChangeTheDirectoryAndStaleChangesAreRefused() {
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
    }
}
