package org.civcity.notification.api;

import java.time.Instant;
import java.util.UUID;
import org.civcity.notification.domain.Recipient;

/** A recipient as read. */
public record RecipientView(UUID id, String role, String unit, String name, String webhookUrl, String email,
        String mobile, String quietHours, boolean active, int version, Instant updatedAt, String updatedBy) {

    public static RecipientView of(Recipient r) {
        return new RecipientView(r.id, r.role, r.unit, r.name, r.webhookUrl, r.email, r.mobile, r.quietHours,
                r.active, r.version, r.updatedAt, r.updatedBy);
    }
}
