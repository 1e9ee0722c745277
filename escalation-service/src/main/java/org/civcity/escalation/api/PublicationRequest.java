package org.civcity.escalation.api;

import jakarta.validation.constraints.Size;

/** Publishing a bulletin; {@code correction} says why a later version replaces the one before (required then). */
public record PublicationRequest(@Size(max = 2000) String correction) {
}
