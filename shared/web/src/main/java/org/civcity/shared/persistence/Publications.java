package org.civcity.shared.persistence;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;
import org.civcity.shared.lock.AdvisoryLocks;
import org.civcity.shared.messaging.Pollers;
import org.civcity.shared.problem.Problem;
import org.civcity.shared.problem.ProblemException;

/**
 * Versioned reference data a service owns: publications serialised across replicas, a version name never reused for
 * other data, every version kept, and the latest in force in every instance (at once in the one that published it,
 * within the refresh interval in the others). The deployment's own data is published at start when its version is
 * not yet. {@code T} is the data in the form the service uses; the codec turns it into the stored JSON and back.
 */
public final class Publications<E extends PublishedVersion, T> {

    /** How the data is stored and named. */
    public interface Codec<T> {

        String version(T data);

        String write(T data);

        T read(String version, String json);

        /** Where a request carries the version's name, for the problem that says it is taken. */
        default String versionField() {
            return "version";
        }

        /**
         * Stores {@code stored(data)} as JSON and builds the data back from the version's name and what was stored.
         */
        static <T, S> Codec<T> json(ObjectMapper mapper, Function<T, String> version, Function<T, S> stored,
                TypeReference<S> type, BiFunction<String, S, T> build, String versionField) {
            return new Codec<>() {
                @Override
                public String version(T data) {
                    return version.apply(data);
                }

                @Override
                public String write(T data) {
                    try {
                        return mapper.writeValueAsString(stored.apply(data));
                    } catch (JsonProcessingException e) {
                        throw new IllegalStateException(e);
                    }
                }

                @Override
                public T read(String name, String json) {
                    try {
                        return build.apply(name, mapper.readValue(json, type));
                    } catch (JsonProcessingException e) {
                        throw new IllegalStateException("Published version " + name + " is unreadable", e);
                    }
                }

                @Override
                public String versionField() {
                    return versionField;
                }
            };
        }
    }

    /** A published version with its data. */
    public record Entry<T>(PublishedVersion published, T data) {
    }

    /** A publication's outcome: the data in force before it, and whether it published anything. */
    public record Outcome<T>(T before, boolean published) {
    }

    private final Class<E> type;
    private final Supplier<E> factory;
    private final String what;
    private final Codec<T> codec;
    private final BiFunction<T, T, String> changes;
    private final T deployed;
    private final Map<String, T> known = new ConcurrentHashMap<>();
    private volatile T current;
    private volatile long currentId;
    private volatile BiFunction<PublishedVersion, T, Uni<Void>> announcer;

    /**
     * @param what     the data's name in logs and problems, and its lock's ("routing data")
     * @param deployed the data this deployment ships, in force until the published versions are read
     * @param changes  what the second argument changes against the first (null: none before), in words
     */
    public Publications(Class<E> type, Supplier<E> factory, String what, Codec<T> codec, T deployed,
            BiFunction<T, T, String> changes) {
        this.type = type;
        this.factory = factory;
        this.what = what;
        this.codec = codec;
        this.deployed = deployed;
        this.changes = changes;
        this.current = deployed;
        known.put(codec.version(deployed), deployed);
    }

    /**
     * Announces each version as it is published, in the publication's transaction (an outbox append), and the version
     * in force at every start, so a consumer that arrived later, or missed one, learns it. Set before {@link #start}.
     */
    public void announceWith(BiFunction<PublishedVersion, T, Uni<Void>> announcer) {
        this.announcer = announcer;
    }

    /** The data in force in this instance. */
    public T current() {
        return current;
    }

    /** The data of {@code version}, as far as this instance has read; the data in force when unknown. */
    public T of(String version) {
        return version == null ? current : known.getOrDefault(version, current);
    }

    /** The data this deployment ships. */
    public T deployed() {
        return deployed;
    }

