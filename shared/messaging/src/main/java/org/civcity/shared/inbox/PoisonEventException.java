package org.civcity.shared.inbox;

/** An event that can never be processed (not JSON, unknown type, invalid data): it goes to the dead-letter topic. */
public class PoisonEventException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public PoisonEventException(String message) {
        super(message);
    }

    public PoisonEventException(String message, Throwable cause) {
        super(message, cause);
    }
}
