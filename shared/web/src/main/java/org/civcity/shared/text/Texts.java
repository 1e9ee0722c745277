package org.civcity.shared.text;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Small text rules every service applies the same way. */
public final class Texts {

    private Texts() {
    }

    /** The text without surrounding blanks, or null when there is none: an empty filter or field means "not given". */
    public static String strippedOrNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    /** SHA-256 of the text's UTF-8 bytes, as lower-case hex (request fingerprints, the ledger's hash chain). */
    public static String sha256Hex(String text) {
        return sha256Hex(text.getBytes(StandardCharsets.UTF_8));
    }

    /** SHA-256 of {@code bytes}, as lower-case hex (an uploaded file's fingerprint). */
    public static String sha256Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
