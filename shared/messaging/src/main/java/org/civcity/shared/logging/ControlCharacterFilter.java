package org.civcity.shared.logging;

import io.quarkus.logging.LoggingFilter;
import java.time.temporal.Temporal;
import java.util.UUID;
import java.util.logging.Filter;
import java.util.logging.LogRecord;
import org.jboss.logmanager.ExtLogRecord;

/**
 * Escapes line breaks and other control characters in every log message and its arguments (client text: a source
 * reference, a site name, a reason), so no client can forge a log line or hide one: one record, one line.
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
