package org.civcity.notification.api;

import java.time.Instant;
import java.util.UUID;
import org.civcity.notification.domain.CallbackSubscription;

/** A registration as read; the secret is shown only when it is created. */
public record CallbackView(UUID id, String sourceSystem, String url, String secret, Instant createdAt,
        String createdBy) {

    public static CallbackView of(CallbackSubscription s, boolean withSecret) {
        return new CallbackView(s.id, s.sourceSystem, s.url, withSecret ? s.secret : null, s.createdAt,
                s.createdBy);
    }
}
