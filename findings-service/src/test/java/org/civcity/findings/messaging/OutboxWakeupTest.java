package org.civcity.findings.messaging;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;
import org.civcity.contracts.Topics;
import org.civcity.testsupport.EmbeddedInfrastructure;
import org.civcity.testsupport.InfrastructureResource;
import org.civcity.testsupport.Metrics;
import org.civcity.testsupport.OidcTestServer;
import org.civcity.testsupport.Tokens;
import org.junit.jupiter.api.Test;

/**
 * The relay is woken by the commit's NOTIFY, not by its poll: the test profile polls once a minute, so a finding's
 * event arriving within seconds came through LISTEN, also after the listening connection was killed.
 */
@QuarkusTest
@QuarkusTestResource(value = InfrastructureResource.class,
        initArgs = @ResourceArg(name = "database", value = "findings"))
@QuarkusTestResource(OidcTestServer.class)
class OutboxWakeupTest {

    private static final Duration WITHIN = Duration.ofSeconds(8);

    @Test
    void aCommitWakesTheRelayAndTheListenerSurvivesALostConnection() throws Exception {
        await().atMost(Duration.ofSeconds(30)).until(() -> Metrics.sum("civcity_database_listening") == 1);
        int before = listenerPid();
        publishedPromptly();
        publishedPromptly();

        try (Connection c = connect(); Statement st = c.createStatement()) {
            st.execute("SELECT pg_terminate_backend(" + before + ")");
        }
        // Back within the reconnect pause, on a new backend, and it runs the relay once for what it may have missed.
        await().atMost(Duration.ofSeconds(20)).until(() -> listenerPid() > 0 && listenerPid() != before);
        await().atMost(Duration.ofSeconds(5)).until(() -> Metrics.sum("civcity_database_listening") == 1);
        publishedPromptly();
        publishedPromptly();
    }

    private static void publishedPromptly() {
        var reported = EmbeddedInfrastructure.kafkaCompanion().consumeStrings().fromTopics(Topics.FINDINGS);
        try {
            String reference = "WAKE-" + UUID.randomUUID();
            String id = given().auth().oauth2(Tokens.reporter("mock-eval"))
                    .header("Idempotency-Key", UUID.randomUUID().toString()).contentType(ContentType.JSON)
                    .body("""
                            {"source": "MOCK_EVALUATION", "sourceSystem": "mock-eval", "sourceReference": "%s",
                             "inspectionRound": "wake", "siteType": "FARMERS_MARKET", "siteName": "East Gate Market",
                             "category": "SANITATION", "subcategory": "SAN-WASTE", "severity": "MEDIUM",
                             "description": "Waste not sorted", "observedAt": "2026-11-20T09:30:00+08:00",
                             "reporter": "Inspector Wu"}
                            """.formatted(reference))
                    .post("/api/v1/findings").then().statusCode(201).extract().path("id");
            await().atMost(WITHIN).until(() -> reported.getRecords().stream().anyMatch(r -> id.equals(r.key())));
        } finally {
            reported.stop();
        }
    }

    /** The backend holding LISTEN in the findings database, or 0 while there is none. */
    private static int listenerPid() throws Exception {
        try (Connection c = connect(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT pid FROM pg_stat_activity WHERE datname = 'findings'"
                        + " AND query LIKE 'LISTEN %' ORDER BY backend_start DESC LIMIT 1")) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }

    private static Connection connect() throws Exception {
        return DriverManager.getConnection("jdbc:postgresql://" + EmbeddedInfrastructure.postgres() + "/findings",
                EmbeddedInfrastructure.postgresUser(), EmbeddedInfrastructure.postgresPassword());
    }
}
