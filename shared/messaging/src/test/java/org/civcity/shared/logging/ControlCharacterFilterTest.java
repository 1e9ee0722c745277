package org.civcity.shared.logging;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.jboss.logmanager.ExtLogRecord;
import org.jboss.logmanager.formatters.PatternFormatter;
import org.junit.jupiter.api.Test;

/** Security and correctness point 10 (input): client text cannot break a log record into several lines. */
class ControlCharacterFilterTest {

    @Test
    void lineBreaksAndControlsInArgumentsAndMessagesAreEscaped() {
        UUID id = UUID.randomUUID();
        LogRecord record = new LogRecord(Level.INFO, "Finding %s reported as %s\nend");
        record.setParameters(new Object[] {id, "R-1\r\n2026-12-02 00:00:00,000 INFO  forged\u0000\u2028", 7});
        new ControlCharacterFilter().isLoggable(record);
        assertEquals("Finding %s reported as %s\\nend", record.getMessage());
        assertArrayEquals(new Object[] {id, "R-1\\r\\n2026-12-02 00:00:00,000 INFO  forged\\u0000\\u2028", 7},
                record.getParameters());
        assertSame(id, record.getParameters()[0]);
    }

    @Test
    void aPrintfRecordKeepsItsFormatStyle() {
        ExtLogRecord record = new ExtLogRecord(Level.INFO, "Case %s:\n%s", ExtLogRecord.FormatStyle.PRINTF,
                getClass().getName());
        record.setParameters(new Object[] {"a\nb", "c"});
        new ControlCharacterFilter().isLoggable(record);
        assertEquals(ExtLogRecord.FormatStyle.PRINTF, record.getFormatStyle());
        assertEquals("Case a\\nb:\\nc", new PatternFormatter("%s").format(record));
    }

    @Test
    void clientTextInAnExceptionChainCannotStartALine() {
        String forged = "2026-12-02 00:00:00,000 INFO  traceId= [forged] (main) Finding 0 closed by the mayor";
        ExtLogRecord record = new ExtLogRecord(Level.WARNING, "Refused", ExtLogRecord.FormatStyle.NO_FORMAT,
                getClass().getName());
        IllegalStateException thrown = new IllegalStateException("wrapped",
                new IllegalArgumentException("Unexpected character in 'R-1\r\n" + forged + "'"));
        thrown.addSuppressed(new RuntimeException("also\n" + forged));
        record.setThrown(thrown);
        new ControlCharacterFilter().isLoggable(record);
        String out = new PatternFormatter("%s%e%n").format(record);
        for (String line : out.split("\n")) {
            assertFalse(line.startsWith("2026-12-02"), "a forged line: " + line);
        }
        assertTrue(out.contains("Caused by: java.lang.IllegalArgumentException: Unexpected character in 'R-1\\r\\n"
                + forged), out);
        assertTrue(out.contains("java.lang.IllegalStateException: wrapped"), out);
        assertTrue(out.contains("Suppressed: java.lang.RuntimeException: also\\n" + forged), out);
        assertTrue(out.contains("at org.civcity.shared.logging.ControlCharacterFilterTest"), "the stack stays: " + out);
    }

    @Test
    void anExceptionWithoutControlsIsLoggedAsItIs() {
        ExtLogRecord record = new ExtLogRecord(Level.WARNING, "Refused", getClass().getName());
        IllegalStateException thrown = new IllegalStateException("plain");
        record.setThrown(thrown);
        new ControlCharacterFilter().isLoggable(record);
        assertSame(thrown, record.getThrown());
    }

    @Test
    void plainTextIsLeftAlone() {
        String text = "城市管理局\t新华街道 Lane 3";
        assertSame(text, ControlCharacterFilter.escape(text));
    }
}
