package org.civcity.notification.rest;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Multi;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Duration;
import java.time.Instant;
import org.civcity.notification.messaging.AlertFeed;
import org.civcity.shared.security.Caller;
import org.civcity.shared.security.Roles;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestStreamElementType;

/**
 * Server-sent events: escalations and deadline warnings as they happen, for dashboards; a feed ends when the token
 * that opened it expires, and a user may hold only a few open.
 */
@Tag(name = "Alert feed", description = "Server-sent events of escalations and deadline warnings, for dashboards.")
@Path("/api/v1/alerts/feed")
public class AlertFeedResource {

    /** A token without an expiry (not one Keycloak issues) keeps a feed open this long at most. */
    private static final Duration WITHOUT_EXPIRY = Duration.ofHours(1);

    private final AlertFeed feed;
    private final SecurityIdentity identity;

    public AlertFeedResource(AlertFeed feed, SecurityIdentity identity) {
        this.feed = feed;
        this.identity = identity;
    }

    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.SUPERVISOR, Roles.LEADER, Roles.OPS})
    public Multi<AlertFeed.Entry> feed() {
        Instant expiresAt = identity.getPrincipal() instanceof JsonWebToken jwt && jwt.getExpirationTime() > 0
                ? Instant.ofEpochSecond(jwt.getExpirationTime()) : Instant.now().plus(WITHOUT_EXPIRY);
        return feed.open(identity.getPrincipal().getName(), Caller.of(identity).district(), expiresAt);
    }
}
