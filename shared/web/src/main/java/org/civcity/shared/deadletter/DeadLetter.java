package org.civcity.shared.deadletter;

import java.time.Instant;
import org.civcity.shared.district.ServedDistricts;

/**
 * One record of this service's dead-letter topic as an operator sees it: where it came from, the district its event
 * names (the home district when it names none), why it was set aside, the CloudEvent it carries (its data cut at
 * 10,000 characters), and whether, by whom and to which topic it was replayed.
 */
public record DeadLetter(String id, String topic, Integer originalPartition, Long originalOffset, String eventId,
        String type, String key, String district, Instant deadLetteredAt, String reason, String cause, String data,
        String replayedBy, Instant replayedAt, String replayedTo) {

    DeadLetter replayed(String by, Instant at, String to) {
        return new DeadLetter(id, topic, originalPartition, originalOffset, eventId, type, key, district,
                deadLetteredAt, reason, cause, data, by, at, to);
    }

    /**
     * Whether staff of {@code district} see it: their district's letters; the home district's staff (the platform's)
     * also those naming a district not served here, which no other district's staff would see.
     */
    boolean visibleTo(String district) {
        return district.equals(this.district)
                || ServedDistricts.home().equals(district) && !ServedDistricts.served().contains(this.district);
    }
}
