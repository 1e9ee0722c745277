package org.civcity.notification.api;

import java.time.Instant;
import java.util.UUID;
import org.civcity.notification.domain.CallbackSubscription;

/** A registration as read; the secret is shown only when it is created. */
public record CallbackView(UUID id, String sourceSystem, String url, String secret, Instant createdAt,
        String createdBy) {

    /** The registration as listed, without its secret. */
    public static CallbackView of(CallbackSubscription s) {
        return of(s, null);
    }

    /** The registration as just created, with the secret in clear this once (only its sealed form is stored). */
    public static CallbackView of(CallbackSubscription s, String secret) {
        return new CallbackView(s.id, s.sourceSystem, s.url, secret, s.createdAt, s.createdBy);
    }
}
