package org.civcity.shared.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/** Stored W3C traceparents: a valid one becomes the parent again; anything else starts a new trace. */
class TraceContextTest {

    private static final String STORED = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    @Test
    void aStoredTraceparentIsTheParentAgainAndCurrentWhileMadeCurrent() {
        SpanContext parent = Span.fromContext(TraceContext.parent(STORED)).getSpanContext();
        assertEquals("4bf92f3577b34da6a3ce929d0e0e4736", parent.getTraceId());
        assertEquals("00f067aa0ba902b7", parent.getSpanId());
        assertEquals(STORED, TraceContext.of(parent));
        assertNull(TraceContext.current(), "nothing is current outside traced work");
        try (Scope ignored = TraceContext.parent(STORED).makeCurrent()) {
            assertEquals(STORED, TraceContext.current());
        }
        assertEquals("4bf92f3577b34da6a3ce929d0e0e4736", TraceContext.traceId(STORED));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"garbage", "00-00000000000000000000000000000000-00f067aa0ba902b7-01",
        "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01",
        "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01",
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01\r\nX-Injected: 1"})
    void anInvalidTraceparentStartsANewTrace(String stored) {
        assertFalse(Span.fromContext(TraceContext.parent(stored)).getSpanContext().isValid());
        assertEquals(Context.root(), TraceContext.parent(stored));
        assertNull(TraceContext.traceId(stored));
    }
}
