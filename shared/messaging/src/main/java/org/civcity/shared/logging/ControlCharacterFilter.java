package org.civcity.shared.logging;

import io.quarkus.logging.LoggingFilter;
import java.time.temporal.Temporal;
import java.util.UUID;
import java.util.logging.Filter;
import java.util.logging.LogRecord;
import org.jboss.logmanager.ExtLogRecord;

/**
 * Escapes line breaks and other control characters in every log message, its arguments and the messages of its
 * exception chain (client text: a source reference, a site name, a reason, a parse error quoting them), so no client
 * can forge a log line or hide one.
 */
@LoggingFilter(name = ControlCharacterFilter.NAME)
public final class ControlCharacterFilter implements Filter {

    /** The name the handlers' configuration refers to (quarkus.log.console.filter). */
    public static final String NAME = "civcity-control-characters";

    @Override
    public boolean isLoggable(LogRecord record) {
        Object[] parameters = record.getParameters();
        if (parameters != null) {
            Object[] escaped = parameters.clone();
            for (int i = 0; i < escaped.length; i++) {
                Object p = escaped[i];
                // Our own value types print no control characters; anything else may carry client text.
                if (p != null && !(p instanceof Number || p instanceof UUID || p instanceof Enum<?>
                        || p instanceof Boolean || p instanceof Temporal)) {
                    escaped[i] = escape(p.toString());
                }
            }
            record.setParameters(escaped);
        }
        Throwable thrown = record.getThrown();
        if (thrown != null && needsEscaping(thrown, 0)) {
            record.setThrown(EscapedThrowable.of(thrown, 0));
        }
        String message = record.getMessage();
        if (message != null) {
            String escaped = escape(message);
            if (escaped != message) {
                // JBoss records keep their format style (printf for Log.infof); a plain setMessage would reset it.
                if (record instanceof ExtLogRecord ext) {
                    ext.setMessage(escaped, ext.getFormatStyle());
                } else {
                    record.setMessage(escaped);
                }
            }
        }
        return true;
    }

    /** Chains deeper than this (or cyclic ones) are cut; no real exception nests so deep. */
    private static final int MAX_DEPTH = 32;

    /** Whether a message anywhere in the chain (causes, suppressed) would break the record's lines. */
    private static boolean needsEscaping(Throwable t, int depth) {
        if (t == null || depth > MAX_DEPTH) {
            return false;
        }
        if (t.getMessage() != null && escape(t.getMessage()) != t.getMessage()) {
            return true;
        }
        for (Throwable s : t.getSuppressed()) {
            if (needsEscaping(s, depth + 1)) {
                return true;
            }
        }
        return t.getCause() != t && needsEscaping(t.getCause(), depth + 1);
    }

    /**
     * A stand-in for a thrown exception whose message (a parse error quoting client text, say) holds line breaks: the
     * same class name, stack, causes and suppressed ones, the messages escaped.
     */
    static final class EscapedThrowable extends Throwable {
        private static final long serialVersionUID = 1L;
        private final String className;

        private EscapedThrowable(Throwable original, int depth) {
            super(original.getMessage() == null ? null : escape(original.getMessage()),
                    original.getCause() == null || original.getCause() == original || depth >= MAX_DEPTH ? null
                            : of(original.getCause(), depth + 1), true, true);
            this.className = original.getClass().getName();
            setStackTrace(original.getStackTrace());
            if (depth < MAX_DEPTH) {
                for (Throwable s : original.getSuppressed()) {
                    addSuppressed(of(s, depth + 1));
                }
            }
        }

        static EscapedThrowable of(Throwable original, int depth) {
            return new EscapedThrowable(original, depth);
        }

        @Override
        public String toString() {
            return getMessage() == null ? className : className + ": " + getMessage();
        }
    }

    /** {@code text} with CR, LF, the other C0 and C1 controls and the Unicode line separators written as escapes. */
    public static String escape(String text) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            String replacement = switch (c) {
                case '\r' -> "\\r";
                case '\n' -> "\\n";
                case '\t' -> null;
                default -> c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == '\u2028' || c == '\u2029'
                        ? String.format("\\u%04x", (int) c) : null;
            };
            if (replacement != null && out == null) {
                out = new StringBuilder(text.length() + 16).append(text, 0, i);
            }
            if (out != null) {
                if (replacement != null) {
                    out.append(replacement);
                } else {
                    out.append(c);
                }
            }
        }
        return out == null ? text : out.toString();
    }
}
