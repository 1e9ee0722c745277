package org.civcity.findings.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.civcity.contracts.Category;
import org.civcity.contracts.FindingSource;
import org.civcity.contracts.Severity;
import org.civcity.contracts.SiteType;
import org.civcity.findings.api.FindingRequest;
import org.civcity.findings.api.RoundImportResult;
import org.civcity.findings.api.RoundImportResult.Outcome;
import org.civcity.findings.api.RoundImportResult.RowError;
import org.civcity.findings.api.RoundImportResult.RowOutcome;
import org.civcity.findings.config.FindingsConfig;
import org.civcity.shared.problem.Problem;
import org.civcity.shared.problem.ProblemException;
import org.civcity.shared.security.Caller;

/**
 * Imports an evaluator's file as a named round: every row is checked first, then each valid one becomes a finding
 * through the intake path (dedup, repeat link, routing) under the key of its round and row, so the same file, or the
 * same row, again creates nothing new. By default one bad row refuses the whole file; {@code validOnly} imports the
 * valid rows and reports the others.
 */
@ApplicationScoped
public class RoundImport {

    /** The usual headings of a mock evaluation's export, per field; an evaluator's own are configured. */
    static final Map<String, List<String>> HEADINGS = headings();
    private static final ZoneId DISTRICT = ZoneId.of("Asia/Shanghai");
    private static final List<DateTimeFormatter> TIMES = List.of(
            DateTimeFormatter.ofPattern("yyyy-M-d H:mm[:ss]"), DateTimeFormatter.ofPattern("yyyy/M/d H:mm[:ss]"),
            DateTimeFormatter.ofPattern("yyyy.M.d H:mm[:ss]"), DateTimeFormatter.ofPattern("yyyy年M月d日 H:mm[:ss]"),
            DateTimeFormatter.ofPattern("yyyy年M月d日H时m分"));
    private static final List<DateTimeFormatter> DAYS = List.of(DateTimeFormatter.ofPattern("yyyy-M-d"),
            DateTimeFormatter.ofPattern("yyyy/M/d"), DateTimeFormatter.ofPattern("yyyy.M.d"),
            DateTimeFormatter.ofPattern("yyyy年M月d日"));
    private static final int MAX_ROUND = 100;

    private final FindingService findings;
    private final Validator validator;
    private final ObjectMapper mapper;
    private final FindingsConfig config;

    public RoundImport(FindingService findings, Validator validator, ObjectMapper mapper, FindingsConfig config) {
        this.findings = findings;
        this.validator = validator;
        this.mapper = mapper;
        this.config = config;
    }

    private static Map<String, List<String>> headings() {
        Map<String, List<String>> h = new LinkedHashMap<>();
        h.put("serial", List.of("序号", "编号"));
        h.put("siteType", List.of("点位类型"));
        h.put("siteName", List.of("点位名称"));
        h.put("siteCode", List.of("点位编码", "点位编号"));
        h.put("township", List.of("所属街道", "所属镇街", "街道"));
        h.put("address", List.of("地址", "详细地址"));
        h.put("description", List.of("问题描述"));
        h.put("category", List.of("问题类别", "问题类型"));
        h.put("severity", List.of("严重程度"));
        h.put("deductionPoints", List.of("扣分"));
        h.put("observedAt", List.of("发现时间", "检查时间"));
        h.put("photos", List.of("照片", "照片链接"));
        h.put("latitude", List.of("纬度"));
        h.put("longitude", List.of("经度"));
        return h;
    }

    /** Checks {@code content}, then imports it (all of it, or with {@code validOnly} the valid rows). */
    public Uni<RoundImportResult> importRound(String round, String sourceSystem, FindingSource source,
            boolean validOnly, RoundSheet.Content content, Caller caller) {
        Plan plan = plan(round, sourceSystem, source, validOnly, content, caller);
        return run(plan, caller, null, outcome -> Uni.createFrom().voidItem());
    }

