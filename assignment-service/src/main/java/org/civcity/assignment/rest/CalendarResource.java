package org.civcity.assignment.rest;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import org.civcity.assignment.api.CalendarRequest;
import org.civcity.assignment.api.CalendarView;
import org.civcity.assignment.api.ReplanRequest;
import org.civcity.assignment.api.ReplanView;
import org.civcity.assignment.service.CalendarService;
import org.civcity.shared.security.Caller;
import org.civcity.shared.security.Roles;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The national working calendars, one per year for every district served; the home district's admins publish them. */
@Tag(name = "Calendars", description = "Working calendars per year (public holidays and swapped working days),"
        + " national: one for every district served, published and re-planned by the home district's admins only;"
        + " every deadline is counted in this working time.")
@Path("/api/v1/calendars")
@Produces(MediaType.APPLICATION_JSON)
public class CalendarResource {

    /**
     * Why only the home district's admins publish and re-plan: the State Council's calendar is one for every district
     * served, and a re-plan moves every district's open deadlines.
     */
    static final String NATIONAL = "the working calendar is national, one for every district this deployment serves";

    private final CalendarService calendars;
    private final SecurityIdentity identity;

    public CalendarResource(CalendarService calendars, SecurityIdentity identity) {
        this.calendars = calendars;
        this.identity = identity;
    }

    @GET
    @RolesAllowed({Roles.ADMIN, Roles.OPS, Roles.SUPERVISOR, Roles.LEADER})
    @Operation(summary = "The calendar in force for every year, and the last day they cover")
    public Uni<CalendarView.Overview> overview() {
        return calendars.overview();
    }

    @GET
    @Path("{year}")
    @RolesAllowed({Roles.ADMIN, Roles.OPS, Roles.SUPERVISOR, Roles.LEADER})
    @Operation(summary = "The version of a year's calendar in force")
    public Uni<CalendarView> year(@PathParam("year") int year) {
        return calendars.inForce(year).map(CalendarView::of);
    }

    @GET
    @Path("{year}/versions")
    @RolesAllowed({Roles.ADMIN, Roles.OPS, Roles.SUPERVISOR})
    @Operation(summary = "Every published version of a year's calendar, oldest first: who, when, what changed")
    public Uni<List<CalendarView>> calendarVersions(@PathParam("year") int year) {
        return calendars.history(year).map(list -> list.stream().map(CalendarView::of).toList());
    }

    @POST
    @Path("{year}/replan")
    @RolesAllowed(Roles.ADMIN)
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Count open cases' rectification deadlines again on the year's calendar in force",
            description = "Deadlines set before a calendar was published or corrected keep theirs until an admin"
                    + " re-plans them. Each open case's deadline is counted again from its dispatch with the rule"
                    + " snapshotted on it; cases whose deadline an approved extension set are kept and listed. Each"
                    + " move is recorded on the case with the reason and announced as deadline.extended. With"
                    + " dryRun true nothing changes. Acknowledgement deadlines (at most a few working days) stay.")
    public Uni<ReplanView> replan(@PathParam("year") int year, @Valid @NotNull ReplanRequest body) {
        return calendars.replan(year, body, Caller.of(identity).homeDistrictOnly(NATIONAL).name());
    }

    @PUT
    @Path("{year}")
    @RolesAllowed(Roles.ADMIN)
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Publish a year's calendar as its next version",
            description = "201 with the new version; 200 with the version in force when it lists the same days."
                    + " Counts for every deadline computed afterwards, in every service; deadlines already set keep"
                    + " theirs. 422 names every problem (a date outside the year, a day listed twice, a day both off"
                    + " and worked, a swapped working day that is no weekend day, a past year) and publishes nothing.")
    @APIResponse(responseCode = "201", description = "Published as the next version", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = CalendarView.class)))
    @APIResponse(responseCode = "200", description = "The version in force lists the same days",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = CalendarView.class)))
    @APIResponse(responseCode = "422", description = "Every problem of the calendar, named; nothing published")
    public Uni<Response> publishCalendar(@PathParam("year") int year, @Valid @NotNull CalendarRequest body) {
        return calendars.publish(year, body, Caller.of(identity).homeDistrictOnly(NATIONAL).name()).map(p -> p.created()
                ? Response.status(201).entity(CalendarView.of(p.version()))
                        .location(URI.create("/api/v1/calendars/" + year)).build()
                : Response.ok(CalendarView.of(p.version())).build());
    }
}
