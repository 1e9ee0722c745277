package org.civcity.notification.rest;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.civcity.notification.config.NotificationConfig;
import org.civcity.notification.domain.CallbackSubscription;
import org.civcity.shared.problem.Problem;
import org.civcity.shared.problem.ProblemException;
import org.civcity.shared.security.Caller;
import org.civcity.shared.security.Roles;

/**
 * Status callbacks: a posting system registers the URL that receives signed webhooks when its findings change state.
 * A system manages its own registration; admins any system's.
 */
@Path("/api/v1/callbacks")
@Produces(MediaType.APPLICATION_JSON)
public class CallbackResource {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecurityIdentity identity;
    private final java.util.regex.Pattern allowedUrls;

    public CallbackResource(SecurityIdentity identity, NotificationConfig config) {
        this.identity = identity;
        this.allowedUrls = java.util.regex.Pattern.compile(config.callbacks().allowedUrls());
    }

    /** The URL to call; {@code sourceSystem} only when an admin registers for a system. */
    public record CallbackRequest(
            @NotBlank @Size(max = 2000) @Pattern(regexp = "https?://\\S+", message = "must be an http(s) URL")
            String url,
            @Size(max = 100) @Pattern(regexp = "[A-Za-z0-9._-]+", message = "must be a client id")
            String sourceSystem) {
    }

    /** A registration as read; the secret is shown only when it is created. */
    public record CallbackView(UUID id, String sourceSystem, String url, String secret, Instant createdAt,
            String createdBy) {

        static CallbackView of(CallbackSubscription s, boolean withSecret) {
            return new CallbackView(s.id, s.sourceSystem, s.url, withSecret ? s.secret : null, s.createdAt,
                    s.createdBy);
        }
    }

    /** Registers (or replaces, with a new secret) the caller's callback. */
    @POST
    @RolesAllowed({Roles.REPORTER, Roles.ADMIN})
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> register(@Valid @NotNull CallbackRequest body) {
        Caller caller = Caller.of(identity);
        String system = system(caller, body.sourceSystem());
        if (!allowedUrls.matcher(body.url()).matches()) {
            throw new ProblemException(400, "Bad Request", "The callback URL is not allowed here",
                    List.of(new Problem.FieldError("url", "must match " + allowedUrls.pattern())));
        }
        CallbackSubscription s = new CallbackSubscription();
        s.id = UUID.randomUUID();
        s.sourceSystem = system;
        s.url = body.url();
        s.secret = HexFormat.of().formatHex(bytes());
        s.active = true;
        s.createdAt = Instant.now();
        s.createdBy = caller.name();
        return Panache.withTransaction(() -> CallbackSubscription.update(
                        "active = false where sourceSystem = ?1 and active = true", system)
                .call(() -> Panache.getSession().chain(session -> session.flush()))
                .chain(() -> s.persist()))
                .invoke(() -> Log.infof("Callback of %s registered by %s: %s", system, caller.name(), s.url))
                .map(x -> Response.status(201).entity(CallbackView.of(s, true))
                        .location(URI.create("/api/v1/callbacks/" + s.id)).build());
    }

    /** A system sees its own registration; admins and operations staff see all. */
    @GET
    @RolesAllowed({Roles.REPORTER, Roles.ADMIN, Roles.OPS})
    public Uni<List<CallbackView>> list() {
        Caller caller = Caller.of(identity);
        boolean all = caller.has(Roles.ADMIN) || caller.has(Roles.OPS);
        return Panache.withSession(() -> all
                        ? CallbackSubscription.<CallbackSubscription>list("active = true order by sourceSystem")
                        : CallbackSubscription.<CallbackSubscription>list("active = true and sourceSystem = ?1",
                                caller.clientId()))
                .map(list -> list.stream().map(s -> CallbackView.of(s, false)).toList());
    }

    @DELETE
    @Path("{id}")
    @RolesAllowed({Roles.REPORTER, Roles.ADMIN})
    public Uni<Response> remove(@PathParam("id") UUID id) {
        Caller caller = Caller.of(identity);
        return Panache.withTransaction(() -> CallbackSubscription.<CallbackSubscription>findById(id)
                .map(s -> s != null && s.active && (caller.has(Roles.ADMIN)
                        || s.sourceSystem.equals(caller.clientId())) ? s : null)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("Callback " + id))
                .invoke(s -> s.active = false))
                .map(s -> Response.noContent().build());
    }

    private String system(Caller caller, String requested) {
        if (caller.has(Roles.ADMIN)) {
            if (requested == null) {
                throw new ProblemException(400, "Bad Request", "An admin names the sourceSystem the callback is for");
            }
            return requested;
        }
        if (caller.clientId() == null) {
            throw new ProblemException(400, "Bad Request", "Only a client's own token can register its callback");
        }
        if (requested != null && !requested.equals(caller.clientId())) {
            throw new ProblemException(403, "Forbidden", "A system registers callbacks for itself only ('"
                    + caller.clientId() + "')");
        }
        return caller.clientId();
    }

    private static byte[] bytes() {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        return secret;
    }
}