    /**
     * Checks the round's name, the source system, the columns and every row: a file that would be refused is refused
     * here (400, 403, 422), before anything is stored; what remains are the rows to import.
     */
    public Plan plan(String round, String sourceSystem, FindingSource source, boolean validOnly,
            RoundSheet.Content content, Caller caller) {
        String name = round == null ? "" : round.strip();
        // '#' separates the round from the serial number in each row's source reference.
        if (name.isEmpty() || name.length() > MAX_ROUND || name.chars().anyMatch(Character::isISOControl)
                || name.contains("#")) {
            throw new ProblemException(400, "Invalid round", "The round name must be 1 to " + MAX_ROUND
                    + " printable characters without '#'", List.of(new Problem.FieldError("round", "must be 1 to "
                            + MAX_ROUND + " printable characters without '#'")));
        }
        if (sourceSystem == null || sourceSystem.isBlank()) {
            throw new ProblemException(400, "Invalid request", "sourceSystem is required",
                    List.of(new Problem.FieldError("sourceSystem", "is required")));
        }
        if (caller.isMachineReporter() && !sourceSystem.equals(caller.clientId())) {
            throw new ProblemException(403, "Forbidden", "A reporting system imports under its own client id as"
                    + " sourceSystem ('" + caller.clientId() + "')");
        }
        Map<String, String> columns = columns(sourceSystem, content.headings());
        List<RowError> errors = new ArrayList<>();
        List<Parsed> parsed = new ArrayList<>();
        Map<String, Integer> serials = new java.util.HashMap<>();
        for (RoundSheet.Row row : content.rows()) {
            String serial = row.cells().get(columns.get("serial"));
            Integer first = serial == null || serial.isBlank() ? null : serials.putIfAbsent(serial.strip(),
                    row.number());
            if (first != null) {
                // One serial is one row of the round: a second would be refused by the intake after the first.
                errors.add(new RowError(row.number(), columns.get("serial"), "'" + serial.strip()
                        + "' is already the serial number of row " + first));
                continue;
            }
            Parsed p = parse(name, sourceSystem, source, row, columns, errors);
            if (p != null) {
                parsed.add(p);
            }
        }
        if (content.rows().isEmpty()) {
            throw new ProblemException(422, "No rows", "The file has headings but no rows");
        }
        if (!errors.isEmpty() && !validOnly) {
            throw new ProblemException(422, "Invalid rows", errors.size() + " cell(s) in " + errors.stream()
                    .map(RowError::row).distinct().count() + " row(s) are invalid; nothing was imported (validOnly="
                    + "true imports the valid rows)", errors.stream().map(e -> new Problem.FieldError(
                            "row " + e.row() + (e.column() == null ? "" : " " + e.column()), e.message())).toList(),
                    Map.of("rowErrors", errors), null);
        }
        return new Plan(name, sourceSystem, content.rows().size(), parsed, errors);
    }

    /**
     * Imports the plan's rows one by one, each in its own transaction, telling {@code progress} each row's outcome.
     * A row whose finding already exists counts as imported when it was created at or after {@code since} (the same
     * import resumed after a restart), else as imported before.
     */
    public Uni<RoundImportResult> run(Plan plan, Caller caller, Instant since,
            java.util.function.Function<RowOutcome, Uni<Void>> progress) {
        // Retries resubscribe from the scheduler's thread; the reactive session lives on this Vert.x context.
        Context context = Vertx.currentContext();
        return Multi.createFrom().iterable(plan.parsed())
                .onItem().transformToUniAndConcatenate(p -> findings.report(p.request(), caller, p.key())
                        .runSubscriptionOn(task -> context.runOnContext(ignored -> task.run()))
                        // The same row in flight elsewhere (the same file posted twice at once): wait for it.
                        .onFailure(RoundImport::inFlight).retry().withBackOff(Duration.ofMillis(100),
                                Duration.ofSeconds(1)).atMost(30)
                        .map(stored -> new RowOutcome(p.row(), stored.replayed() && !createdSince(stored, since)
                                ? Outcome.ALREADY_IMPORTED : Outcome.IMPORTED, findingId(stored.body()), null))
                        .onFailure(ProblemException.class).recoverWithItem(e -> outcome(p.row(), e))
                        .call(progress::apply))
                .collect().asList()
                .map(outcomes -> {
                    int imported = (int) outcomes.stream().filter(o -> o.outcome() == Outcome.IMPORTED).count();
                    int again = (int) outcomes.stream().filter(o -> o.outcome() == Outcome.ALREADY_IMPORTED).count();
                    int refused = plan.rows() - imported - again;
                    Log.infof("Round %s from %s: %d rows, %d imported, %d already imported, %d refused", plan.round(),
                            plan.sourceSystem(), plan.rows(), imported, again, refused);
                    return new RoundImportResult(plan.round(), plan.sourceSystem(), plan.rows(), imported, again,
                            refused, outcomes, plan.errors());
                });
    }

