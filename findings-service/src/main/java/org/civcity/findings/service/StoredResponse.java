package org.civcity.findings.service;

/** An intake response as stored for its Idempotency-Key; {@code replayed} when it answers a repeat. */
public record StoredResponse(int status, String body, String location, boolean replayed) {
}
