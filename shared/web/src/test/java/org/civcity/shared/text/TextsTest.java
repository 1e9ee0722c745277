package org.civcity.shared.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class TextsTest {

    @Test
    void blankIsNotGiven() {
        assertNull(Texts.strippedOrNull(null));
        assertNull(Texts.strippedOrNull(""));
        assertNull(Texts.strippedOrNull(" \t\n"));
        assertEquals("新华街道", Texts.strippedOrNull("  新华街道 "));
    }

    @Test
    void sha256IsTheStandardDigestOfUtf8() {
        assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", Texts.sha256Hex(""));
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", Texts.sha256Hex("abc"));
    }
}
