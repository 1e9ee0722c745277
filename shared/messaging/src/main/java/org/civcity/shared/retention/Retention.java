package org.civcity.shared.retention;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.civcity.shared.messaging.Pollers;

/**
 * Purges bookkeeping rows after their period (processed event ids, settled deliveries, expired idempotency records),
 * in small index-backed batches that replicas can run side by side (SKIP LOCKED), so tables stop growing forever.
 */
@ApplicationScoped
public class Retention {

    private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    private final Pool pool;
    private final RetentionConfig config;
    private final Pollers pollers;
    private final MeterRegistry registry;
    private final Map<String, Counter> purged = new ConcurrentHashMap<>();

    public Retention(Pool pool, RetentionConfig config, Pollers pollers, MeterRegistry registry) {
        this.pool = pool;
        this.config = config;
        this.pollers = pollers;
        this.registry = registry;
        config.rules().forEach((name, rule) -> {
            if (!IDENTIFIER.matcher(rule.table()).matches() || !IDENTIFIER.matcher(rule.column()).matches()) {
                throw new IllegalArgumentException("civcity.retention.rules." + name
                        + ": table and column must be plain lower-case SQL names");
            }
        });
    }

    void start(@Observes StartupEvent event) {
        pollers.start("Retention", config.interval(), () -> unindexed()
                .invoke(rules -> rules.forEach(r -> Log.warnf("Retention rule %s purges by a column without an"
                        + " index leading with it: each round scans the table", r)))
                .chain(ignored -> purgeAll()));
    }

    /** Purges every rule's expired rows; how many, by rule. */
    public Uni<Map<String, Long>> purgeAll() {
        Map<String, Long> counts = new LinkedHashMap<>();
        return Multi.createFrom().iterable(config.rules().entrySet())
                .onItem().transformToUniAndConcatenate(e -> purge(e.getKey(), e.getValue(), 0)
                        .invoke(n -> counts.put(e.getKey(), n)))
                .collect().last()
                .map(ignored -> counts);
    }

    private Uni<Long> purge(String name, RetentionConfig.Rule rule, long sofar) {
        OffsetDateTime before = OffsetDateTime.now(ZoneOffset.UTC).minus(rule.keep());
        String where = rule.column() + " < $1" + rule.where().map(w -> " AND (" + w + ")").orElse("");
        String sql = "DELETE FROM " + rule.table() + " WHERE ctid = ANY(ARRAY(SELECT ctid FROM " + rule.table()
                + " WHERE " + where + " LIMIT $2 FOR UPDATE SKIP LOCKED))";
        return pool.preparedQuery(sql).execute(Tuple.of(before, config.batchSize()))
                .map(rows -> (long) rows.rowCount())
                .chain(n -> {
                    counter(name, rule).increment(n);
                    return n < config.batchSize() ? Uni.createFrom().item(sofar + n) : purge(name, rule, sofar + n);
                });
    }

    /** The rules whose column no index starts with (a purge would scan the whole table). */
    public Uni<List<String>> unindexed() {
        return Multi.createFrom().iterable(config.rules().entrySet())
                .onItem().transformToUniAndConcatenate(e -> pool.preparedQuery("SELECT count(*) FROM pg_index i"
                                + " JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0]"
                                + " WHERE i.indrelid = to_regclass($1) AND a.attname = $2")
                        .execute(Tuple.of(e.getValue().table(), e.getValue().column()))
                        .map(rows -> {
                            Row row = rows.iterator().next();
                            return row.getLong(0) == 0 ? e.getKey() : "";
                        }))
                .filter(name -> !name.isEmpty())
                .collect().in(ArrayList::new, List::add);
    }

    private Counter counter(String name, RetentionConfig.Rule rule) {
        return purged.computeIfAbsent(name, n -> Counter.builder("civcity.retention.purged")
                .description("Rows purged after their retention period").tag("rule", n).tag("table", rule.table())
                .register(registry));
    }
}
