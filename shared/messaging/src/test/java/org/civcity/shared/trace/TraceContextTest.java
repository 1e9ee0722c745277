package org.civcity.shared.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/** W3C traceparent handling: a valid parent's trace continues in a new span; anything else starts a new trace. */
class TraceContextTest {

    private static final String PARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    @Test
    void aChildKeepsTheTraceAndFlagsWithANewSpan() {
        String child = TraceContext.childOf(PARENT);
        assertEquals("4bf92f3577b34da6a3ce929d0e0e4736", TraceContext.traceId(child));
        assertTrue(child.endsWith("-01"), child);
        assertNotEquals(PARENT, child);
        assertTrue(child.matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01"), child);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"garbage", "00-00000000000000000000000000000000-00f067aa0ba902b7-01",
        "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01",
        "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01",
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01\r\nX-Injected: 1"})
    void anInvalidParentStartsANewTrace(String parent) {
        String child = TraceContext.childOf(parent);
        assertTrue(child.matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01"), child);
        assertNotEquals("4bf92f3577b34da6a3ce929d0e0e4736", TraceContext.traceId(child));
        assertNull(TraceContext.traceId(parent));
    }
}
