package org.civcity.notification.rest;

import io.smallrye.mutiny.Multi;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.civcity.notification.messaging.AlertFeed;
import org.civcity.shared.security.Roles;
import org.jboss.resteasy.reactive.RestStreamElementType;

/** Server-sent events: escalations and deadline warnings as they happen, for dashboards. */
@Path("/api/v1/alerts/feed")
public class AlertFeedResource {

    private final AlertFeed feed;

    public AlertFeedResource(AlertFeed feed) {
        this.feed = feed;
    }

    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.SUPERVISOR, Roles.LEADER, Roles.OPS})
    public Multi<AlertFeed.Entry> feed() {
        return feed.stream();
    }
}
