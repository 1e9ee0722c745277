package org.civcity.escalation.service;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.civcity.escalation.OwnDatabase;
import org.civcity.escalation.domain.AccountabilityRecord;
import org.civcity.shared.security.Roles;
import org.civcity.testsupport.EmbeddedInfrastructure;
import org.civcity.testsupport.Tokens;
import org.junit.jupiter.api.Test;

/**
 * The verification walks a ledger of 100,000 records one page at a time (each page let go from the session once
 * checked, so memory stays that of one page): it verifies, agrees with the anchor at the end, and prints how long it
 * took rather than asserting a timing. One district's burst of due timers does not hold up another district's. And
 * the scanner sleeps until the next timer falls due, woken when a timer is set or moved.
 */
@QuarkusTest
@TestProfile(OwnDatabase.class)
class LedgerAtScaleTest {

    private static final int RECORDS = 100_000;

    @Test
    void aLedgerOfAHundredThousandRecordsVerifiesOnePageAtATime() throws Exception {
        String lastHash = appendChained(RECORDS);
        long[] anchor = chainEnd();
        long started = System.nanoTime();
        given().auth().oauth2(Tokens.user(Roles.OPS)).contentType(ContentType.JSON)
                .body(Map.of("anchors", List.of(Map.of("sequence", anchor[0], "hash", lastHash))))
                .post("/api/v1/accountability-records/verification").then().statusCode(200)
                .body("valid", equalTo(true)).body("checked", greaterThanOrEqualTo(RECORDS))
                .body("anchorsMatched", equalTo(1));
        long millis = (System.nanoTime() - started) / 1_000_000;
        System.out.printf("Ledger verification of %d records, against an anchor at the end: %d ms (%.0f records/s)%n",
                anchor[0], millis, anchor[0] * 1000.0 / Math.max(1, millis));
    }

    /**
     * A district's burst holds up another district's due timers for a batch at most (the scanner takes one batch of
     * each district per pass): xihu's one timer, due after all of home's three batches' worth, is fired in the first
     * pass, before at least two of home's batches, where one due-order queue would have fired it last.
     */
    @Test
    void aDistrictsBurstHoldsUpAnotherDistrictForOneBatchAtMost() throws Exception {
        String unit = "FAIRNESS_" + UUID.randomUUID().toString().substring(0, 8);
        int burst = 1_500;
        try (Connection c = owner(); Statement st = c.createStatement()) {
            c.setAutoCommit(false);
            st.execute(timers("home", unit, burst, "now() - interval '10 minutes' + (g || ' milliseconds')::interval"));
            st.execute(timers("xihu", unit, 1, "now() - interval '1 second'"));
            c.commit();
        }
        await().atMost(Duration.ofMinutes(2)).until(() -> recorded(unit, "home") == burst
                && recorded(unit, "xihu") == 1);
        try (Connection c = owner(); Statement st = c.createStatement();
                ResultSet after = st.executeQuery("SELECT count(*) FROM accountability_record h WHERE h.unit = '" + unit
                        + "' AND h.district = 'home' AND h.recorded_at > (SELECT x.recorded_at FROM"
                        + " accountability_record x WHERE x.unit = '" + unit + "' AND x.district = 'xihu')")) {
            after.next();
            assertTrue(after.getLong(1) >= 1_000, "xihu's level waited for home's burst: only " + after.getLong(1)
                    + " of home's records came after it");
        }
    }

    /**
     * A timer set, and one moved earlier, fire when they fall due though the scanner's safety interval is a minute in
     * the tests: the commit woke the scanner (NOTIFY), which found nothing due yet and slept until the earliest due.
     */
    @Test
    void aTimerFiresWhenItFallsDueWithoutPolling() throws Exception {
        String set = "WAKE_" + UUID.randomUUID().toString().substring(0, 8);
        String moved = "MOVED_" + UUID.randomUUID().toString().substring(0, 8);
        try (Connection c = owner(); Statement st = c.createStatement()) {
            // Due times by the service's clock (the scanner's), as the service sets them.
            st.execute(timers("home", set, 1, at(Instant.now().plusSeconds(3))));
            st.execute(timers("home", moved, 1, at(Instant.now().plusSeconds(3600))));
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> recorded(set, "home") == 1);
        assertFiredWhenDue(set);
        // The scanner now sleeps toward the hour (the safety interval, at most): the move must wake it.
        try (Connection c = owner(); Statement st = c.createStatement()) {
            st.execute("UPDATE deadline_timer SET due_at = " + at(Instant.now().plusSeconds(2)) + " WHERE unit = '"
                    + moved + "'");
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> recorded(moved, "home") == 1);
        assertFiredWhenDue(moved);
    }

    private static String at(Instant instant) {
        return "'" + instant + "'::timestamptz";
    }

