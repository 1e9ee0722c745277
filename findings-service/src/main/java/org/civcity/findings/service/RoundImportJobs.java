package org.civcity.findings.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.civcity.contracts.FindingSource;
import org.civcity.findings.api.RoundImportResult;
import org.civcity.findings.api.RoundImportResult.Outcome;
import org.civcity.findings.api.RoundImportStatus;
import org.civcity.findings.config.FindingsConfig;
import org.civcity.findings.domain.RoundImportJob;
import org.civcity.findings.domain.RoundImportJob.State;
import org.civcity.findings.repository.RoundImportJobRepository;
import org.civcity.shared.messaging.Pollers;
import org.civcity.shared.problem.ProblemException;
import org.civcity.shared.security.Caller;
import org.civcity.shared.text.Texts;

/**
 * Imports of large files in the background. The request checks the file as a direct import does (so a file that
 * would be refused is refused at once) and stores it with a QUEUED job; a replica claims the job (FOR UPDATE SKIP
 * LOCKED, with a lease it renews as rows go in), imports row by row and records the counts as it goes. A replica
 * that dies leaves its lease to expire; the next claim imports the file again from the first row, where rows already
 * in replay under their keys, so nothing is doubled and the counts come out the same.
 */
@ApplicationScoped
public class RoundImportJobs {

    /** Rows between two progress writes (which also renew the lease). */
    private static final int PROGRESS_EVERY = 20;

    private final RoundImport rounds;
    private final RoundImportJobRepository jobs;
    private final ObjectMapper mapper;
    private final FindingsConfig.Rounds config;
    private final Pollers pollers;

    public RoundImportJobs(RoundImport rounds, RoundImportJobRepository jobs, ObjectMapper mapper,
            FindingsConfig config, Pollers pollers) {
        this.rounds = rounds;
        this.jobs = jobs;
        this.mapper = mapper;
        this.config = config.rounds();
        this.pollers = pollers;
    }

    void start(@Observes StartupEvent event) {
        pollers.start("round imports", config.poll(), this::runNext);
    }

    /** Whether a file of {@code rows} rows is imported in the background, or the caller asked for it. */
    public boolean inBackground(int rows, boolean asked) {
        return asked || rows > config.backgroundFromRows();
    }

    /** Checks the file (refusing it as a direct import would) and queues it; nothing is imported yet. */
    public Uni<RoundImportStatus> submit(String round, String sourceSystem, FindingSource source, boolean validOnly,
            String mediaType, String charset, byte[] file, RoundSheet.Content content, Caller caller) {
        RoundImport.Plan plan = rounds.plan(round, sourceSystem, source, validOnly, content, caller);
        String sha256 = Texts.sha256Hex(file);
        String requester = requester(caller);
        // A client that posts the file again (say, after a lost 202) gets the import already under way.
        return Panache.withTransaction(() -> jobs.active(caller.district(), requester, plan.round(), sha256, validOnly)
                .chain(existing -> existing != null ? Uni.createFrom().item(view(existing))
                        : queue(plan, source, validOnly, mediaType, charset, file, sha256, caller, requester)));
    }

    private Uni<RoundImportStatus> queue(RoundImport.Plan plan, FindingSource source, boolean validOnly,
            String mediaType, String charset, byte[] file, String sha256, Caller caller, String requester) {
        RoundImportJob job = new RoundImportJob();
        job.id = UUID.randomUUID();
        job.district = caller.district();
        job.round = plan.round();
        job.sourceSystem = plan.sourceSystem();
        job.source = source;
        job.validOnly = validOnly;
        job.mediaType = mediaType;
        job.charset = charset;
        job.file = file;
        job.fileSha256 = sha256;
        job.caller = json(caller);
        job.requestedBy = requester;
        job.state = State.QUEUED;
        job.rows = plan.rows();
        job.validated = plan.rows();
        job.refused = plan.rows() - plan.parsed().size();
        job.createdAt = Instant.now();
        job.updatedAt = job.createdAt;
        Log.infof("Round %s from %s: %d rows queued for a background import (%s)", job.round, job.sourceSystem,
                job.rows, job.id);
        return jobs.persist(job).map(persisted -> view(job));
    }

