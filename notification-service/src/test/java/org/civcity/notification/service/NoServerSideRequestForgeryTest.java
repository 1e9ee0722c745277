package org.civcity.notification.service;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.civcity.notification.AlertReceiverResource;
import org.civcity.notification.CaseEvents;
import org.civcity.shared.security.Roles;
import org.civcity.testsupport.InfrastructureResource;
import org.civcity.testsupport.OidcTestServer;
import org.civcity.testsupport.Tokens;
import org.junit.jupiter.api.Test;

/**
 * Issue #18 point 1: this service sends HTTP requests only where the outbound policy allows. The tests allow http to
 * 127.0.0.1 alone (the stand-ins); everything else on loopback, private, link-local and reserved networks is refused
 * when registered and again when sent; redirects are not followed; a response body is read up to a limit.
 */
@QuarkusTest
@QuarkusTestResource(value = InfrastructureResource.class,
        initArgs = @ResourceArg(name = "database", value = "notification"))
@QuarkusTestResource(OidcTestServer.class)
@QuarkusTestResource(AlertReceiverResource.class)
class NoServerSideRequestForgeryTest {

    private static final String OPS = Tokens.user(Roles.OPS);

    @Inject
    ObjectMapper mapper;

    private static int receiverPort() {
        return URI.create(AlertReceiverResource.receiver.url("/")).getPort();
    }

    @Test
    void callbackUrlsToInternalAddressesAreRefusedAndNothingIsStored() {
        String client = "ssrf-probe-" + System.nanoTime();
        List<String> refused = List.of(
                "http://127.0.0.2:" + receiverPort() + "/x", // loopback beyond the one address the tests allow
                "http://[::1]:" + receiverPort() + "/x",
                "http://[::ffff:127.0.0.2]/x", // an IPv4-mapped loopback
                "http://2130706434/x", // 127.0.0.2 written as one number: parsed as an address, not a name
                "https://169.254.169.254/latest/meta-data/", // cloud metadata
                "https://100.100.100.200/latest/meta-data/", // Alibaba Cloud metadata (shared address space)
                "https://[fd00:ec2::254]/latest/meta-data/", // AWS metadata over IPv6 (unique local)
                "https://10.0.0.5/internal", "https://172.16.0.1/", "https://192.168.1.1/admin",
                "https://0.0.0.0/", "https://[ff02::1]/", "https://224.0.0.1/",
                "https://user:password@alerts.example.gov.cn/x", // user information confuses what the host is
                "ftp://alerts.example.gov.cn/x", "gopher://127.0.0.1:25/");
        for (String url : refused) {
            given().auth().oauth2(Tokens.reporter(client)).contentType(ContentType.JSON)
                    .body("{\"url\": \"" + url + "\"}").post("/api/v1/callbacks")
                    .then().statusCode(400).contentType("application/problem+json")
                    .body("errors[0].field", equalTo("url"));
        }
        given().auth().oauth2(Tokens.reporter(client)).get("/api/v1/callbacks").then().statusCode(200)
                .body("$", hasSize(0));
    }

