package org.civcity.notification.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.civcity.notification.config.NotificationConfig;
import org.civcity.shared.problem.ProblemException;

/**
 * Signed, expiring acknowledgement tokens: the page, the person and the expiry, with an HMAC-SHA256 under a key
 * derived from the webhook signing secret (its own purpose, so neither signature can stand in for the other).
 */
@ApplicationScoped
public class AcknowledgementTokens {

    private static final int BODY_BYTES = 16 + 16 + 8;
    private final byte[] key;

    @Inject
    public AcknowledgementTokens(NotificationConfig config) {
        this(config.webhook().signingSecret());
    }

    AcknowledgementTokens(String signingSecret) {
        this.key = hmac(signingSecret.getBytes(StandardCharsets.UTF_8),
                "civcity alert acknowledgement v1".getBytes(StandardCharsets.UTF_8));
    }

    /** What a valid token names. */
    public record Claim(UUID page, UUID recipient, Instant expires) {
    }

    public String issue(UUID page, UUID recipient, Instant expires) {
        byte[] body = ByteBuffer.allocate(BODY_BYTES)
                .putLong(page.getMostSignificantBits()).putLong(page.getLeastSignificantBits())
                .putLong(recipient.getMostSignificantBits()).putLong(recipient.getLeastSignificantBits())
                .putLong(expires.getEpochSecond()).array();
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return b64.encodeToString(body) + "." + b64.encodeToString(hmac(key, body));
    }

    /** The claim of a token: 400 when it is no token, 403 when its signature is wrong, 410 when it has expired. */
    public Claim verify(String token, Instant now) {
        String[] parts = token == null ? new String[0] : token.split("\\.");
        byte[] body;
        byte[] signature;
        try {
            if (parts.length != 2) {
                throw new IllegalArgumentException();
            }
            body = Base64.getUrlDecoder().decode(parts[0]);
            signature = Base64.getUrlDecoder().decode(parts[1]);
        } catch (IllegalArgumentException e) {
            throw new ProblemException(400, "Bad Request", "This is not an acknowledgement token");
        }
        if (body.length != BODY_BYTES || !MessageDigest.isEqual(hmac(key, body), signature)) {
            throw new ProblemException(403, "Forbidden", "The acknowledgement token is not one this service signed");
        }
        ByteBuffer b = ByteBuffer.wrap(body);
        Claim claim = new Claim(new UUID(b.getLong(), b.getLong()), new UUID(b.getLong(), b.getLong()),
                Instant.ofEpochSecond(b.getLong()));
        if (!now.isBefore(claim.expires())) {
            throw new ProblemException(410, "Gone", "The acknowledgement link expired at " + claim.expires()
                    + "; acknowledge in the system instead");
        }
        return claim;
    }

    private static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
