package org.civcity.escalation.service;

import static org.awaitility.Awaitility.await;
import static org.civcity.testsupport.CloudEventRecords.cloudEvent;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.civcity.contracts.Category;
import org.civcity.contracts.DeadlineExtended;
import org.civcity.contracts.EventTypes;
import org.civcity.contracts.FindingAssigned;
import org.civcity.contracts.Severity;
import org.civcity.contracts.SiteType;
import org.civcity.contracts.Topics;
import org.civcity.testsupport.EmbeddedInfrastructure;
import org.civcity.testsupport.InfrastructureResource;
import org.civcity.testsupport.OidcTestServer;
import org.junit.jupiter.api.Test;

/**
 * Security and correctness point 4 (timers): an extension that read a level as pending while the scanner was firing
 * it does not put it back to pending, so the level neither fires twice nor leaves a second record. The race is made
 * deterministic: the test holds the level's row locked as the scanner does, lets the extension read and block, fires
 * the level, commits, and looks at what the extension left.
 */
@QuarkusTest
@QuarkusTestResource(value = InfrastructureResource.class,
        initArgs = {@ResourceArg(name = "database", value = "escalation"),
            @ResourceArg(name = "runtime-role", value = "escalation_runtime")})
@QuarkusTestResource(OidcTestServer.class)
class ExtensionNeverRevivesAFiredTimerTest {

    @Inject
    ObjectMapper mapper;

    @Test
    void anExtensionRacingTheScannerLeavesTheFiredLevelFired() throws Exception {
        UUID findingId = UUID.randomUUID();
        Instant rectifyBy = Instant.now().plusSeconds(3600);
        produce(EventTypes.FINDING_ASSIGNED, findingId, mapper.writeValueAsString(new FindingAssigned(findingId, 1,
                "RACE_UNIT", null, List.of(), Category.SANITATION, Severity.HIGH, SiteType.MAIN_ROAD, "Race Road",
                Instant.now(), rectifyBy, rectifyBy, "race-1", 0)));
        try (Connection scanner = connect(); Connection observer = connect()) {
            await().atMost(Duration.ofSeconds(20)).until(() -> levelOne(observer, findingId) != null);
            UUID levelOne = levelOne(observer, findingId);
            scanner.setAutoCommit(false);
            try (PreparedStatement lock = scanner.prepareStatement(
                    "SELECT id FROM deadline_timer WHERE id = ? FOR UPDATE")) {
                lock.setObject(1, levelOne);
                lock.executeQuery().close();
            }
            Instant extended = rectifyBy.plus(Duration.ofHours(2));
            produce(EventTypes.DEADLINE_EXTENDED, findingId, mapper.writeValueAsString(new DeadlineExtended(
                    findingId, 1, "RACE_UNIT", rectifyBy, extended, "supervisor", "materials", Instant.now())));
            // The extension has read the level as pending and waits for the row.
            await().atMost(Duration.ofSeconds(20)).until(() -> waitingForLocks(observer) > 0);
            try (PreparedStatement fire = scanner.prepareStatement(
                    "UPDATE deadline_timer SET status = 'FIRED', fired_at = now() WHERE id = ?")) {
                fire.setObject(1, levelOne);
                assertEquals(1, fire.executeUpdate());
            }
            scanner.commit();
            // The extension went through: the other levels moved, the fired one is still fired.
            String moved = "status = 'PENDING' AND kind = 'RECTIFY' AND deadline > '" + rectifyBy.plusSeconds(3600)
                    + "'";
            await().atMost(Duration.ofSeconds(20)).until(() -> count(observer, findingId, moved) == 3);
            assertEquals("FIRED", status(observer, levelOne));
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                    .until(() -> "FIRED".equals(status(observer, levelOne)));
        }
    }

    private void produce(String type, UUID findingId, String data) {
        EmbeddedInfrastructure.kafkaCompanion().produceStrings().fromRecords(cloudEvent(Topics.CASES,
                UUID.randomUUID(), type, findingId.toString(), data)).awaitCompletion();
    }

    private static Connection connect() throws Exception {
        return DriverManager.getConnection("jdbc:postgresql://" + EmbeddedInfrastructure.postgres() + "/escalation",
                EmbeddedInfrastructure.postgresUser(), EmbeddedInfrastructure.postgresPassword());
    }

    private static UUID levelOne(Connection c, UUID findingId) throws Exception {
        try (PreparedStatement q = c.prepareStatement("SELECT id FROM deadline_timer WHERE finding_id = ?"
                + " AND kind = 'RECTIFY' AND level = 1")) {
            q.setObject(1, findingId);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() ? rs.getObject(1, UUID.class) : null;
            }
        }
    }

    private static String status(Connection c, UUID timer) throws Exception {
        try (PreparedStatement q = c.prepareStatement("SELECT status FROM deadline_timer WHERE id = ?")) {
            q.setObject(1, timer);
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    private static long count(Connection c, UUID findingId, String where) throws Exception {
        try (PreparedStatement q = c.prepareStatement("SELECT count(*) FROM deadline_timer WHERE finding_id = ? AND "
                + where)) {
            q.setObject(1, findingId);
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static long waitingForLocks(Connection c) throws Exception {
        try (ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM pg_locks WHERE NOT granted")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
