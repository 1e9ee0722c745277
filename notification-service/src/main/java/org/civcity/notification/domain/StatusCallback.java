package org.civcity.notification.domain;

import java.time.Instant;
import java.util.UUID;

/** The JSON body of a status callback: what happened to a posting system's finding and where it stands now. */
public record StatusCallback(
        String deliveryId,
        String type,
        UUID findingId,
        String sourceSystem,
        String sourceReference,
        String state,
        int generation,
        String unit,
        int escalationLevel,
        String outcome,
        Instant rectifyBy,
        Instant at) {
}
