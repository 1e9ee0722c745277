package org.civcity.escalation.messaging;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import org.civcity.contracts.EventTypes;
import org.civcity.contracts.Topics;
import org.civcity.testsupport.InfrastructureResource;
import org.civcity.testsupport.Metrics;
import org.civcity.testsupport.OidcTestServer;
import org.civcity.testsupport.PoisonEvents;
import org.junit.jupiter.api.Test;

/** Poison on each topic this service consumes goes to its dead-letter topic with the reason, counted; it goes on. */
@QuarkusTest
@QuarkusTestResource(value = InfrastructureResource.class,
        initArgs = {@ResourceArg(name = "database", value = "escalation"),
            @ResourceArg(name = "runtime-role", value = "escalation_runtime")})
@QuarkusTestResource(OidcTestServer.class)
class PoisonEventsTest {

    private static final String SERVICE = "escalation-service";
    private static final String[] POISON = {"consumer=\"escalation-service.deadlines\"", "reason=\"poison\""};

    @Test
    void poisonOnEveryConsumedTopicIsDeadLetteredCountedAndPassedBy() {
        double before = Metrics.sum("civcity_inbox_dead_letters_total", POISON);
        PoisonEvents.assertDeadLettered(Topics.CASES, SERVICE, EventTypes.FINDING_ASSIGNED);
        // Each kind was taken off its partition in turn, so what follows it is consumed too.
        assertTrue(Metrics.sum("civcity_inbox_dead_letters_total", POISON) - before >= 5);
    }
}