    /**
     * Publishes the deployed data unless its version is published already, reads every version, and follows later
     * publications every {@code refresh}. Blocks: call once at start.
     */
    public void start(String source, Pollers pollers, Duration refresh) throws Throwable {
        String version = codec.version(deployed);
        VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> lock()
                .chain(() -> byVersion(version))
                .invoke(same -> {
                    if (same != null && !same.data.equals(codec.write(deployed))) {
                        Log.warnf("The deployed %s differs from the published version %s; the published one stands:"
                                + " give changed data a new version", what, version);
                    }
                })
                .chain(same -> same != null ? Uni.createFrom().voidItem()
                        : latest().chain(latest -> append(deployed, source, "deployment", latest)).replaceWithVoid())));
        VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(() -> Panache.getSession()
                .chain(s -> s.createSelectionQuery("from " + type.getName() + " order by id", type).getResultList()))
                .invoke(all -> all.forEach(this::install)).replaceWithVoid());
        Log.infof("%s version %s in force", what, codec.version(current));
        if (announcer != null) {
            VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> lock().chain(this::latest)
                    .chain(latest -> announcer.apply(latest, read(latest)))));
        }
        pollers.start(what + " refresh", refresh, this::refresh);
    }

    /** Puts the latest published version in force here if it is newer than the one in force. */
    public Uni<Void> refresh() {
        return Panache.withSession(() -> latest().invoke(latest -> {
            if (latest != null && latest.id > currentId) {
                install(latest);
            }
        })).replaceWithVoid();
    }

    /** What publishing {@code data} would start from; refuses a version name taken by other data. */
    public Uni<Outcome<T>> check(T data) {
        return Panache.withSession(() -> byVersion(codec.version(data))
                .invoke(same -> refuseReusedName(same, data))
                .chain(same -> latest())
                .map(latest -> new Outcome<>(latest == null ? current : read(latest), false)));
    }

    /** Publishes {@code data} as the version in force; the same version with the same data publishes nothing. */
    public Uni<Outcome<T>> publish(T data, String source, String publishedBy) {
        return Panache.withTransaction(() -> lock()
                .chain(() -> byVersion(codec.version(data)))
                .invoke(same -> refuseReusedName(same, data))
                .chain(same -> latest().chain(latest -> {
                    T before = latest == null ? current : read(latest);
                    return same != null ? Uni.createFrom().item(new Outcome<>(before, false))
                            : append(data, source, publishedBy, latest).replaceWith(new Outcome<>(before, true));
                })))
                // In force here once committed.
                .call(outcome -> outcome.published() ? refresh() : Uni.createFrom().voidItem());
    }

    /** The version in force with its data. */
    public Uni<Entry<T>> latestEntry() {
        return Panache.withSession(this::latest).map(v -> new Entry<>(v, read(v)));
    }

    /** Every version with its data, oldest first. */
    public Uni<List<Entry<T>>> history() {
        return Panache.withSession(() -> Panache.getSession().chain(s -> s.createSelectionQuery("from "
                + type.getName() + " order by id", type).getResultList()))
                .map(all -> all.stream().map(v -> new Entry<T>(v, read(v))).toList());
    }

    /** The changes as the audit trail words them. */
    public String changes(T before, T after) {
        String words = changes.apply(before, after);
        if (!words.isEmpty()) {
            return words;
        }
        return Objects.equals(codec.version(before), codec.version(after)) ? "no change" : "no change but the version";
    }

    private void refuseReusedName(E same, T data) {
        if (same != null && !same.data.equals(codec.write(data))) {
            throw new ProblemException(422, "Invalid " + what, "Version " + same.version + " is published already"
                    + " with other data; give the new data a new version",
                    List.of(new Problem.FieldError(codec.versionField(), same.version + " is taken")));
        }
    }

    private Uni<Void> lock() {
        return Panache.getSession().chain(s -> AdvisoryLocks.lock(s, "civcity.published." + what));
    }

    private Uni<E> latest() {
        return Panache.getSession().chain(s -> s.createSelectionQuery("from " + type.getName() + " order by id desc",
                type).setMaxResults(1).getResultList()).map(list -> list.isEmpty() ? null : list.get(0));
    }

    private Uni<E> byVersion(String version) {
        return Panache.getSession().chain(s -> s.createSelectionQuery("from " + type.getName()
                + " where version = :version", type).setParameter("version", version).getResultList())
                .map(list -> list.isEmpty() ? null : list.get(0));
    }

    private Uni<E> append(T data, String source, String publishedBy, E latest) {
        E v = factory.get();
        v.version = codec.version(data);
        v.source = source;
        v.data = codec.write(data);
        v.publishedBy = publishedBy;
        v.publishedAt = Instant.now();
        v.changes = latest == null ? changes.apply(null, data) : changes(read(latest), data);
        return Panache.getSession().chain(s -> s.persist(v).replaceWith(v))
                .call(() -> announcer == null ? Uni.createFrom().voidItem() : announcer.apply(v, data))
                .invoke(() -> Log.infof("%s %s published by %s: %s", what, v.version, publishedBy, v.changes));
    }

    private synchronized void install(PublishedVersion v) {
        T data = read(v);
        known.put(v.version, data);
        if (v.id > currentId) {
            currentId = v.id;
            current = data;
        }
    }

    private T read(PublishedVersion v) {
        return codec.read(v.version, v.data);
    }
}
