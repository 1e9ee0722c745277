package org.civcity.shared.http;

import jakarta.ws.rs.container.ContainerRequestContext;
import org.civcity.shared.trace.TraceContext;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/** Every request continues the caller's trace ({@code traceparent} header) or starts a new one. */
public class TraceFilter {

    @ServerRequestFilter(preMatching = true)
    public void enter(ContainerRequestContext request) {
        TraceContext.continueFrom(request.getHeaderString(TraceContext.HEADER));
    }
}
