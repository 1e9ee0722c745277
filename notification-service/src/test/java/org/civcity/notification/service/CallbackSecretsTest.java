package org.civcity.notification.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class CallbackSecretsTest {

    private static final String KEY = Base64.getEncoder().encodeToString(new byte[32]);
    private final CallbackSecrets secrets = new CallbackSecrets(KEY);

    @Test
    void aSealedSecretOpensForItsOwnRowOnly() {
        UUID row = UUID.randomUUID();
        String sealed = secrets.seal(row, "0123abcd".repeat(8));
        assertTrue(sealed.startsWith("v1:"));
        assertFalse(sealed.contains("0123abcd"));
        assertTrue(sealed.length() <= 200, "fits the column");
        assertEquals("0123abcd".repeat(8), secrets.open(row, sealed));
        assertNotEquals(sealed, secrets.seal(row, "0123abcd".repeat(8)), "a fresh nonce every time");
        assertThrows(IllegalStateException.class, () -> secrets.open(UUID.randomUUID(), sealed));
    }

    @Test
    void anAlteredOrForeignKeyedSecretDoesNotOpen() {
        UUID row = UUID.randomUUID();
        String sealed = secrets.seal(row, "secret");
        char[] c = sealed.toCharArray();
        c[10] = c[10] == 'A' ? 'B' : 'A';
        assertThrows(IllegalStateException.class, () -> secrets.open(row, new String(c)));
        byte[] other = new byte[32];
        other[0] = 1;
        CallbackSecrets otherKey = new CallbackSecrets(Base64.getEncoder().encodeToString(other));
        assertThrows(IllegalStateException.class, () -> otherKey.open(row, sealed));
    }

    @Test
    void aSecretStoredBeforeSealingIsReadAsItIs() {
        assertEquals("ab".repeat(32), secrets.open(UUID.randomUUID(), "ab".repeat(32)));
    }

    @Test
    void aKeyThatIsNot32BytesOfBase64IsRefusedWithItsName() {
        for (String bad : new String[] {"short", Base64.getEncoder().encodeToString(new byte[16]), "!!not base64!!"}) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> new CallbackSecrets(bad));
            assertTrue(e.getMessage().contains("notification.callbacks.encryption-key"));
        }
    }
}
