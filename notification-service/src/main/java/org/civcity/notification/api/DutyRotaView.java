package org.civcity.notification.api;

import java.time.Instant;
import java.util.List;

/** The duty rota in force: its version, shifts and overrides, and who changed it when. */
public record DutyRotaView(int version, List<DutyRotaRequest.Shift> weekly, List<DutyRotaRequest.Override> overrides,
        Instant updatedAt, String updatedBy) {
}