    /**
     * The import's status; a reporting system sees only its own, and an import of another round or district is not
     * found.
     */
    public Uni<RoundImportStatus> status(String round, UUID id, Caller caller) {
        return Panache.withSession(() -> jobs.status(id, caller.district())).map(job -> {
            if (job == null || !job.round.equals(round == null ? null : round.strip())
                    || caller.isMachineReporter() && !job.requestedBy.equals(requester(caller))) {
                throw ProblemException.notFound("Import " + id + " of round '" + round + "'");
            }
            return view(job);
        });
    }

    /** One poll: claims the oldest import that is queued or whose replica stopped renewing its lease, and runs it. */
    Uni<Void> runNext() {
        return jobs.claim(config.lease()).chain(claim -> claim == null ? Uni.createFrom().voidItem() : run(claim));
    }

    private Uni<Void> run(RoundImportJobRepository.Claim claim) {
        return Panache.withSession(() -> jobs.findById(claim.id())).chain(job -> {
            if (claim.attempt() > config.maxAttempts()) {
                return fail(job, claim, "Given up after " + config.maxAttempts() + " attempts");
            }
            Caller caller = caller(job.caller, job.district);
            Context context = Vertx.currentContext();
            AtomicInteger imported = new AtomicInteger();
            AtomicInteger again = new AtomicInteger();
            AtomicInteger refused = new AtomicInteger();
            AtomicInteger done = new AtomicInteger();
            Log.infof("Round %s from %s: background import %s, attempt %d", job.round, job.sourceSystem, job.id,
                    claim.attempt());
            // The file is read again as the request read it: the same rows, the same requests, the same keys.
            return Uni.createFrom().item(() -> RoundSheet.read(job.mediaType, job.file, job.charset,
                            config.maxRows(), config.maxCellLength()))
                    .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                    .emitOn(task -> context.runOnContext(ignored -> task.run()))
                    .map(content -> rounds.plan(job.round, job.sourceSystem, job.source, job.validOnly, content,
                            caller))
                    .chain(plan -> {
                        refused.set(plan.rows() - plan.parsed().size());
                        return rounds.run(plan, caller, job.createdAt, outcome -> {
                            (outcome.outcome() == Outcome.IMPORTED ? imported
                                    : outcome.outcome() == Outcome.ALREADY_IMPORTED ? again : refused)
                                    .incrementAndGet();
                            return done.incrementAndGet() % PROGRESS_EVERY != 0 ? Uni.createFrom().voidItem()
                                    : jobs.progress(claim, imported.get(), again.get(), refused.get(), config.lease())
                                            .invoke(renewed -> {
                                                if (!renewed) {
                                                    throw new IllegalStateException("Import " + claim.id()
                                                            + " was taken over by another replica");
                                                }
                                            }).replaceWithVoid();
                        });
                    })
                    .chain(result -> jobs.finish(claim, result.imported(), result.alreadyImported(),
                            result.refused(), json(result)))
                    .onFailure(ProblemException.class).recoverWithUni(e -> fail(job, claim, e.getMessage()));
        });
    }

    private Uni<Void> fail(RoundImportJob job, RoundImportJobRepository.Claim claim, String detail) {
        Log.warnf("Round %s from %s: background import %s failed: %s", job.round, job.sourceSystem, job.id, detail);
        return jobs.fail(claim, detail);
    }

    private RoundImportStatus view(RoundImportJob job) {
        RoundImportResult result = null;
        String detail = null;
        if (job.state == State.DONE && job.outcome != null) {
            try {
                result = mapper.readValue(job.outcome, RoundImportResult.class);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("Stored import result of " + job.id + " is unreadable", e);
            }
        } else if (job.state == State.FAILED) {
            detail = job.outcome;
        }
        return new RoundImportStatus(job.id, job.round, job.sourceSystem, job.state, job.rows, job.validated,
                job.imported, job.alreadyImported, job.refused, job.createdAt, job.updatedAt, job.finishedAt, detail,
                result);
    }

    private static String requester(Caller caller) {
        return caller.clientId() != null && caller.isMachineReporter() ? caller.clientId() : caller.name();
    }

    private String json(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The stored caller; one stored before districts existed belongs to the job's district. */
    private Caller caller(String json, String district) {
        try {
            Caller stored = mapper.readValue(json, Caller.class);
            return stored.district() != null ? stored
                    : new Caller(stored.name(), stored.roles(), district, stored.unit(), stored.clientId());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored caller is unreadable", e);
        }
    }
}
