package org.civcity.shared.problem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class KeysetCursorTest {

    @Test
    void aCursorReadsBackAsTheSamePosition() {
        KeysetCursor cursor = new KeysetCursor(Instant.parse("2026-12-01T04:30:00.123456Z"), UUID.randomUUID());
        String encoded = cursor.encode();
        assertEquals(cursor, KeysetCursor.parse(encoded));
        assertEquals(cursor, KeysetCursor.parse("  " + encoded + " "), "surrounding blanks are ignored");
        assertEquals(-1, encoded.indexOf('='), "URL-safe, without padding");
    }

    @Test
    void noCursorIsTheFirstPage() {
        assertNull(KeysetCursor.parse(null));
        assertNull(KeysetCursor.parse(" "));
    }

    @ParameterizedTest
    @ValueSource(strings = {"garbage!", "bm90LWEtY3Vyc29y", "MjAyNi0xMi0wMVQwMDowMDowMFp8bm90LWEtdXVpZA"})
    void aCursorThatIsNotOursIsA400NamingTheField(String value) {
        ProblemException e = assertThrows(ProblemException.class, () -> KeysetCursor.parse(value));
        assertEquals(400, e.status());
        assertEquals("cursor", e.errors().get(0).field());
    }

    @Test
    void theSamplesAboveAreWhatTheySayTheyAre() {
        assertEquals("not-a-cursor", decode("bm90LWEtY3Vyc29y"));
        assertEquals("2026-12-01T00:00:00Z|not-a-uuid", decode("MjAyNi0xMi0wMVQwMDowMDowMFp8bm90LWEtdXVpZA"));
    }

    private static String decode(String value) {
        return new String(Base64.getUrlDecoder().decode(value), StandardCharsets.UTF_8);
    }
}
