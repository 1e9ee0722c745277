package org.civcity.shared.deadletter;

import java.time.Instant;

/**
 * One record of this service's dead-letter topic as an operator sees it: where it came from, why it was set aside, the
 * CloudEvent it carries (its data cut at 10,000 characters), and whether, by whom and to which topic it was replayed.
 */
public record DeadLetter(String id, String topic, Integer originalPartition, Long originalOffset, String eventId,
        String type, String key, Instant deadLetteredAt, String reason, String cause, String data, String replayedBy,
        Instant replayedAt, String replayedTo) {

    DeadLetter replayed(String by, Instant at, String to) {
        return new DeadLetter(id, topic, originalPartition, originalOffset, eventId, type, key, deadLetteredAt, reason,
                cause, data, by, at, to);
    }
}
