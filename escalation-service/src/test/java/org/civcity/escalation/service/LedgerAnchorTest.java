package org.civcity.escalation.service;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.civcity.testsupport.CloudEventRecords.cloudEvent;
import static org.civcity.testsupport.CloudEventRecords.header;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.civcity.contracts.Category;
import org.civcity.contracts.EventTypes;
import org.civcity.contracts.FindingAssigned;
import org.civcity.contracts.Severity;
import org.civcity.contracts.SiteType;
import org.civcity.contracts.Topics;
import org.civcity.escalation.domain.AccountabilityRecord;
import org.civcity.escalation.domain.Disposition;
import org.civcity.shared.security.Roles;
import org.civcity.testsupport.EmbeddedInfrastructure;
import org.civcity.testsupport.InfrastructureResource;
import org.civcity.testsupport.OidcTestServer;
import org.civcity.testsupport.Tokens;
import org.junit.jupiter.api.Test;

/**
 * Someone with the database owner's rights rewrites a record and recomputes the chain after it: the chain still
 * verifies in itself, but not against the hashes published when the records were written, and the verification names
 * the rewritten record.
 */
@QuarkusTest
@QuarkusTestResource(value = InfrastructureResource.class,
        initArgs = {@ResourceArg(name = "database", value = "escalation"),
            @ResourceArg(name = "runtime-role", value = "escalation_runtime")})
@QuarkusTestResource(OidcTestServer.class)
class LedgerAnchorTest {

    private static final String OPS = Tokens.user(Roles.OPS);
    private static final String VERIFICATION = "/api/v1/accountability-records/verification";

    @Inject
    ObjectMapper mapper;

    @Test
    void aRewriteRecomputedByTheOwnerIsCaughtByThePublishedAnchors() throws Exception {
        UUID findingId = UUID.randomUUID();
        // From the start of the topic: the records are written at once, possibly before this consumer has joined.
        ConsumerTask<String, String> published = EmbeddedInfrastructure.kafkaCompanion().consumeStrings()
                .withProp("auto.offset.reset", "earliest").fromTopics(Topics.ESCALATIONS);
        Instant rectifyBy = Instant.now().minusSeconds(600);
        String data = mapper.writeValueAsString(new FindingAssigned(findingId, 1, "ANCHOR_UNIT", null, List.of(),
                Category.SANITATION, Severity.HIGH, SiteType.MAIN_ROAD, "Renmin Road", rectifyBy.minusSeconds(3600),
                rectifyBy, rectifyBy, "anchors-1", 0));
        EmbeddedInfrastructure.kafkaCompanion().produceStrings().fromRecords(cloudEvent(Topics.CASES,
                UUID.randomUUID(), EventTypes.FINDING_ASSIGNED, findingId.toString(), data)).awaitCompletion();
        // Every level falls due at once; each record's hash goes out on accountability.recorded as it is written.
        await().atMost(Duration.ofSeconds(20)).until(() -> anchorsOf(published, findingId).size() >= 3);
        published.stop();
        List<Map<String, Object>> anchors = anchorsOf(published, findingId);
        long rewritten = ((Number) anchors.get(0).get("sequence")).longValue();

        Map<String, Object> request = Map.of("anchors", anchors);
        given().auth().oauth2(OPS).contentType(ContentType.JSON).body(request).post(VERIFICATION).then()
                .statusCode(200).body("valid", equalTo(true)).body("anchorsMatched", equalTo(anchors.size()));

        rewriteAsOwner(rewritten);

        // Consistent in itself: the plain verification cannot tell.
        given().auth().oauth2(OPS).get(VERIFICATION).then().statusCode(200).body("valid", equalTo(true));
        // Against the anchors it names the rewritten record.
        given().auth().oauth2(OPS).contentType(ContentType.JSON).body(request).post(VERIFICATION).then()
                .statusCode(200).body("valid", equalTo(false))
                .body("firstBrokenSequence", equalTo((int) rewritten))
                .body("problem", startsWith("its hash differs from its anchor"));
        // An anchor past the end: records were removed.
        given().auth().oauth2(OPS).contentType(ContentType.JSON)
                .body(Map.of("anchors", List.of(Map.of("sequence", 99_999_999, "hash", "a".repeat(64)))))
                .post(VERIFICATION).then().statusCode(200).body("valid", equalTo(false))
                .body("problem", startsWith("an anchor names sequence 99999999"));
        // Bad anchors are a 400, never a 5xx.
        given().auth().oauth2(OPS).contentType(ContentType.JSON)
                .body(Map.of("anchors", List.of(Map.of("sequence", 1, "hash", "not-a-hash")))).post(VERIFICATION)
                .then().statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(OPS).contentType(ContentType.JSON)
                .body(Map.of("anchors", List.of(Map.of("sequence", 1, "hash", "a".repeat(64)),
                        Map.of("sequence", 1, "hash", "b".repeat(64))))).post(VERIFICATION)
                .then().statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(Tokens.handler("ANCHOR_UNIT")).contentType(ContentType.JSON).body(request)
                .post(VERIFICATION).then().statusCode(403);
    }

