package org.civcity.shared.inbox;

import java.time.Instant;
import java.util.UUID;

/** A CloudEvent as received: its attributes and raw JSON data, decoded on demand by {@link Inbox#data}. */
public record ReceivedEvent(UUID id, String type, String source, String key, Instant time, String data) {
}
