package org.civcity.notification.api;

import java.time.Instant;
import java.util.UUID;

/** Who is on duty at an instant: from the weekly rota or an override (with its reason), and the rota's version. */
public record OnDutyView(Instant at, UUID recipientId, String name, boolean override, String reason,
        int rotaVersion) {
}