    private static void assertFiredWhenDue(String unit) throws Exception {
        try (Connection c = owner(); Statement st = c.createStatement();
                ResultSet lag = st.executeQuery("SELECT extract(epoch FROM fired_at - due_at) FROM deadline_timer"
                        + " WHERE unit = '" + unit + "'")) {
            lag.next();
            double seconds = lag.getDouble(1);
            assertTrue(seconds >= 0 && seconds < 5, unit + " fired " + seconds + " s after it fell due");
        }
    }

    /** {@code n} pending level-1 timers of {@code district}'s {@code unit}, due at {@code dueAt} (g counts 1..n). */
    private static String timers(String district, String unit, int n, String dueAt) {
        return "INSERT INTO deadline_timer (id, district, finding_id, generation, kind, level, unit, target, deadline,"
                + " due_at, status, policy_version, delay_rule, repeat_count) SELECT gen_random_uuid(), '" + district
                + "', gen_random_uuid(), 1, 'RECTIFY', 1, '" + unit + "', 'UNIT_HEAD', " + dueAt + ", " + dueAt
                + ", 'PENDING', 'ladder-2026.2', 'PT0S', 0 FROM generate_series(1, " + n + ") g";
    }

    private static long recorded(String unit, String district) throws Exception {
        try (Connection c = owner(); Statement st = c.createStatement();
                ResultSet n = st.executeQuery("SELECT count(*) FROM accountability_record WHERE unit = '" + unit
                        + "' AND district = '" + district + "'")) {
            n.next();
            return n.getLong(1);
        }
    }

    /** Appends {@code n} chained records as the owner, in one transaction holding the chain's lock; the last hash. */
    private static String appendChained(int n) throws Exception {
        try (Connection c = owner()) {
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                st.execute("SELECT pg_advisory_xact_lock(hashtextextended('civcity.ledger', 0))");
            }
            long sequence = 0;
            String previous = "";
            try (Statement st = c.createStatement();
                    ResultSet end = st.executeQuery("SELECT sequence, hash FROM accountability_record"
                            + " WHERE district = 'home' ORDER BY sequence DESC LIMIT 1")) {
                if (end.next()) {
                    sequence = end.getLong(1);
                    previous = end.getString(2);
                }
            }
            Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO accountability_record (id, escalation_id,"
                    + " district, finding_id, generation, level, unit, responsible_role, reason, deadline,"
                    + " overdue_seconds, recorded_at, policy_version, sequence, previous_hash, hash)"
                    + " VALUES (?, ?, 'home', ?, 1, 1, 'URBAN_MANAGEMENT', 'UNIT_HEAD', 'RECTIFICATION_OVERDUE', ?,"
                    + " 60, ?, 'ladder-2026.1', ?, ?, ?)")) {
                for (int i = 0; i < n; i++) {
                    AccountabilityRecord r = new AccountabilityRecord();
                    r.id = UUID.randomUUID();
                    r.escalationId = UUID.randomUUID();
                    r.findingId = UUID.randomUUID();
                    r.district = "home";
                    r.generation = 1;
                    r.level = 1;
                    r.unit = "URBAN_MANAGEMENT";
                    r.responsibleRole = "UNIT_HEAD";
                    r.reason = "RECTIFICATION_OVERDUE";
                    r.recordedAt = now.plusMillis(i);
                    r.deadline = r.recordedAt.minusSeconds(60);
                    r.overdueSeconds = 60;
                    r.policyVersion = "ladder-2026.1";
                    r.sequence = ++sequence;
                    r.previousHash = previous;
                    r.hash = LedgerService.hash(r);
                    insert.setObject(1, r.id);
                    insert.setObject(2, r.escalationId);
                    insert.setObject(3, r.findingId);
                    insert.setObject(4, r.deadline.atOffset(ZoneOffset.UTC));
                    insert.setObject(5, r.recordedAt.atOffset(ZoneOffset.UTC));
                    insert.setLong(6, r.sequence);
                    insert.setString(7, r.previousHash);
                    insert.setString(8, r.hash);
                    insert.addBatch();
                    previous = r.hash;
                    if (i % 5_000 == 4_999) {
                        insert.executeBatch();
                    }
                }
                insert.executeBatch();
            }
            c.commit();
            return previous;
        }
    }

    private static long[] chainEnd() throws Exception {
        try (Connection c = owner(); Statement st = c.createStatement();
                ResultSet end = st.executeQuery("SELECT max(sequence) FROM accountability_record")) {
            end.next();
            return new long[] {end.getLong(1)};
        }
    }

    private static Connection owner() throws Exception {
        return DriverManager.getConnection("jdbc:postgresql://" + EmbeddedInfrastructure.postgres() + "/escalation_own",
                EmbeddedInfrastructure.postgresUser(), EmbeddedInfrastructure.postgresPassword());
    }
}
