package org.civcity.notification.repository;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.civcity.notification.AlertReceiverResource;
import org.civcity.notification.CaseEvents;
import org.civcity.shared.retention.Retention;
import org.civcity.shared.security.Roles;
import org.civcity.testsupport.InfrastructureResource;
import org.civcity.testsupport.OidcTestServer;
import org.civcity.testsupport.Tokens;
import org.junit.jupiter.api.Test;

/**
 * Issue #18 point 8: settled deliveries, stale callback backlog and old event ids are purged after their periods, by
 * index; pending deliveries and anything younger stay.
 */
@QuarkusTest
@QuarkusTestResource(value = InfrastructureResource.class,
        initArgs = @ResourceArg(name = "database", value = "notification"))
@QuarkusTestResource(OidcTestServer.class)
@QuarkusTestResource(AlertReceiverResource.class)
class RetentionTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Inject
    Retention retention;

    @Inject
    Pool pool;

    @Inject
    ObjectMapper mapper;

    private UUID delivered() throws Exception {
        CaseEvents events = CaseEvents.of(mapper);
        // A unit of its own: no directory entry of another test adds deliveries to it.
        events.escalated("UNIT_HEAD", "RETENTION_" + System.nanoTime(), 1, 3725, Instant.now());
        await().atMost(WAIT).untilAsserted(() -> given().auth().oauth2(Tokens.user(Roles.OPS))
                .queryParam("findingId", events.findingId().toString()).get("/api/v1/deliveries").then()
                .body("[0].status", equalTo("DELIVERED")));
        return events.findingId();
    }

    private void sql(String sql, Object... args) {
        pool.preparedQuery(sql).execute(Tuple.from(args)).await().atMost(WAIT);
    }

    private long count(String sql, Object... args) {
        return pool.preparedQuery(sql).execute(Tuple.from(args)).await().atMost(WAIT).iterator().next().getLong(0);
    }

    @Test
    void settledDeliveriesStaleBacklogAndOldEventIdsGoAndNothingElse() throws Exception {
        UUID old = delivered();
        UUID oldButPending = delivered();
        UUID recent = delivered();
        sql("UPDATE delivery SET created_at = now() - interval '200 days' WHERE finding_id = $1 OR finding_id = $2",
                old, oldButPending);
        // Still owed to its recipient (retried far in the future): never purged, however old.
        sql("UPDATE delivery SET status = 'PENDING', next_attempt_at = now() + interval '1 year'"
                + " WHERE finding_id = $1", oldButPending);
        String consumer = "retention-" + System.nanoTime();
        sql("INSERT INTO inbox_event (consumer, event_id, received_at) VALUES"
                + " ($1, gen_random_uuid(), now() - interval '31 days'), ($1, gen_random_uuid(), now())", consumer);
        UUID staleFinding = UUID.randomUUID();
        UUID freshFinding = UUID.randomUUID();
        sql("INSERT INTO callback_backlog (event_id, finding_id, event_type, generation, escalation_level, at) VALUES"
                + " (gen_random_uuid(), $1, 'case.closed', 1, 0, now() - interval '40 days'),"
                + " (gen_random_uuid(), $2, 'case.closed', 1, 0, now())", staleFinding, freshFinding);

        Map<String, Long> purged = retention.purgeAll().await().atMost(WAIT);

        assertTrue(purged.get("deliveries") >= 1 && purged.get("inbox") >= 1 && purged.get("callback-backlog") >= 1,
                purged.toString());
        assertEquals(0, count("SELECT count(*) FROM delivery WHERE finding_id = $1", old));
        assertEquals(1, count("SELECT count(*) FROM delivery WHERE finding_id = $1", oldButPending));
        assertEquals(1, count("SELECT count(*) FROM delivery WHERE finding_id = $1", recent));
        assertEquals(1, count("SELECT count(*) FROM inbox_event WHERE consumer = $1", consumer));
        assertEquals(0, count("SELECT count(*) FROM callback_backlog WHERE finding_id = $1", staleFinding));
        assertEquals(1, count("SELECT count(*) FROM callback_backlog WHERE finding_id = $1", freshFinding));
        assertTrue(retention.unindexed().await().atMost(WAIT).isEmpty(), "every rule's column leads an index");
        // Purging again finds nothing: the rounds are idempotent.
        assertEquals(0L, retention.purgeAll().await().atMost(WAIT).get("callback-backlog"));
    }
}
