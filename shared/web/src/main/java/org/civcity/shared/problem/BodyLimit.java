package org.civcity.shared.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Refuses a request whose declared body is over quarkus.http.limits.max-body-size with a 413 problem+json, before
 * Vert.x reads it (Vert.x itself would answer an empty 413). A chunked body without a length still meets the plain
 * Vert.x limit.
 */
@ApplicationScoped
public class BodyLimit {

    private final long limit;
    private final String body;

    public BodyLimit(@ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize limit,
            ObjectMapper mapper) throws JsonProcessingException {
        this.limit = limit.asLongValue();
        this.body = mapper.writeValueAsString(Problem.of(413, "Content Too Large",
                "The request body may have at most " + this.limit + " bytes"));
    }

    void register(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(ctx -> {
            String length = ctx.request().getHeader("Content-Length");
            if (length != null && tooLarge(length)) {
                // As Quarkus does: answer without reading the body, then close, since the body may still come.
                ctx.response().setStatusCode(413)
                        .putHeader("Content-Type", Problem.MEDIA_TYPE)
                        .putHeader("Connection", "close")
                        .endHandler(v -> ctx.request().connection().close())
                        .end(body);
            } else {
                ctx.next();
            }
        });
    }

    private boolean tooLarge(String length) {
        try {
            return Long.parseLong(length.strip()) > limit;
        } catch (NumberFormatException e) {
            return false; // Vert.x refuses a malformed length itself
        }
    }
}
