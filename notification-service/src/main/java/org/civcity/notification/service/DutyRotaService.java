package org.civcity.notification.service;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.civcity.notification.api.DutyRotaRequest;
import org.civcity.notification.api.DutyRotaView;
import org.civcity.notification.api.OnDutyView;
import org.civcity.notification.config.NotificationConfig;
import org.civcity.notification.domain.DutyRota;
import org.civcity.notification.domain.Recipient;
import org.civcity.notification.repository.DutyRotaRepository;
import org.civcity.notification.repository.RecipientRepository;
import org.civcity.shared.calendar.WorkingCalendar;
import org.civcity.shared.problem.Problem;
import org.civcity.shared.problem.ProblemException;
import org.civcity.shared.security.Caller;
import org.civcity.shared.text.JsonText;

/**
 * The civilization office's duty rota (值班表): who holds the duty role at any moment, from weekly shifts and dated
 * overrides, resolved when an alert is sent, in the district's time zone. Versioned like the recipient directory.
 */
@ApplicationScoped
public class DutyRotaService {

    private static final TypeReference<List<DutyRotaRequest.Shift>> SHIFTS = new TypeReference<>() {
    };
    private static final TypeReference<List<DutyRotaRequest.Override>> OVERRIDES = new TypeReference<>() {
    };

    private final DutyRotaRepository rotas;
    private final RecipientRepository recipients;
    private final ObjectMapper mapper;
    private final WorkingCalendar calendar;
    private final String dutyRole;

    public DutyRotaService(DutyRotaRepository rotas, RecipientRepository recipients, ObjectMapper mapper,
            WorkingCalendar calendar, NotificationConfig config) {
        this.rotas = rotas;
        this.recipients = recipients;
        this.mapper = mapper;
        this.calendar = calendar;
        this.dutyRole = config.duty().role();
    }

    public String dutyRole() {
        return dutyRole;
    }

    /** The rota in force in the caller's district. */
    public Uni<DutyRotaView> current(Caller caller) {
        return Panache.withSession(() -> rotas.current(caller.district()))
                .onItem().ifNull().failWith(() -> ProblemException.notFound("A duty rota"))
                .map(this::view);
    }

    /**
     * Stores a new version written on the one in force (else 409). Gaps or overlaps in the week, overlapping
     * overrides, or a person who does not hold the duty role are a 400 naming each, and nothing is stored.
     */
    public Uni<DutyRotaView> replace(DutyRotaRequest body, Caller caller) {
        List<DutyRotaRequest.Override> overrides = body.overrides() == null ? List.of() : body.overrides();
        List<Problem.FieldError> errors = new ArrayList<>();
        DutyRotas.weeklyProblems(body.weekly()).forEach(p -> errors.add(new Problem.FieldError("weekly", p)));
        DutyRotas.overrideProblems(overrides).forEach(p -> errors.add(new Problem.FieldError("overrides", p)));
        if (!errors.isEmpty()) {
            return Uni.createFrom().failure(new ProblemException(400, "Bad Request",
                    "The rota must cover the week once, without gaps or overlaps, and overrides must not overlap",
                    errors));
        }
        Set<UUID> people = Stream.concat(body.weekly().stream().map(DutyRotaRequest.Shift::recipientId),
                overrides.stream().map(DutyRotaRequest.Override::recipientId)).collect(Collectors.toSet());
        // One writer at a time: a second, racing on the same version, then sees the first's and gets its 409.
        String district = caller.district();
        return Panache.withTransaction(() -> rotas.lockForChange(district).chain(() -> recipients.among(people))
                .invoke(found -> requireHolders(district, people, found))
                .chain(() -> rotas.current(district)).chain(current -> store(current, body, overrides, caller)))
                .map(this::view).invoke(v -> Log.infof("Duty rota version %d by %s", v.version(), v.updatedBy()));
    }

    /** The next version, written on the one in force ({@code current}, null before the first); else a 409. */
    private Uni<DutyRota> store(DutyRota current, DutyRotaRequest body, List<DutyRotaRequest.Override> overrides,
            Caller caller) {
        int inForce = current == null ? 0 : current.version;
        if (body.version() != inForce) {
            throw new ProblemException(409, "Conflict", "The duty rota is at version " + inForce + ", not "
                    + body.version(), null, Map.of("version", inForce), null);
        }
        DutyRota rota = new DutyRota();
        rota.id = UUID.randomUUID();
        rota.district = caller.district();
        rota.version = inForce + 1;
        rota.weekly = json(body.weekly());
        rota.overrides = json(overrides);
        rota.updatedAt = Instant.now();
        rota.updatedBy = caller.name();
        return rotas.persist(rota).call(rotas::flush);
    }

    /**
     * Everyone on the rota must be an active holder of the duty role in the rota's district: a 400 naming each who
     * is not.
     */
    private void requireHolders(String district, Set<UUID> people, List<Recipient> found) {
        Set<UUID> holders = found.stream().filter(r -> r.active && dutyRole.equals(r.role)
                && district.equals(r.district)).map(r -> r.id).collect(Collectors.toSet());
        List<Problem.FieldError> strangers = people.stream().filter(id -> !holders.contains(id)).sorted()
                .map(id -> new Problem.FieldError("recipientId", id + " is not an active recipient holding "
                        + dutyRole)).toList();
        if (!strangers.isEmpty()) {
            throw new ProblemException(400, "Bad Request", "Everyone on the rota must hold the duty role", strangers);
        }
    }

    /** Who is on duty in the caller's district at {@code at}; 404 without a rota. */
    public Uni<OnDutyView> onDuty(Instant at, Caller caller) {
        return Panache.withSession(() -> rotas.current(caller.district()).chain(rota -> {
            if (rota == null) {
                throw ProblemException.notFound("A duty rota");
            }
            DutyRotas.OnDuty duty = resolve(rota, at).orElseThrow();
            return recipients.findById(duty.recipientId()).map(r -> new OnDutyView(at, duty.recipientId(),
                    r == null ? null : r.name, duty.override(), duty.reason(), rota.version));
        }));
    }

    /**
     * The holder of the duty role on duty in {@code district} at {@code now} among {@code holders}; empty for
     * another role, without a rota, or when the person on duty is not among them. Call in a session.
     */
    public Uni<Optional<Recipient>> onDutyAmong(String district, String role, List<Recipient> holders, Instant now) {
        if (!dutyRole.equals(role) || holders.isEmpty()) {
            return Uni.createFrom().item(Optional.empty());
        }
        return rotas.current(district).map(rota -> rota == null ? Optional.<Recipient>empty()
                : resolve(rota, now).flatMap(duty -> holders.stream()
                        .filter(r -> r.id.equals(duty.recipientId())).findFirst()));
    }

    private Optional<DutyRotas.OnDuty> resolve(DutyRota rota, Instant at) {
        LocalDateTime local = LocalDateTime.ofInstant(at, calendar.zone());
        return DutyRotas.at(read(rota.weekly, SHIFTS), read(rota.overrides, OVERRIDES), local);
    }

    private DutyRotaView view(DutyRota rota) {
        return new DutyRotaView(rota.version, read(rota.weekly, SHIFTS), read(rota.overrides, OVERRIDES),
                rota.updatedAt, rota.updatedBy);
    }

    private String json(Object value) {
        return JsonText.write(mapper, value);
    }

    private <T> T read(String json, TypeReference<T> type) {
        return JsonText.read(mapper, json, type);
    }
}
