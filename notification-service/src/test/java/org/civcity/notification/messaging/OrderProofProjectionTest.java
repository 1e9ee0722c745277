package org.civcity.notification.messaging;

import static org.awaitility.Awaitility.await;
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
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.civcity.contracts.CaseAcknowledged;
import org.civcity.contracts.CaseClosed;
import org.civcity.contracts.CaseTransferred;
import org.civcity.contracts.DeadlineExtended;
import org.civcity.contracts.EventTypes;
import org.civcity.contracts.Topics;
import org.civcity.notification.AlertReceiverResource;
import org.civcity.notification.CaseEvents;
import org.civcity.testsupport.EmbeddedInfrastructure;
import org.civcity.testsupport.InfrastructureResource;
import org.civcity.testsupport.OidcTestServer;
import org.junit.jupiter.api.Test;

/**
 * Security and correctness point 5 (order-proof consumers) for the notification projection: a case's events read in
 * reverse leave the same case as read in order (closed, the transferee leading, the later deadline), not the state
 * of whichever event came last.
 */
@QuarkusTest
@QuarkusTestResource(value = InfrastructureResource.class,
        initArgs = @ResourceArg(name = "database", value = "notification"))
@QuarkusTestResource(OidcTestServer.class)
@QuarkusTestResource(AlertReceiverResource.class)
class OrderProofProjectionTest {

    @Inject
    ObjectMapper mapper;

    @Test
    void aCaseReadInReverseEndsAsReadInOrder() throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Instant first = now.plusSeconds(3600);
        Instant second = now.plusSeconds(7200);
        String inOrder = null;
        for (boolean reversed : List.of(false, true)) {
            CaseEvents events = CaseEvents.of(mapper);
            Runnable assigned = () -> events.assigned("ORDER_UM", "ORDER_TOWN", "逆序路", first);
            Runnable transferred = () -> events.send(Topics.CASES, EventTypes.CASE_TRANSFERRED, new CaseTransferred(
                    events.findingId(), 2, 1, "ORDER_UM", "ORDER_TP", now.plusSeconds(60), "supervisor", "not ours",
                    second, second, "p1"));
            Runnable closed = () -> events.send(Topics.CASES, EventTypes.CASE_CLOSED, new CaseClosed(
                    events.findingId(), 2, "ORDER_TP", CaseClosed.Outcome.FIXED, null, now.plusSeconds(120),
                    "supervisor"));
            for (Runnable r : reversed ? List.of(closed, transferred, assigned) : List.of(assigned, transferred,
                    closed)) {
                r.run();
            }
            try (Connection db = DriverManager.getConnection("jdbc:postgresql://" + EmbeddedInfrastructure.postgres()
                    + "/notification", EmbeddedInfrastructure.postgresUser(),
                    EmbeddedInfrastructure.postgresPassword())) {
                // One key, one partition, read in the order sent: the last event is read once both the township
                // (only the dispatch carries it) and the closure show, in either order.
                await().atMost(Duration.ofSeconds(20)).until(() -> state(db, events).contains("township=ORDER_TOWN")
                        && state(db, events).startsWith("state=CLOSED"));
                String state = state(db, events);
                if (inOrder == null) {
                    inOrder = state;
                    assertEquals("state=CLOSED lead=ORDER_TP township=ORDER_TOWN generation=2 rectifyBy=" + second
                            + " outcome=FIXED level=0", state);
                }
                assertEquals(inOrder, state, reversed ? "read in reverse" : "read in order");
            }
        }
    }

    /**
     * Late facts: an escalation read before the dispatch of its generation (they come on different topics) creates
     * the row without a state; the dispatch and the acknowledgement read after it still set the state, as in order.
     */
    @Test
    void anEscalationReadBeforeTheDispatchLeavesTheStateToTheCaseEvents() throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Instant deadline = now.plusSeconds(60);
        try (Connection db = DriverManager.getConnection("jdbc:postgresql://" + EmbeddedInfrastructure.postgres()
                + "/notification", EmbeddedInfrastructure.postgresUser(), EmbeddedInfrastructure.postgresPassword())) {
            String expected = "state=ACKNOWLEDGED lead=ORDER_UM township=ORDER_TOWN generation=1 rectifyBy=" + deadline
                    + " outcome=null level=1";
            for (boolean escalationFirst : List.of(false, true)) {
                CaseEvents events = CaseEvents.of(mapper);
                Runnable caseEvents = () -> {
                    events.assigned("ORDER_UM", "ORDER_TOWN", "迟到路", deadline);
                    events.send(Topics.CASES, EventTypes.CASE_ACKNOWLEDGED, new CaseAcknowledged(events.findingId(),
                            1, "ORDER_UM", Instant.now(), "handler", deadline, false));
                };
                Runnable escalation = () -> events.escalated("UNIT_HEAD", "ORDER_UM", 1, 3600,
                        deadline.plusSeconds(3600));
                // Two topics, two consumers: each side is awaited before the other is sent, to fix the order read.
                if (escalationFirst) {
                    escalation.run();
                    await().atMost(Duration.ofSeconds(20)).until(() -> state(db, events).contains("level=1"));
                    caseEvents.run();
                } else {
                    caseEvents.run();
                    await().atMost(Duration.ofSeconds(20)).until(() -> state(db, events).startsWith("state=ACK"));
                    escalation.run();
                }
                // The same case as read in order, whichever was read first.
                await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertEquals(expected, state(db, events),
                        escalationFirst ? "escalation read first" : "read in order"));
            }
        }
    }

    /** An extension read before its dispatch (a replayed dead letter) keeps its deadline; the dispatch sets state. */
    @Test
    void anExtensionReadBeforeTheDispatchKeepsItsDeadlineAndTheDispatchSetsTheState() throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Instant first = now.plusSeconds(600);
        Instant extended = now.plusSeconds(7200);
        CaseEvents events = CaseEvents.of(mapper);
        events.send(Topics.CASES, EventTypes.DEADLINE_EXTENDED, new DeadlineExtended(events.findingId(), 1,
                "ORDER_UM", first, extended, "supervisor", "materials", now.plusSeconds(60)));
        events.assigned("ORDER_UM", "ORDER_TOWN", "先延路", first);
        try (Connection db = DriverManager.getConnection("jdbc:postgresql://" + EmbeddedInfrastructure.postgres()
                + "/notification", EmbeddedInfrastructure.postgresUser(), EmbeddedInfrastructure.postgresPassword())) {
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertEquals("state=ASSIGNED lead=ORDER_UM"
                    + " township=ORDER_TOWN generation=1 rectifyBy=" + extended + " outcome=null level=0",
                    state(db, events)));
        }
    }

    private static String state(Connection db, CaseEvents events) throws Exception {
        try (PreparedStatement q = db.prepareStatement("SELECT state, lead_unit, township, generation, rectify_by,"
                + " outcome, escalation_level FROM case_view WHERE finding_id = ?")) {
            q.setObject(1, events.findingId());
            try (ResultSet rs = q.executeQuery()) {
                if (!rs.next()) {
                    return "";
                }
                return "state=" + rs.getString(1) + " lead=" + rs.getString(2) + " township=" + rs.getString(3)
                        + " generation=" + rs.getInt(4) + " rectifyBy="
                        + (rs.getTimestamp(5) == null ? null : rs.getTimestamp(5).toInstant())
                        + " outcome=" + rs.getString(6) + " level=" + rs.getInt(7);
            }
        }
    }
}
