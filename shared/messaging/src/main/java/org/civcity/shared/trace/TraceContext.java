package org.civcity.shared.trace;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import java.util.List;

/**
 * The W3C trace context ({@code traceparent}) of work that outlives its request: outbox rows, timers and deliveries
 * store it, so a deferred escalation or a retried alert continues its finding's trace. OpenTelemetry carries the
 * trace through REST and Kafka itself and puts {@code traceId} in the log MDC of whatever context is current.
 */
public final class TraceContext {

    /** The HTTP and Kafka header. */
    public static final String HEADER = "traceparent";

    private static final TextMapGetter<String> STORED = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(String carrier) {
            return List.of(HEADER);
        }

        @Override
        public String get(String carrier, String key) {
            return HEADER.equals(key) ? carrier : null;
        }
    };

    private TraceContext() {
    }

    /** The current span's traceparent, or null outside any traced work. */
    public static String current() {
        return of(Span.current().getSpanContext());
    }

    /** {@code span} as a traceparent, or null when it is not a valid span. */
    public static String of(SpanContext span) {
        return span.isValid()
                ? "00-" + span.getTraceId() + "-" + span.getSpanId() + "-" + span.getTraceFlags().asHex()
                : null;
    }

    /**
     * The context whose remote parent span is {@code traceparent} (version 00, lower-case hex, neither id all zeros);
     * the root context, so a new trace starts, when it is not a valid one.
     */
    public static Context parent(String traceparent) {
        return traceparent == null ? Context.root()
                : W3CTraceContextPropagator.getInstance().extract(Context.root(), traceparent, STORED);
    }

    /** The trace id of {@code traceparent}, or null when it is not a valid one. */
    public static String traceId(String traceparent) {
        SpanContext span = Span.fromContext(parent(traceparent)).getSpanContext();
        return span.isValid() ? span.getTraceId() : null;
    }
}
