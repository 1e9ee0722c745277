package org.civcity.shared.messaging;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonParseException;
import io.netty.channel.ConnectTimeoutException;
import io.vertx.core.impl.NoStackTraceThrowable;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import java.net.ConnectException;
import java.util.concurrent.CompletionException;
import org.hibernate.HibernateException;
import org.junit.jupiter.api.Test;

/** The failures seen while PostgreSQL restarted in the chaos test are transient; failures of the work are not. */
class TransientFailuresTest {

    @Test
    void theDatabaseAwayOrRestartingIsTransient() {
        assertTrue(TransientFailures.isTransient(new CompletionException(new ConnectException("Connection refused"))));
        assertTrue(TransientFailures.isTransient(new ConnectTimeoutException("connection timed out")));
        assertTrue(TransientFailures.isTransient(new HibernateException(ClosedConnectionException.INSTANCE)));
        assertTrue(TransientFailures.isTransient(new PgException(
                "terminating connection due to administrator command", "FATAL", "57P01", null)));
        assertTrue(TransientFailures.isTransient(new PgException(
                "the database system is shutting down", "FATAL", "57P03", null)));
        assertTrue(TransientFailures.isTransient(new PgException("could not serialize access", "ERROR", "40001",
                null)));
        assertTrue(TransientFailures.isTransient(new HibernateException(new CompletionException(
                new NoStackTraceThrowable("Connection is not active now, current status: CLOSED")))));
        assertTrue(TransientFailures.isTransient(new NoStackTraceThrowable("Timeout")));
    }

    @Test
    void aFailureOfTheWorkItselfIsNot() {
        assertFalse(TransientFailures.isTransient(new PgException(
                "duplicate key value violates unique constraint", "ERROR", "23505", null)));
        assertFalse(TransientFailures.isTransient(new IllegalStateException("no such case")));
        assertFalse(TransientFailures.isTransient(new JsonParseException(null, "Unexpected character")));
        assertFalse(TransientFailures.isTransient(new NullPointerException()));
    }
}
