package org.civcity.shared.trace;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.logging.MDC;

/**
 * W3C trace context ({@code traceparent}) that follows a finding from the intake request through the outbox, Kafka
 * (the CloudEvents distributed-tracing extension), timers and deliveries to the alert. The current value lives in
 * the log MDC, which Quarkus keeps per Vert.x duplicated context (one per request, message or poller round), so
 * every log line of that work carries {@code traceId}.
 */
public final class TraceContext {

    /** The HTTP header, and the CloudEvents extension attribute (ce_traceparent on Kafka). */
    public static final String HEADER = "traceparent";
    public static final String MDC_TRACEPARENT = "traceparent";
    public static final String MDC_TRACE_ID = "traceId";

    private static final Pattern VALID = Pattern.compile("00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})");
    private static final String ZERO_TRACE = "0".repeat(32);
    private static final String ZERO_SPAN = "0".repeat(16);
    private static final SecureRandom RANDOM = new SecureRandom();

    private TraceContext() {
    }

    /** A new span in {@code parent}'s trace when it is a valid traceparent, else the root of a new trace. */
    public static String childOf(String parent) {
        Matcher m = valid(parent);
        return m == null ? "00-" + hex(16) + "-" + hex(8) + "-01"
                : "00-" + m.group(1) + "-" + hex(8) + "-" + m.group(3);
    }

    /** The trace id of {@code traceparent}, or null when it is not a valid one. */
    public static String traceId(String traceparent) {
        Matcher m = valid(traceparent);
        return m == null ? null : m.group(1);
    }

    /** Version 00, lower-case hex, neither id all zeros (W3C Trace Context, level 1). */
    private static Matcher valid(String traceparent) {
        if (traceparent == null) {
            return null;
        }
        Matcher m = VALID.matcher(traceparent);
        return m.matches() && !m.group(1).equals(ZERO_TRACE) && !m.group(2).equals(ZERO_SPAN) ? m : null;
    }

    /** Makes {@code traceparent} the current one of this unit of work; null clears it. */
    public static void enter(String traceparent) {
        String traceId = traceId(traceparent);
        if (traceId == null) {
            clear();
            return;
        }
        MDC.put(MDC_TRACEPARENT, traceparent);
        MDC.put(MDC_TRACE_ID, traceId);
    }

    /** Continues {@code parent}'s trace (or starts one) in this unit of work; returns the new current value. */
    public static String continueFrom(String parent) {
        String current = childOf(parent);
        enter(current);
        return current;
    }

    /** The current traceparent, or null outside any traced work. */
    public static String current() {
        Object value = MDC.get(MDC_TRACEPARENT);
        return value == null ? null : value.toString();
    }

    public static void clear() {
        MDC.remove(MDC_TRACEPARENT);
        MDC.remove(MDC_TRACE_ID);
    }

    private static String hex(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
