package org.civcity.escalation.rest;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.civcity.escalation.service.AssessmentService;
import org.civcity.shared.calendar.WorkingCalendar;
import org.civcity.shared.district.ServedDistricts;
import org.civcity.shared.problem.Problem;
import org.civcity.shared.problem.ProblemException;
import org.civcity.shared.problem.QueryParams;
import org.civcity.shared.security.Caller;
import org.civcity.shared.security.Roles;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Assessment of the departments or the townships per month, quarter or custom range, as JSON or CSV. */
@Tag(name = "Assessment", description = "Assessment and ranking of departments and townships per month, quarter or "
        + "range, as JSON or CSV.")
@Path("/api/v1/assessments")
public class AssessmentResource {

    private static final Pattern MONTH = Pattern.compile("(\\d{4})-(\\d{2})");
    private static final Pattern QUARTER = Pattern.compile("(\\d{4})-Q([1-4])");

    private final AssessmentService service;
    private final WorkingCalendar calendar;
    private final SecurityIdentity identity;

    public AssessmentResource(AssessmentService service, WorkingCalendar calendar, SecurityIdentity identity) {
        this.service = service;
        this.calendar = calendar;
        this.identity = identity;
    }

    /** One district's assessment in the city's side-by-side view. */
    public record DistrictAssessment(String district, AssessmentService.Assessment assessment) {
    }

    /**
     * The caller's district's assessment. {@code period} is 2026-09 or 2026-Q3 (district time), or give {@code from}
     * and {@code to}.
     */
    @GET
    @RolesAllowed({Roles.SUPERVISOR, Roles.LEADER})
    @Produces({MediaType.APPLICATION_JSON, "text/csv"})
    public Uni<Response> assess(@QueryParam("period") String period, @QueryParam("from") String from,
            @QueryParam("to") String to, @QueryParam("by") String by, @QueryParam("format") String format,
            @jakarta.ws.rs.HeaderParam("Accept") String accept) {
        AssessmentService.Party party = party(by);
        Window window = window(period, from, to);
        boolean csv = "csv".equalsIgnoreCase(format) || (accept != null && accept.contains("text/csv")
                && !accept.contains("application/json"));
        String name = party == AssessmentService.Party.TOWNSHIP ? "township-assessment-" : "assessment-";
        return service.assess(Caller.of(identity).district(), window.label(), window.start(), window.end(), party)
                .map(a -> csv
                        ? Response.ok(csv(a)).type("text/csv; charset=UTF-8")
                                .header("Content-Disposition", "attachment; filename=\"" + name
                                        + window.label().replace('/', '_') + ".csv\"").build()
                        : Response.ok(a).type(MediaType.APPLICATION_JSON).build());
    }

    /**
     * The city's view: every district this deployment serves, side by side, each assessed on its own cases and its
     * own ledger chain, in the order of their codes.
     */
    @GET
    @Path("districts")
    @RolesAllowed(Roles.CITY)
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<List<DistrictAssessment>> districts(@QueryParam("period") String period,
            @QueryParam("from") String from, @QueryParam("to") String to, @QueryParam("by") String by) {
        AssessmentService.Party party = party(by);
        Window window = window(period, from, to);
        return Multi.createFrom().iterable(new TreeSet<>(ServedDistricts.served()))
                .onItem().transformToUniAndConcatenate(d -> service.assess(d, window.label(), window.start(),
                        window.end(), party).map(a -> new DistrictAssessment(d, a)))
                .collect().asList();
    }

    private static AssessmentService.Party party(String by) {
        AssessmentService.Party party = by == null || by.isBlank() || by.strip().equalsIgnoreCase("unit")
                ? AssessmentService.Party.UNIT : by.strip().equalsIgnoreCase("township")
                        ? AssessmentService.Party.TOWNSHIP : null;
        if (party == null) {
            throw invalid("by", "must be unit (the lead departments) or township (where the cases lie)");
        }
        return party;
    }

