package org.civcity.shared.inbox;

import java.time.Instant;
import java.util.UUID;

/**
 * A CloudEvent as received: its attributes and raw JSON data, decoded on demand by {@link Inbox#data}.
 *
 * @param district the district extension attribute, or the home district for an event that names none
 */
public record ReceivedEvent(UUID id, String type, String source, String key, Instant time, String district,
        String data) {
}
