package org.civcity.notification.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.UUID;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.civcity.notification.config.NotificationConfig;

/**
 * Seals callback signing secrets for the database with AES-256-GCM (the subscription id as associated data, so a
 * sealed secret cannot be moved to another row): a copy of the table does not let anyone forge our callbacks.
 */
@ApplicationScoped
public class CallbackSecrets {

    static final String PREFIX = "v1:";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKey key;

    @Inject
    public CallbackSecrets(NotificationConfig config) {
        this(config.callbacks().encryptionKey());
    }

    CallbackSecrets(String base64Key) {
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(base64Key.strip());
        } catch (IllegalArgumentException e) {
            raw = new byte[0];
        }
        if (raw.length != 32) {
            throw new IllegalStateException("notification.callbacks.encryption-key must be 32 random bytes in base64"
                    + " (e.g. openssl rand -base64 32)");
        }
        this.key = new SecretKeySpec(raw, "AES");
    }

    /** The secret as stored: "v1:" and the base64 of nonce, ciphertext and tag. */
    public String seal(UUID subscription, String secret) {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(aad(subscription));
            byte[] sealed = cipher.doFinal(secret.getBytes(StandardCharsets.UTF_8));
            return PREFIX + Base64.getEncoder().encodeToString(ByteBuffer.allocate(nonce.length + sealed.length)
                    .put(nonce).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    /** The secret of a stored value; a value from before sealing (plain hex) is read as it is until resealed. */
    public String open(UUID subscription, String stored) {
        if (!isSealed(stored)) {
            return stored;
        }
        byte[] all = Base64.getDecoder().decode(stored.substring(PREFIX.length()));
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, all, 0, NONCE_BYTES));
            cipher.updateAAD(aad(subscription));
            return new String(cipher.doFinal(all, NONCE_BYTES, all.length - NONCE_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("The callback secret of " + subscription
                    + " does not open with notification.callbacks.encryption-key (a different key, or altered)", e);
        }
    }

    public static boolean isSealed(String stored) {
        return stored.startsWith(PREFIX);
    }

    private static byte[] aad(UUID subscription) {
        return subscription.toString().getBytes(StandardCharsets.US_ASCII);
    }
}