    /** The assessed period: its label and its bounds. */
    private record Window(String label, Instant start, Instant end) {
    }

    private Window window(String period, String from, String to) {
        Instant start;
        Instant end;
        String label;
        ZoneId district = calendar.zone();
        if (period != null && !period.isBlank()) {
            Matcher month = MONTH.matcher(period.strip());
            Matcher quarter = QUARTER.matcher(period.strip());
            if (month.matches()) {
                YearMonth m;
                try {
                    m = YearMonth.of(Integer.parseInt(month.group(1)), Integer.parseInt(month.group(2)));
                } catch (java.time.DateTimeException e) {
                    throw invalid("period", "must be a month (2026-09) or a quarter (2026-Q3)");
                }
                start = m.atDay(1).atStartOfDay(district).toInstant();
                end = m.plusMonths(1).atDay(1).atStartOfDay(district).toInstant();
            } else if (quarter.matches()) {
                LocalDate first = LocalDate.of(Integer.parseInt(quarter.group(1)),
                        (Integer.parseInt(quarter.group(2)) - 1) * 3 + 1, 1);
                start = first.atStartOfDay(district).toInstant();
                end = first.plusMonths(3).atStartOfDay(district).toInstant();
            } else {
                throw invalid("period", "must be a month (2026-09) or a quarter (2026-Q3)");
            }
            label = period.strip();
        } else {
            start = QueryParams.instant("from", from);
            end = QueryParams.instant("to", to);
            if (start == null || end == null || !end.isAfter(start)) {
                throw invalid("period", "give a period, or from and to with to after from");
            }
            label = start + "/" + end;
        }
        return new Window(label, start, end);
    }

    private static String csv(AssessmentService.Assessment a) {
        StringBuilder out = new StringBuilder("rank,unit,findings,due,closed_on_time,on_time_rate,reports,reworks,"
                + "rework_rate,escalations,repeats,penalty_points,score,roll,repeat_rate,dispositions,name,"
                + "deduction_points\n");
        for (AssessmentService.UnitAssessment u : a.units()) {
            long escalations = u.escalationsByLevel().values().stream().mapToLong(Long::longValue).sum();
            String roll = a.honourRoll().contains(u.unit()) ? "honour" : a.blacklist().contains(u.unit()) ? "black"
                    : "";
            out.append(u.rank()).append(',').append(u.unit()).append(',').append(u.findings()).append(',')
                    .append(u.due()).append(',').append(u.closedOnTime()).append(',')
                    .append(u.onTimeRate() == null ? "" : u.onTimeRate()).append(',').append(u.reports()).append(',')
                    .append(u.reworks()).append(',').append(u.reworkRate() == null ? "" : u.reworkRate()).append(',')
                    .append(escalations).append(',').append(u.repeats()).append(',').append(u.penaltyPoints())
                    .append(',').append(u.score()).append(',').append(roll).append(',')
                    .append(u.repeatRate() == null ? "" : u.repeatRate()).append(',').append(u.dispositions())
                    .append(',').append(csvField(u.name())).append(',').append(u.deductionPoints().toPlainString())
                    .append('\n');
        }
        // The ledger's head, so a printed or filed export can be checked against the ledger later.
        out.append("# ledger head: sequence ").append(a.ledgerHead().sequence()).append(", sha256 ")
                .append(a.ledgerHead().hash()).append('\n');
        return out.toString();
    }

    /** Quoted when it holds a comma, a quote or a line break (RFC 4180). */
    private static String csvField(String value) {
        return value.matches("[^,\"\r\n]*") ? value : "\"" + value.replace("\"", "\"\"") + "\"";
    }

    private static ProblemException invalid(String field, String message) {
        return new ProblemException(400, "Invalid request", field + " " + message,
                List.of(new Problem.FieldError(field, message)));
    }
}