    private static boolean inFlight(Throwable e) {
        return e instanceof ProblemException p && p.status() == 409
                && (p.extensions() == null || !p.extensions().containsKey("existingFindingId"));
    }

    private boolean createdSince(StoredResponse stored, Instant since) {
        if (since == null) {
            return false;
        }
        try {
            String reportedAt = mapper.readTree(stored.body()).path("reportedAt").asText(null);
            return reportedAt != null && !Instant.parse(reportedAt).isBefore(since);
        } catch (Exception e) {
            return false;
        }
    }

    private UUID findingId(String body) {
        try {
            JsonNode view = mapper.readTree(body);
            return UUID.fromString(view.path("id").asText());
        } catch (Exception e) {
            return null;
        }
    }

    /** A source reference posted before (its key expired) is the same row again; anything else is refused. */
    private static RowOutcome outcome(int row, ProblemException e) {
        Object existing = e.extensions() == null ? null : e.extensions().get("existingFindingId");
        if (e.status() == 409 && existing != null) {
            return new RowOutcome(row, Outcome.ALREADY_IMPORTED, UUID.fromString(existing.toString()), null);
        }
        String detail = e.status() == 422 ? "The row differs from when it was first imported: " + e.getMessage()
                : e.getMessage();
        return new RowOutcome(row, Outcome.REFUSED, null, detail);
    }

