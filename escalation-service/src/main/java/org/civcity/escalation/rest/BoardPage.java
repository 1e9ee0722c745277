package org.civcity.escalation.rest;

import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/** The board page is static (META-INF/resources/board/); /board, as people type it, leads there. */
@ApplicationScoped
public class BoardPage {

    void route(@Observes Router router) {
        // A regex, so that only /board itself matches, never /board/ and the files below it.
        router.getWithRegex("/board").handler(rc -> rc.response().setStatusCode(301)
                .putHeader("Location", "/board/").end());
    }
}