    private List<Map<String, Object>> anchorsOf(ConsumerTask<String, String> published, UUID findingId)
            throws Exception {
        List<Map<String, Object>> anchors = new ArrayList<>();
        for (ConsumerRecord<String, String> r : published.getRecords()) {
            if (findingId.toString().equals(r.key())
                    && EventTypes.ACCOUNTABILITY_RECORDED.equals(header(r, "ce_type"))) {
                JsonNode event = mapper.readTree(r.value());
                anchors.add(Map.of("sequence", event.get("sequence").asLong(), "hash", event.get("hash").asText()));
            }
        }
        anchors.sort((a, b) -> Long.compare((Long) a.get("sequence"), (Long) b.get("sequence")));
        return anchors;
    }

    /**
     * What an owner could do: switch the trigger off, lower the record's overdue time, recompute every hash from it
     * to the end, switch the trigger on; under the ledger's own lock, so no append interleaves.
     */
    private static void rewriteAsOwner(long sequence) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://" + EmbeddedInfrastructure.postgres()
                + "/escalation", EmbeddedInfrastructure.postgresUser(), EmbeddedInfrastructure.postgresPassword())) {
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                st.execute("SELECT pg_advisory_xact_lock(hashtextextended('civcity.ledger', 0))");
                st.execute("ALTER TABLE accountability_record DISABLE TRIGGER accountability_record_append_only");
                String previous;
                try (ResultSet rs = st.executeQuery("SELECT hash FROM accountability_record"
                        + " WHERE district = 'home' AND sequence = "
                        + (sequence - 1))) {
                    previous = rs.next() ? rs.getString(1) : "";
                }
                List<AccountabilityRecord> chain = new ArrayList<>();
                try (ResultSet rs = st.executeQuery("SELECT * FROM accountability_record"
                        + " WHERE district = 'home' AND sequence >= "
                        + sequence + " ORDER BY sequence")) {
                    while (rs.next()) {
                        chain.add(read(rs));
                    }
                }
                chain.get(0).overdueSeconds = 1;
                try (PreparedStatement update = c.prepareStatement("UPDATE accountability_record SET"
                        + " overdue_seconds = ?, previous_hash = ?, hash = ? WHERE id = ?")) {
                    for (AccountabilityRecord r : chain) {
                        r.previousHash = previous;
                        r.hash = LedgerService.hash(r);
                        previous = r.hash;
                        update.setLong(1, r.overdueSeconds);
                        update.setString(2, r.previousHash);
                        update.setString(3, r.hash);
                        update.setObject(4, r.id);
                        update.executeUpdate();
                    }
                }
                st.execute("ALTER TABLE accountability_record ENABLE TRIGGER accountability_record_append_only");
            }
            c.commit();
        }
    }

    private static AccountabilityRecord read(ResultSet rs) throws Exception {
        AccountabilityRecord r = new AccountabilityRecord();
        r.id = rs.getObject("id", UUID.class);
        r.sequence = rs.getLong("sequence");
        r.escalationId = rs.getObject("escalation_id", UUID.class);
        r.findingId = rs.getObject("finding_id", UUID.class);
        r.district = rs.getString("district");
        r.generation = rs.getInt("generation");
        r.level = rs.getInt("level");
        r.unit = rs.getString("unit");
        r.responsibleRole = rs.getString("responsible_role");
        r.reason = rs.getString("reason");
        r.deadline = rs.getTimestamp("deadline").toInstant();
        r.overdueSeconds = rs.getLong("overdue_seconds");
        r.recordedAt = rs.getTimestamp("recorded_at").toInstant();
        r.policyVersion = rs.getString("policy_version");
        r.disposes = rs.getObject("disposes", UUID.class);
        String disposition = rs.getString("disposition");
        r.disposition = disposition == null ? null : Disposition.valueOf(disposition);
        r.subject = rs.getString("subject");
        r.decidedBy = rs.getString("decided_by");
        r.note = rs.getString("note");
        r.parties = rs.getString("parties");
        return r;
    }
}
