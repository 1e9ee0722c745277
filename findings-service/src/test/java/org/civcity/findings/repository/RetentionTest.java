package org.civcity.findings.repository;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import org.civcity.shared.retention.Retention;
import org.civcity.testsupport.InfrastructureResource;
import org.civcity.testsupport.OidcTestServer;
import org.junit.jupiter.api.Test;

/**
 * Issue #18 point 8: expired idempotency records, old event ids and (#21) finished imports are purged, by index, and
 * nothing else.
 */
@QuarkusTest
@QuarkusTestResource(value = InfrastructureResource.class,
        initArgs = @ResourceArg(name = "database", value = "findings"))
@QuarkusTestResource(OidcTestServer.class)
class RetentionTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Inject
    Retention retention;

    @Inject
    Pool pool;

    private long count(String sql, String key) {
        return pool.preparedQuery(sql).execute(Tuple.of(key)).await().atMost(WAIT).iterator().next().getLong(0);
    }

    @Test
    void expiredIdempotencyRecordsOldEventIdsOldReplaysAndOldImportsGo() {
        String client = "retention-" + System.nanoTime();
        pool.preparedQuery("INSERT INTO idempotency_record (client, key, request_hash, status_code, response_body,"
                + " created_at, expires_at) VALUES ($1, 'expired', 'h', 201, '{}', now() - interval '2 days',"
                + " now() - interval '1 day'), ($1, 'valid', 'h', 201, '{}', now(), now() + interval '1 day')")
                .execute(Tuple.of(client)).await().atMost(WAIT);
        pool.preparedQuery("INSERT INTO inbox_event (consumer, event_id, received_at) VALUES"
                + " ($1, gen_random_uuid(), now() - interval '31 days'), ($1, gen_random_uuid(), now())")
                .execute(Tuple.of(client)).await().atMost(WAIT);
        pool.preparedQuery("INSERT INTO dead_letter_replay (dead_letter, topic, replayed_by, replayed_at) VALUES"
                + " ($1 || '-old', 'civcity.cases', 'ops', now() - interval '31 days'),"
                + " ($1 || '-new', 'civcity.cases', 'ops', now())")
                .execute(Tuple.of(client)).await().atMost(WAIT);

        pool.preparedQuery("INSERT INTO round_import (id, district, round, source_system, source, valid_only,"
                + " media_type, file_sha256, caller, requested_by, state, rows_total, created_at, updated_at,"
                + " finished_at) SELECT gen_random_uuid(), 'home', $1, 'mock-eval', 'MOCK_EVALUATION', false,"
                + " 'text/csv', repeat('0', 64), '{}', 'mock-eval', s, 1, t, t,"
                + " CASE WHEN s = 'RUNNING' THEN NULL ELSE t END FROM (VALUES"
                + " ('DONE', now() - interval '91 days'), ('DONE', now()), ('RUNNING', now() - interval '91 days'))"
                + " AS v(s, t)").execute(Tuple.of(client)).await().atMost(WAIT);

        Map<String, Long> purged = retention.purgeAll().await().atMost(WAIT);

        assertTrue(purged.get("idempotency") >= 1 && purged.get("inbox") >= 1
                && purged.get("dead-letter-replays") >= 1, purged.toString());
        assertEquals(1, count("SELECT count(*) FROM idempotency_record WHERE client = $1", client));
        assertEquals(1, count("SELECT count(*) FROM idempotency_record WHERE client = $1 AND key = 'valid'", client));
        assertEquals(1, count("SELECT count(*) FROM inbox_event WHERE consumer = $1", client));
        assertEquals(1, count("SELECT count(*) FROM dead_letter_replay WHERE dead_letter LIKE $1 || '-%'", client));
        // A finished import goes after 90 days; a recent one, and one still running however old, stay.
        assertEquals(2, count("SELECT count(*) FROM round_import WHERE round = $1", client));
        assertEquals(1, count("SELECT count(*) FROM round_import WHERE round = $1 AND state = 'RUNNING'", client));
        assertTrue(retention.unindexed().await().atMost(WAIT).isEmpty(), "every rule's column leads an index");
    }
}
