package org.civcity.findings.rest;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.civcity.testsupport.CloudEventRecords.cloudEvent;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.civcity.contracts.CaseClosed;
import org.civcity.contracts.Category;
import org.civcity.contracts.EventTypes;
import org.civcity.contracts.FindingAssigned;
import org.civcity.contracts.Severity;
import org.civcity.contracts.SiteType;
import org.civcity.contracts.Topics;
import org.civcity.testsupport.EmbeddedInfrastructure;
import org.civcity.testsupport.InfrastructureResource;
import org.civcity.testsupport.OidcTestServer;
import org.junit.jupiter.api.Test;

/** Open311 GeoReport v2 as existing clients use it: discovery, form and JSON posts, status, filters, errors. */
@QuarkusTest
@QuarkusTestResource(value = InfrastructureResource.class,
        initArgs = @ResourceArg(name = "database", value = "findings"))
@QuarkusTestResource(OidcTestServer.class)
class Open311Test {

    private static final String REPORTER = FindingResourceTest.REPORTER;

    @Inject
    ObjectMapper mapper;

    @Test
    void servicesAreTheCategoriesAndSubcategories() {
        given().get("/open311/v2/services.json").then().statusCode(200)
                .body("service_code", hasItems("SANITATION", "SANITATION.WASTE", "TRAFFIC_ORDER.PARKING"))
                .body("find { it.service_code == 'SANITATION.WASTE' }.metadata", equalTo(true));
        given().get("/open311/v2/services/SANITATION.WASTE.json").then().statusCode(200)
                .body("attributes.code", hasItems("site_type", "site_name", "site_code", "severity"));
        given().get("/open311/v2/services/WEATHER.json").then().statusCode(400).body("[0].code", equalTo(400));
    }

    @Test
    void aFormPostedRequestBecomesAFindingAndFollowsItsCase() throws Exception {
        String id = given().auth().oauth2(REPORTER).contentType(ContentType.URLENC)
                .formParam("service_code", "SANITATION.WASTE")
                .formParam("lat", "30.2741").formParam("long", "120.1551")
                .formParam("address_string", "Lane 3, Xinhua Road")
                .formParam("description", "Unsorted waste next to the bins")
                .formParam("media_url", "https://evidence.example/o311.jpg")
                .formParam("first_name", "Mei").formParam("last_name", "Lin")
                .formParam("attribute[site_type]", "BACK_ALLEY")
                .post("/open311/v2/requests.json").then().statusCode(201)
                .body("[0].service_request_id", notNullValue()).extract().path("[0].service_request_id");

        given().auth().oauth2(REPORTER).get("/open311/v2/requests/" + id + ".json").then().statusCode(200)
                .body("[0].status", equalTo("open"))
                .body("[0].service_code", equalTo("SANITATION.WASTE"))
                .body("[0].lat", equalTo(30.2741f))
                .body("[0].media_url", equalTo("https://evidence.example/o311.jpg"))
                .body("[0].expected_datetime", nullValue())
                .body("[0].requested_datetime", notNullValue());

        UUID findingId = UUID.fromString(id);
        Instant now = Instant.now();
        produce(Topics.CASES, EventTypes.FINDING_ASSIGNED, findingId, new FindingAssigned(findingId, 1,
                "URBAN_MANAGEMENT", null,
                java.util.List.of(), Category.SANITATION, Severity.MEDIUM, SiteType.BACK_ALLEY, "Lane 3", now,
                now.plusSeconds(3600), now.plusSeconds(86_400), "p1", 0));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().auth().oauth2(REPORTER)
                .get("/open311/v2/requests/" + id + ".json").then()
                .body("[0].expected_datetime", startsWith(now.plusSeconds(86_400).atZone(
                        java.time.ZoneId.of("Asia/Shanghai")).toLocalDate().toString()))
                .body("[0].agency_responsible", equalTo("URBAN_MANAGEMENT")));

        given().auth().oauth2(REPORTER).queryParam("service_code", "SANITATION.WASTE").queryParam("status", "open")
                .get("/open311/v2/requests.json").then().statusCode(200)
                .body("service_request_id", hasItem(id));

        produce(Topics.CASES, EventTypes.CASE_CLOSED, findingId, new CaseClosed(findingId, 1, "URBAN_MANAGEMENT",
                CaseClosed.Outcome.FIXED, null, Instant.now(), "supervisor"));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().auth().oauth2(REPORTER)
                .get("/open311/v2/requests/" + id + ".json").then().body("[0].status", equalTo("closed")));
        given().auth().oauth2(REPORTER).queryParam("status", "open").get("/open311/v2/requests.json")
                .then().statusCode(200).body("service_request_id", not(hasItem(id)));
        given().auth().oauth2(REPORTER).queryParam("service_request_id", id + "," + UUID.randomUUID())
                .get("/open311/v2/requests.json").then().statusCode(200)
                .body("service_request_id", equalTo(java.util.List.of(id)));
    }

    @Test
    void aJsonPostWithAttributesIsAcceptedToo() {
        given().auth().oauth2(REPORTER).contentType(ContentType.JSON).body("""
                {"service_code": "TRAFFIC_ORDER.PARKING", "address_string": "Renmin Road 88",
                 "description": "Cars parked on the pavement",
                 "attribute": {"site_type": "MAIN_ROAD", "site_name": "Renmin Road", "severity": "HIGH"}}
                """).post("/open311/v2/requests.json").then().statusCode(201)
                .body("[0].service_request_id", notNullValue());
    }

    @Test
    void errorsUseTheSpecificationsFormat() {
        given().auth().oauth2(REPORTER).contentType(ContentType.URLENC).formParam("lat", "30").formParam("long", "120")
                .formParam("description", "x").post("/open311/v2/requests.json")
                .then().statusCode(400).contentType(ContentType.JSON).body("[0].code", equalTo(400))
                .body("[0].description", startsWith("service_code"));
        given().auth().oauth2(REPORTER).contentType(ContentType.URLENC).formParam("service_code", "SANITATION")
                .formParam("description", "nowhere").post("/open311/v2/requests.json")
                .then().statusCode(400).body("[0].description", startsWith("lat and long"));
        given().auth().oauth2(REPORTER).contentType(ContentType.URLENC).formParam("service_code", "SANITATION")
                .formParam("lat", "north").formParam("long", "120").formParam("description", "x")
                .post("/open311/v2/requests.json").then().statusCode(400).body("[0].description", startsWith("lat"));
        given().auth().oauth2(REPORTER).contentType(ContentType.URLENC).formParam("service_code", "SANITATION")
                .formParam("lat", "30").formParam("long", "120").post("/open311/v2/requests.json")
                .then().statusCode(400).body("[0].description", startsWith("description"));
        given().auth().oauth2(REPORTER).queryParam("status", "pending").get("/open311/v2/requests.json")
                .then().statusCode(400).body("[0].code", equalTo(400));
        given().auth().oauth2(REPORTER).get("/open311/v2/requests/" + UUID.randomUUID() + ".json")
                .then().statusCode(404).body("[0].code", equalTo(404));
        given().contentType(ContentType.URLENC).formParam("service_code", "SANITATION")
                .post("/open311/v2/requests.json").then().statusCode(401);
    }

    private void produce(String topic, String type, UUID findingId, Object data) throws Exception {
        EmbeddedInfrastructure.kafkaCompanion().produceStrings().fromRecords(cloudEvent(topic, UUID.randomUUID(),
                type, findingId.toString(), mapper.writeValueAsString(data))).awaitCompletion();
    }
}