    /** Heading per field for this evaluator: its configured ones first, else the usual ones present. */
    private Map<String, String> columns(String evaluator, List<String> headings) {
        Map<String, String> own = config.rounds().headings().getOrDefault(evaluator, Map.of());
        Map<String, String> columns = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> field : HEADINGS.entrySet()) {
            List<String> names = new ArrayList<>();
            if (own.containsKey(field.getKey())) {
                names.add(own.get(field.getKey()));
            }
            names.addAll(field.getValue());
            names.stream().filter(headings::contains).findFirst().ifPresent(h -> columns.put(field.getKey(), h));
        }
        List<String> missing = List.of("serial", "siteType", "siteName", "description", "category", "observedAt")
                .stream()
                .filter(f -> !columns.containsKey(f)).toList();
        if (!missing.isEmpty()) {
            throw new ProblemException(422, "Missing columns", "The file has no column for " + missing
                    .stream().map(f -> f + " (" + String.join(" / ", HEADINGS.get(f)) + ")").toList(),
                    missing.stream().map(f -> new Problem.FieldError(HEADINGS.get(f).get(0), "column is missing"))
                            .toList());
        }
        return columns;
    }

    /** What a checked file imports: its valid rows, each a request under its key, and the invalid ones. */
    public record Plan(String round, String sourceSystem, int rows, List<Parsed> parsed, List<RowError> errors) {
    }

    /** One valid row: its number in the file, the finding it reports and the idempotency key of its serial. */
    public record Parsed(int row, FindingRequest request, String key) {
    }

    private Parsed parse(String round, String sourceSystem, FindingSource source, RoundSheet.Row row,
            Map<String, String> columns, List<RowError> errors) {
        int before = errors.size();
        Cells cells = new Cells(row, columns, errors);
        // The serial number (序号) names the row within its round, wherever it sits in the file.
        String serial = cells.text("serial");
        if (serial == null) {
            cells.error("serial", "is required: it names the row within the round");
        }
        String reference = round + "#" + serial;
        SiteType siteType = cells.label("siteType", SiteType.class, SiteType::label);
        Category category = cells.label("category", Category.class, Category::label);
        Severity severity = cells.text("severity") == null ? Severity.MEDIUM
                : cells.label("severity", Severity.class, Severity::label);
        List<FindingRequest.EvidenceItem> evidence = new ArrayList<>();
        String photos = cells.text("photos");
        if (photos != null) {
            for (String url : photos.split("[\\s,;，；、]+")) {
                if (!url.isBlank()) {
                    evidence.add(new FindingRequest.EvidenceItem(url, null, null));
                }
            }
        }
        FindingRequest request = new FindingRequest(source, sourceSystem, reference, round, siteType,
                cells.text("siteName"), cells.text("siteCode"), cells.text("address"), cells.text("township"),
                category, null, severity, cells.text("description"), cells.time("observedAt"),
                cells.number("latitude", Double::valueOf), cells.number("longitude", Double::valueOf),
                evidence.isEmpty() ? null : evidence, null, cells.number("deductionPoints", BigDecimal::new));
        for (ConstraintViolation<FindingRequest> v : validator.validate(request)) {
            String path = v.getPropertyPath().toString();
            String field = switch (path.contains("[") ? path.substring(0, path.indexOf('[')) : path) {
                case "evidence" -> "photos";
                case "siteAddress" -> "address";
                case "townshipName" -> "township";
                case "sourceReference" -> "serial";
                default -> path;
            };
            if (cells.reported(field)) {
                continue;
            }
            errors.add(new RowError(row.number(), columns.getOrDefault(field, field), v.getMessage()));
        }
        // What the intake itself refuses (a future time, half a coordinate), so that it refuses no row later.
        for (Problem.FieldError problem : findings.problems(request)) {
            if (!cells.reported(problem.field())) {
                errors.add(new RowError(row.number(), columns.getOrDefault(problem.field(), problem.field()),
                        problem.message()));
            }
        }
        // The row's key is its reference: the same row (by its serial number) again replays, wherever it now sits.
        return errors.size() > before ? null : new Parsed(row.number(), request, "round:" + reference);
    }

    /** One row's cells by field, recording what cannot be read. */
    private static final class Cells {

        private final RoundSheet.Row row;
        private final Map<String, String> columns;
        private final List<RowError> errors;
        private final List<String> bad = new ArrayList<>();

        Cells(RoundSheet.Row row, Map<String, String> columns, List<RowError> errors) {
            this.row = row;
            this.columns = columns;
            this.errors = errors;
        }

        String text(String field) {
            String heading = columns.get(field);
            String value = heading == null ? null : row.cells().get(heading);
            return value == null || value.isBlank() ? null : value;
        }

        boolean reported(String field) {
            return bad.contains(field);
        }

        void error(String field, String message) {
            bad.add(field);
            errors.add(new RowError(row.number(), columns.getOrDefault(field, field), message));
        }

        <E extends Enum<E>> E label(String field, Class<E> type, java.util.function.Function<E, String> label) {
            String value = text(field);
            if (value == null) {
                return null;
            }
            for (E constant : type.getEnumConstants()) {
                if (label.apply(constant).equals(value) || constant.name().equalsIgnoreCase(value)) {
                    return constant;
                }
            }
            error(field, "'" + value + "' is not one of " + java.util.Arrays.stream(type.getEnumConstants())
                    .map(label).toList());
            return null;
        }

        <N> N number(String field, java.util.function.Function<String, N> parse) {
            String value = text(field);
            if (value == null) {
                return null;
            }
            try {
                return parse.apply(value.replace('，', '.'));
            } catch (NumberFormatException e) {
                error(field, "'" + value + "' is not a number");
                return null;
            }
        }

        /** A time of day in the district unless it names its offset; a date alone is its start. */
        OffsetDateTime time(String field) {
            String value = text(field);
            if (value == null) {
                return null;
            }
            try {
                return OffsetDateTime.parse(value);
            } catch (DateTimeParseException e) {
                // a local time
            }
            for (DateTimeFormatter format : TIMES) {
                try {
                    return LocalDateTime.parse(value, format.withLocale(Locale.ROOT)).atZone(DISTRICT)
                            .toOffsetDateTime();
                } catch (DateTimeParseException e) {
                    // the next format
                }
            }
            for (DateTimeFormatter format : DAYS) {
                try {
                    return LocalDate.parse(value, format).atStartOfDay(DISTRICT).toOffsetDateTime();
                } catch (DateTimeParseException e) {
                    // the next format
                }
            }
            error(field, "'" + value + "' is not a time such as 2026-11-25 10:00");
            return null;
        }
    }
}
