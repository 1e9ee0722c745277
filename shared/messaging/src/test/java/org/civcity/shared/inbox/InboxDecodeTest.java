package org.civcity.shared.inbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.smallrye.reactive.messaging.ce.impl.DefaultIncomingCloudEventMetadata;
import java.net.URI;
import java.time.ZonedDateTime;
import java.util.Map;
import java.util.UUID;
import org.civcity.contracts.EventTypes;
import org.civcity.contracts.Topics;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.junit.jupiter.api.Test;

/** How the inbox reads a Kafka message as a CloudEvent, and which messages it can never read (poison). */
class InboxDecodeTest {

    private static final ZonedDateTime TIME = ZonedDateTime.parse("2026-12-01T09:30:00+08:00");

    private static Message<String> event(String id, String type, String subject, String data) {
        DefaultIncomingCloudEventMetadata<String> ce = new DefaultIncomingCloudEventMetadata<>("1.0", id,
                URI.create("urn:civcity:findings-service"), type, "application/json", null, subject, TIME, Map.of(),
                data);
        return Message.of(data, Metadata.of(ce));
    }

    @Test
    void aCloudEventOfAKnownTypeIsRead() {
        UUID id = UUID.randomUUID();
        UUID finding = UUID.randomUUID();
        ReceivedEvent event = Inbox.decode(event(id.toString(), EventTypes.FINDING_REPORTED, finding.toString(),
                "{\"findingId\":\"" + finding + "\"}"));
        assertEquals(id, event.id());
        assertEquals(EventTypes.FINDING_REPORTED, event.type());
        assertEquals("urn:civcity:findings-service", event.source());
        assertEquals(finding.toString(), event.key(), "without Kafka metadata the subject is the key");
        assertEquals(TIME.toInstant(), event.time());
        assertEquals("{\"findingId\":\"" + finding + "\"}", event.data());
    }

    @Test
    void whatCanNeverBeReadIsPoisonWithItsReason() {
        String id = UUID.randomUUID().toString();
        assertPoison(Message.of("{}"), "not a CloudEvent (no ce_ headers)");
        assertPoison(event(id, "finding.exploded", "s", "{}"), "unknown event type finding.exploded");
        assertPoison(event("1; DROP TABLE inbox_event", EventTypes.FINDING_REPORTED, "s", "{}"),
                "event id is not a UUID: 1; DROP TABLE inbox_event");
        assertPoison(event(id, EventTypes.FINDING_REPORTED, "s", " "), "event " + id + " has no data");
    }

    @Test
    void onlyATopicsOwnerMayPublishOnIt() {
        Inbox.checkSource("civcity.findings", "urn:civcity:findings-service");
        Inbox.checkSource("civcity.cases", "urn:civcity:assignment-service");
        Inbox.checkSource("civcity.recipients", "urn:civcity:notification-service");
        Inbox.checkSource("some.other.topic", "urn:anyone");
        PoisonEventException e = assertThrows(PoisonEventException.class,
                () -> Inbox.checkSource("civcity.escalations", "urn:civcity:findings-service"));
        assertEquals("source urn:civcity:findings-service may not publish on civcity.escalations (only"
                + " urn:civcity:escalation-service)", e.getMessage());
    }

    @Test
    void aReplayTopicCarriesItsOriginsProducer() {
        String replay = Topics.replay(Topics.CASES, "escalation-service");
        assertEquals("civcity.cases.replay.escalation-service", replay);
        assertEquals(Topics.CASES, Topics.origin(replay));
        Inbox.checkSource(replay, "urn:civcity:assignment-service");
        // The consuming service writes its replay topic, but events on it are believed only from the origin's owner.
        assertThrows(PoisonEventException.class, () -> Inbox.checkSource(replay, "urn:civcity:escalation-service"));
    }

    private static void assertPoison(Message<String> message, String reason) {
        PoisonEventException e = assertThrows(PoisonEventException.class, () -> Inbox.decode(message));
        assertEquals(reason, e.getMessage());
    }
}
