package org.civcity.notification.service;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.civcity.contracts.CaseClosed;
import org.civcity.contracts.DeadlineApproaching;
import org.civcity.contracts.EventTypes;
import org.civcity.contracts.Topics;
import org.civcity.notification.AlertReceiverResource;
import org.civcity.notification.CaseEvents;
import org.civcity.shared.security.Roles;
import org.civcity.standin.AlertReceiver;
import org.civcity.testsupport.InfrastructureResource;
import org.civcity.testsupport.OidcTestServer;
import org.civcity.testsupport.Tokens;
import org.junit.jupiter.api.Test;

/** Every channel against a real server on loopback: webhook, SMTP (GreenMail), SMS gateway stand-in; rate limits. */
@QuarkusTest
@QuarkusTestResource(value = InfrastructureResource.class,
        initArgs = @ResourceArg(name = "database", value = "notification"))
@QuarkusTestResource(OidcTestServer.class)
@QuarkusTestResource(AlertReceiverResource.class)
class ChannelsTest {

    private static final String ADMIN = Tokens.user(Roles.ADMIN);

    @Inject
    ObjectMapper mapper;

    static void addRecipient(String role, String unit, String webhookPath, String email, String mobile) {
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON).body("""
                {"role": "%s", "unit": %s, "name": "%s", "webhookUrl": %s, "email": %s, "mobile": %s}
                """.formatted(role, unit == null ? "null" : "\"" + unit + "\"", role + " of " + unit,
                        webhookPath == null ? "null" : "\"" + AlertReceiverResource.receiver.url(webhookPath) + "\"",
                        email == null ? "null" : "\"" + email + "\"", mobile == null ? "null" : "\"" + mobile + "\""))
                .post("/api/v1/recipients").then().statusCode(201);
    }

    static List<MimeMessage> mailTo(String address) {
        return Arrays.stream(AlertReceiverResource.mail.getReceivedMessages()).filter(m -> {
            try {
                return Arrays.stream(m.getRecipients(Message.RecipientType.TO))
                        .anyMatch(a -> a.toString().contains(address));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }

    static List<AlertReceiver.Received> received(String path, String containing) {
        return AlertReceiverResource.receiver.received().stream()
                .filter(r -> r.path().equals(path) && r.body().contains(containing)).toList();
    }

    private JsonNode json(String body) throws Exception {
        return mapper.readTree(body);
    }

    @Test
    void aRecipientGetsEachAlertOnWebhookMailAndSmsInChinese() throws Exception {
        String unit = "CHANNELS_" + Long.toHexString(System.nanoTime()).toUpperCase();
        String email = "head@" + unit.toLowerCase().replace('_', '-') + ".example.gov.cn";
        String mobile = "+86 139 0000 " + (1000 + (int) (Math.random() * 8999));
        addRecipient("UNIT_HEAD", unit, "/heads/" + unit, email, mobile);
        CaseEvents events = CaseEvents.of(mapper);
        String id = events.findingId().toString();
        events.reported("mock-eval", "幸福里小区");
        events.assigned(unit, "XINHUA_SUBDISTRICT", "幸福里小区", Instant.now().plusSeconds(7200));

        await().atMost(Duration.ofSeconds(20)).until(() -> received("/heads/" + unit, id).size() == 1
                && mailTo(email).size() == 1 && received("/sms", id).size() == 1);
        String dispatch = json(received("/heads/" + unit, id).get(0).body()).get("message").asText();
        assertTrue(dispatch.startsWith("【新派遣】" + unit + "：幸福里小区"), dispatch);
        assertTrue(dispatch.contains("环境卫生 · 小区 · 严重问题已派遣给" + unit + "（属地：新华街道）"), dispatch);
        assertTrue(dispatch.contains("查看：http://127.0.0.1:8083/board/?finding=" + id), dispatch);
        MimeMessage mail = mailTo(email).get(0);
        assertEquals("【新派遣】" + unit + "：幸福里小区", mail.getSubject());
        assertTrue(mail.getContent().toString().contains("请于"), mail.getContent().toString());
        assertTrue(mail.getFrom()[0].toString().contains("civcity-alerts@localhost"));
        AlertReceiver.Received sms = received("/sms", id).get(0);
        assertEquals("Bearer carrier-test-key", sms.authorization());
        assertEquals(mobile, json(sms.body()).get("mobile").asText());
        assertTrue(json(sms.body()).get("content").asText().startsWith("【创文督办】新派遣：幸福里小区（环境卫生）"),
                sms.body());

        events.escalated("UNIT_HEAD", unit, 1, 3725, Instant.now());
        await().atMost(Duration.ofSeconds(20)).until(() -> received("/heads/" + unit, id).size() == 2
                && mailTo(email).size() == 2 && received("/sms", id).size() == 2);
        String escalation = received("/heads/" + unit, id).stream().map(r -> r.body())
                .filter(b -> b.contains(EventTypes.ESCALATION_RAISED)).findFirst().orElseThrow();
        assertTrue(json(escalation).get("message").asText().contains("已超时1小时2分钟，升级至第1级督办（责任单位主要负责人）"),
                escalation);
        assertEquals("幸福里小区", json(escalation).get("site").asText());

        // A closure is news, not a call to act: webhook and mail, no SMS.
        events.closed(unit, CaseClosed.Outcome.FIXED, Instant.now());
        await().atMost(Duration.ofSeconds(20)).until(() -> mailTo(email).size() == 3);
        assertTrue(mailTo(email).stream().anyMatch(m -> subject(m).startsWith("【结案】")));
        // No SMS for the closure, however many delivery rounds run.
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5))
                .until(() -> received("/sms", id).size() == 2);
        given().auth().oauth2(Tokens.user(Roles.OPS)).queryParam("findingId", id).get("/api/v1/deliveries")
                .then().statusCode(200)
                // Eight to the unit's head, one to the head of the township the site lies in (属地责任).
                .body("size()", equalTo(9))
                .body("status", everyItem(equalTo("DELIVERED")));
    }

    @Test
    void smsIsRateLimitedAndNothingIsLost() throws Exception {
        String unit = "RATE_" + Long.toHexString(System.nanoTime()).toUpperCase();
        addRecipient("UNIT_HEAD", unit, null, null, "+86 137 0000 0001");
        for (int i = 0; i < 6; i++) {
            CaseEvents.of(mapper).send(Topics.ESCALATIONS, EventTypes.DEADLINE_APPROACHING, new DeadlineApproaching(
                    UUID.randomUUID(), 1, unit, Instant.now().plusSeconds(3600), Instant.now(), 0.8));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> received("/sms", unit).size() == 6);
        List<Instant> times = received("/sms", unit).stream().map(AlertReceiver.Received::at).sorted().toList();
        // 2 per second with bursts of 2: six messages need at least two seconds.
        Duration span = Duration.between(times.get(0), times.get(5));
        assertTrue(span.toMillis() >= 1500, "six SMS within " + span);
    }

    private static String subject(MimeMessage m) {
        try {
            return m.getSubject();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
