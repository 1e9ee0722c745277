package org.civcity.notification.messaging;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import org.civcity.contracts.EventTypes;
import org.civcity.contracts.Topics;
import org.civcity.notification.AlertReceiverResource;
import org.civcity.notification.CaseEvents;
import org.civcity.testsupport.InfrastructureResource;
import org.civcity.testsupport.Metrics;
import org.civcity.testsupport.OidcTestServer;
import org.civcity.testsupport.PoisonEvents;
import org.junit.jupiter.api.Test;

/** Poison on each topic this service consumes goes to its dead-letter topic with the reason, counted; it goes on. */
@QuarkusTest
@QuarkusTestResource(value = InfrastructureResource.class,
        initArgs = @ResourceArg(name = "database", value = "notification"))
@QuarkusTestResource(OidcTestServer.class)
@QuarkusTestResource(AlertReceiverResource.class)
class PoisonEventsTest {

    private static final String SERVICE = "notification-service";
    private static final String[] POISON = {"consumer=\"notification-service.alerts\"", "reason=\"poison\""};

    @Inject
    ObjectMapper mapper;

    @Test
    void poisonOnEveryConsumedTopicIsDeadLetteredCountedAndPassedBy() {
        double before = Metrics.sum("civcity_inbox_dead_letters_total", POISON);
        PoisonEvents.assertDeadLettered(Topics.FINDINGS, SERVICE, EventTypes.FINDING_REPORTED);
        PoisonEvents.assertDeadLettered(Topics.CASES, SERVICE, EventTypes.FINDING_ASSIGNED);
        PoisonEvents.assertDeadLettered(Topics.ESCALATIONS, SERVICE, EventTypes.ESCALATION_RAISED);
        assertTrue(Metrics.sum("civcity_inbox_dead_letters_total", POISON) - before >= 15);

        CaseEvents events = CaseEvents.of(mapper);
        events.escalated("UNIT_HEAD", "URBAN_MANAGEMENT", 1, 60, Instant.now());
        await().atMost(Duration.ofSeconds(20)).until(() -> AlertReceiverResource.receiver.received().stream()
                .anyMatch(r -> r.body().contains(events.findingId().toString())));
    }
}