    @Test
    void recipientWebhooksToInternalAddressesAreRefusedAndNothingIsStored() {
        String name = "Probe " + System.nanoTime();
        given().auth().oauth2(Tokens.user(Roles.ADMIN)).contentType(ContentType.JSON)
                .body("{\"role\": \"UNIT_HEAD\", \"name\": \"" + name + "\","
                        + " \"webhookUrl\": \"http://169.254.169.254/latest/meta-data/iam/\"}")
                .post("/api/v1/recipients").then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("webhookUrl"));
        given().auth().oauth2(OPS).get("/api/v1/recipients").then().statusCode(200)
                .body("name", not(hasItem(name)));
    }

    @Test
    void aConfiguredEndpointAtAnInternalAddressIsRefusedAtSendTimeAndNotRetried() throws Exception {
        for (String target : List.of("METADATA_PROBE", "LOOPBACK_PROBE")) {
            CaseEvents events = CaseEvents.of(mapper);
            events.escalated(target, "URBAN_MANAGEMENT", 1, 3725, Instant.now());
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().auth().oauth2(OPS)
                    .queryParam("findingId", events.findingId().toString()).get("/api/v1/deliveries").then()
                    .body("[0].status", equalTo("DEAD"))
                    .body("[0].attempts", equalTo(1))
                    .body("[0].lastError", startsWith(OutboundPolicy.REFUSED)));
        }
    }

    @Test
    void redirectsAreNotFollowed() throws Exception {
        CaseEvents events = CaseEvents.of(mapper);
        events.escalated("REDIRECTING", "URBAN_MANAGEMENT", 1, 3725, Instant.now());
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().auth().oauth2(OPS)
                .queryParam("findingId", events.findingId().toString()).get("/api/v1/deliveries").then()
                .body("[0].status", equalTo("DEAD"))
                .body("[0].lastError", equalTo("HTTP 302 (redirects are not followed)")));
        assertTrue(AlertReceiverResource.receiver.received().stream().noneMatch(r -> r.path().equals("/redirected")));
    }

    @Test
    void aResponseBodyIsReadOnlyUpToTheLimit() throws Exception {
        // The endpoint accepts and then sends a body that never ends: read whole, the attempt would time out.
        CaseEvents events = CaseEvents.of(mapper);
        events.escalated("ENDLESS_BODY", "URBAN_MANAGEMENT", 1, 3725, Instant.now());
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().auth().oauth2(OPS)
                .queryParam("findingId", events.findingId().toString()).get("/api/v1/deliveries").then()
                .body("[0].status", equalTo("DELIVERED"))
                .body("[0].attempts", equalTo(1)));
    }

    /**
     * The request goes to the address the policy checked, not to a fresh lookup of the name; over https the server's
     * certificate must still name the URL's host and come from a trusted authority. The stand-ins all listen on
     * 127.0.0.1 and are reached as alerts.civcity.test, whose certificate is accepted only from the one that has it.
     */
    @Test
    void overHttpsTheCertificateMustNameTheUrlsHostFromATrustedAuthority() throws Exception {
        CaseEvents trusted = CaseEvents.of(mapper);
        trusted.escalated("TLS_TRUSTED", "URBAN_MANAGEMENT", 1, 3725, Instant.now());
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().auth().oauth2(OPS)
                .queryParam("findingId", trusted.findingId().toString()).get("/api/v1/deliveries").then()
                .body("[0].status", equalTo("DELIVERED"))
                .body("[0].attempts", equalTo(1)));
        assertTrue(AlertReceiverResource.tlsTrusted.received().stream()
                .anyMatch(r -> r.body().contains(trusted.findingId().toString())));
        // The name checked is the URL's host, though the connection went to 127.0.0.1; and the chain is checked.
        Map<String, String> why = Map.of(
                "TLS_WRONG_NAME", "No subject alternative DNS name matching alerts.civcity.test",
                "TLS_UNKNOWN_AUTHORITY", "unable to find valid certification path");
        for (Map.Entry<String, String> target : why.entrySet()) {
            CaseEvents refused = CaseEvents.of(mapper);
            refused.escalated(target.getKey(), "URBAN_MANAGEMENT", 1, 3725, Instant.now());
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().auth().oauth2(OPS)
                    .queryParam("findingId", refused.findingId().toString()).get("/api/v1/deliveries").then()
                    .body("[0].status", equalTo("DEAD"))
                    .body("[0].lastError", containsString("SSLHandshakeException"))
                    .body("[0].lastError", containsString(target.getValue())));
        }
        assertTrue(AlertReceiverResource.tlsWrongName.received().isEmpty());
        assertTrue(AlertReceiverResource.tlsUnknownAuthority.received().isEmpty());
    }
}
