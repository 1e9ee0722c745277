package org.civcity.notification.rest;

import static org.awaitility.Awaitility.await;
import static org.civcity.testsupport.CloudEventRecords.cloudEvent;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.civcity.contracts.EscalationRaised;
import org.civcity.contracts.EventTypes;
import org.civcity.contracts.Topics;
import org.civcity.notification.AlertReceiverResource;
import org.civcity.shared.security.Roles;
import org.civcity.testsupport.CloudEventRecords;
import org.civcity.testsupport.EmbeddedInfrastructure;
import org.civcity.testsupport.InfrastructureResource;
import org.civcity.testsupport.Metrics;
import org.civcity.testsupport.OidcTestServer;
import org.civcity.testsupport.Tokens;
import org.junit.jupiter.api.Test;

/**
 * The live feed over server-sent events: an escalation raised while a dashboard is connected reaches it; open feeds
 * are capped per user and per instance, and a feed ends with its token (issue #18 point 9).
 */
@QuarkusTest
@QuarkusTestResource(value = InfrastructureResource.class,
        initArgs = @ResourceArg(name = "database", value = "notification"))
@QuarkusTestResource(OidcTestServer.class)
@QuarkusTestResource(AlertReceiverResource.class)
class AlertFeedTest {

    @TestHTTPResource("/api/v1/alerts/feed")
    URL feed;

    @Inject
    ObjectMapper mapper;

