package org.civcity.shared.messaging;

import io.vertx.sqlclient.ClosedConnectionException;
import io.vertx.sqlclient.DatabaseException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.channels.ClosedChannelException;
import java.util.Locale;
import java.util.concurrent.TimeoutException;

/** Tells failures of the infrastructure (database or network away, restarting, overloaded) from the work's own. */
public final class TransientFailures {

    private TransientFailures() {
    }

    /**
     * True when some cause says the database or the network could not serve right now: the same work may succeed
     * later unchanged, so it must be retried or refused with 503, never dead-lettered or answered with 500.
     */
    public static boolean isTransient(Throwable failure) {
        int depth = 0;
        for (Throwable t = failure; t != null && depth < 20; t = t.getCause(), depth++) {
            if (t instanceof SocketException || t instanceof SocketTimeoutException
                    || t instanceof ClosedChannelException || t instanceof ClosedConnectionException
                    || t instanceof TimeoutException) {
                return true;
            }
            if (t instanceof DatabaseException db && transientState(db.getSqlState())) {
                return true;
            }
            String message = t.getMessage() == null ? "" : t.getMessage().toLowerCase(Locale.ROOT);
            // The reactive pool reports a lost or unobtainable connection with a bare message, no type of its own.
            if (message.contains("connection is not active") || message.contains("connection closed")
                    || message.contains("pool closed") || message.equals("timeout")) {
                return true;
            }
        }
        return false;
    }

    /** Connection (08), shutdown or start-up (57P), resources (53), serialization failure or deadlock (40...). */
    private static boolean transientState(String state) {
        return state != null && (state.startsWith("08") || state.startsWith("57P") || state.startsWith("53")
                || state.equals("40001") || state.equals("40P01"));
    }
}