    @Test
    void aDashboardSeesEscalationsAsTheyHappen() throws Exception {
        UUID findingId = UUID.randomUUID();
        HttpClient client = HttpClient.newHttpClient();
        HttpResponse<InputStream> response = client.send(HttpRequest.newBuilder(feed.toURI())
                .header("Authorization", "Bearer " + Tokens.user(Roles.OPS))
                .header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, response.statusCode());
        CompletableFuture<String> line = CompletableFuture.supplyAsync(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(),
                    StandardCharsets.UTF_8))) {
                for (String l = reader.readLine(); l != null; l = reader.readLine()) {
                    if (l.startsWith("data:") && l.contains(findingId.toString())) {
                        return l;
                    }
                }
                return null;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        // The feed's consumer joins from the latest offset: publish until the dashboard sees it.
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            String data = mapper.writeValueAsString(new EscalationRaised(UUID.randomUUID(), findingId, 1, 2,
                    "CIVILIZATION_OFFICE", "URBAN_MANAGEMENT", "RECTIFICATION_OVERDUE", Instant.now(), Instant.now(),
                    Instant.now(), 10, false));
            EmbeddedInfrastructure.kafkaCompanion().produceStrings().fromRecords(cloudEvent(Topics.ESCALATIONS,
                    UUID.randomUUID(), EventTypes.ESCALATION_RAISED, findingId.toString(), data)).awaitCompletion();
            return line.isDone();
        });
        String received = line.get(1, TimeUnit.SECONDS);
        assertTrue(received.contains("escalation.raised") && received.contains("CIVILIZATION_OFFICE"), received);
        response.body().close();

        HttpResponse<String> forbidden = client.send(HttpRequest.newBuilder(feed.toURI())
                .header("Authorization", "Bearer " + Tokens.handler("URBAN_MANAGEMENT")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(403, forbidden.statusCode());
    }

    /** Each district's dashboards see its escalations only (#24). */
    @Test
    void eachDistrictsDashboardSeesItsOwnEscalations() throws Exception {
        UUID home = UUID.randomUUID();
        UUID xihu = UUID.randomUUID();
        HttpClient client = HttpClient.newHttpClient();
        HttpResponse<InputStream> homeFeed = open(client, Tokens.user(Roles.OPS));
        HttpResponse<InputStream> xihuFeed = open(client, Tokens.inDistrict("xihu", Roles.OPS));
        List<String> readByXihu = java.util.Collections.synchronizedList(new ArrayList<>());
        CompletableFuture<String> homeSaw = firstLine(homeFeed, home, new ArrayList<>());
        CompletableFuture<String> xihuSaw = firstLine(xihuFeed, xihu, readByXihu);
        // Home's escalation first, until the home dashboard has it: one broadcast, so an unfiltered xihu feed has
        // it too before xihu's own.
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            publish(home, null);
            return homeSaw.isDone();
        });
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            publish(xihu, "xihu");
            return xihuSaw.isDone();
        });
        assertTrue(xihuSaw.get(1, TimeUnit.SECONDS).contains(xihu.toString()));
        assertTrue(readByXihu.stream().noneMatch(l -> l.contains(home.toString())), readByXihu.toString());
        homeFeed.body().close();
        xihuFeed.body().close();
        // Both places given back before another test counts open feeds.
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(500))
                .until(() -> Metrics.sum("civcity_feed_connections") == 0);
    }

    private void publish(UUID findingId, String district) throws Exception {
        String data = mapper.writeValueAsString(new EscalationRaised(UUID.randomUUID(), findingId, 1, 2,
                "CIVILIZATION_OFFICE", "URBAN_MANAGEMENT", "RECTIFICATION_OVERDUE", Instant.now(), Instant.now(),
                Instant.now(), 10, false));
        var record = cloudEvent(Topics.ESCALATIONS, UUID.randomUUID(), EventTypes.ESCALATION_RAISED,
                findingId.toString(), data);
        CloudEventRecords.inDistrict(record, district);
        EmbeddedInfrastructure.kafkaCompanion().produceStrings().fromRecords(record).awaitCompletion();
    }

    /** The first data line about {@code findingId}, keeping every data line read on the way in {@code read}. */
    private static CompletableFuture<String> firstLine(HttpResponse<InputStream> response, UUID findingId,
            List<String> read) {
        return CompletableFuture.supplyAsync(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(),
                    StandardCharsets.UTF_8))) {
                for (String l = reader.readLine(); l != null; l = reader.readLine()) {
                    if (l.startsWith("data:")) {
                        read.add(l);
                        if (l.contains(findingId.toString())) {
                            return l;
                        }
                    }
                }
                return null;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private HttpResponse<InputStream> open(HttpClient client, String token) throws Exception {
        return client.send(HttpRequest.newBuilder(feed.toURI()).header("Authorization", "Bearer " + token)
                .header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.ofInputStream());
    }

    private static String body(HttpResponse<InputStream> response) throws Exception {
        try (InputStream in = response.body()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void aUserHoldsAFewFeedsAndTheInstanceAFewMore() throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        String a = Tokens.person("feed-user-a", Roles.OPS, Duration.ofMinutes(5));
        String b = Tokens.person("feed-user-b", Roles.LEADER, Duration.ofMinutes(5));
        String c = Tokens.person("feed-user-c", Roles.SUPERVISOR, Duration.ofMinutes(5));
        List<HttpResponse<InputStream>> held = new ArrayList<>();
        try {
            for (String token : new String[] {a, a}) {
                HttpResponse<InputStream> r = open(client, token);
                held.add(r);
                assertEquals(200, r.statusCode());
            }
            HttpResponse<InputStream> third = open(client, a);
            assertEquals(429, third.statusCode());
            assertEquals("application/problem+json", third.headers().firstValue("Content-Type").orElse(""));
            assertTrue(body(third).contains("live feeds open"));
            for (String token : new String[] {b, b}) {
                HttpResponse<InputStream> r = open(client, token);
                held.add(r);
                assertEquals(200, r.statusCode());
            }
            HttpResponse<InputStream> full = open(client, c);
            assertEquals(503, full.statusCode());
            assertTrue(full.headers().firstValue("Retry-After").isPresent());
            body(full);

            // A closed feed gives its place back.
            held.remove(0).body().close();
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                HttpResponse<InputStream> r = open(client, c);
                if (r.statusCode() == 200) {
                    held.add(r);
                    return true;
                }
                body(r);
                return false;
            });
        } finally {
            for (HttpResponse<InputStream> r : held) {
                r.body().close();
            }
        }
    }

    @Test
    void aFeedEndsWhenItsTokenExpires() throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        Instant opened = Instant.now();
        HttpResponse<InputStream> response = open(client,
                Tokens.person("feed-user-short", Roles.OPS, Duration.ofSeconds(3)));
        assertEquals(200, response.statusCode());
        // Reading to the end returns once the server ends the stream; with no end this would block.
        CompletableFuture<String> rest = CompletableFuture.supplyAsync(() -> {
            try {
                return body(response);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        rest.get(20, TimeUnit.SECONDS);
        Duration lasted = Duration.between(opened, Instant.now());
        assertTrue(lasted.compareTo(Duration.ofSeconds(1)) > 0, "ended after " + lasted);
    }
}
