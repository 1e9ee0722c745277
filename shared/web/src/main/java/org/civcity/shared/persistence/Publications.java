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
import org.civcity.shared.district.ServedDistricts;
import org.civcity.shared.lock.AdvisoryLocks;
import org.civcity.shared.messaging.Pollers;
import org.civcity.shared.problem.Problem;
import org.civcity.shared.problem.ProblemException;

/**
 * Versioned reference data a service owns, one line of versions per district (#24: each district publishes its own
 * units, areas and ladder): publications serialised across replicas, a version name never reused for other data within
 * a district, every version kept, and each district's latest in force in every instance (at once in the one that
 * published it, within the refresh interval in the others). At start the deployment's own data is published for the
 * home district when its version is not yet; every other served district that has published nothing starts from the
 * home district's version in force (what it used before districts had lines of their own), and deployments never
 * overwrite what such a district published. {@code T} is the data in the form the service uses; the codec turns it
 * into the stored JSON and back.
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

    /** One district's versions as far as this instance has read them. */
    private final class Line {

        private final Map<String, T> known = new ConcurrentHashMap<>();
        private volatile T current = deployed;
        private volatile long currentId;

        private synchronized void install(PublishedVersion v) {
            T data = read(v);
            known.put(v.version, data);
            if (v.id > currentId) {
                currentId = v.id;
                current = data;
            }
        }
    }

    private final Class<E> type;
    private final Supplier<E> factory;
    private final String what;
    private final Codec<T> codec;
    private final BiFunction<T, T, String> changes;
    private final T deployed;
    private final Map<String, Line> lines = new ConcurrentHashMap<>();
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
    }

    /**
     * Announces each version as it is published, in the publication's transaction (an outbox append), and each
     * district's version in force at every start, so a consumer that arrived later, or missed one, learns it. Set
     * before {@link #start}.
     */
    public void announceWith(BiFunction<PublishedVersion, T, Uni<Void>> announcer) {
        this.announcer = announcer;
    }

    /** The data in force in {@code district} in this instance. */
    public T current(String district) {
        return line(district).current;
    }

    /**
     * {@code district}'s data of {@code version}, as far as this instance has read: the district's own, else the home
     * district's (versions from before each district had its own line are the home district's, and clocks started on
     * them keep them); the data in force when unknown.
     */
    public T of(String district, String version) {
        Line line = line(district);
        if (version == null) {
            return line.current;
        }
        T data = line.known.get(version);
        if (data == null && !ServedDistricts.home().equals(district)) {
            data = line(ServedDistricts.home()).known.get(version);
        }
        return data != null ? data : line.current;
    }

    /** The data this deployment ships. */
    public T deployed() {
        return deployed;
    }

    /**
     * Publishes the deployed data for the home district unless its version is published already, seeds every other
     * served district that has none with the home district's in force, reads every version, and follows later
     * publications every {@code refresh}. Blocks: call once at start.
     */
    public void start(String source, Pollers pollers, Duration refresh) throws Throwable {
        String version = codec.version(deployed);
        String home = ServedDistricts.home();
        VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> lock(home)
                .chain(() -> byVersion(home, version))
                .invoke(same -> {
                    if (same != null && !same.data.equals(codec.write(deployed))) {
                        Log.warnf("The deployed %s differs from the published version %s; the published one stands:"
                                + " give changed data a new version", what, version);
                    }
                })
                .chain(same -> same != null ? Uni.createFrom().voidItem()
                        : latest(home).chain(latest -> append(home, deployed, source, "deployment", latest))
                                .replaceWithVoid())));
        // Another district with no version of its own starts from the home district's in force: the data every
        // district used before each had its own line, so an upgrade changes nothing until its admins publish.
        for (String district : ServedDistricts.served()) {
            if (!home.equals(district)) {
                VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> lock(district)
                        .chain(() -> latest(district))
                        .chain(own -> own != null ? Uni.createFrom().voidItem() : latest(home).chain(seed ->
                                append(district, read(seed), "the home district's version " + seed.version + " ("
                                        + seed.source + ")", "deployment", null))
                                .invoke(() -> Log.warnf("District %s has no %s of its own: it starts from the home"
                                        + " district's until its admins publish theirs", district, what))
                                .replaceWithVoid())));
            }
        }
        VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(() -> Panache.getSession()
                .chain(s -> s.createSelectionQuery("from " + type.getName() + " order by id", type).getResultList()))
                .invoke(all -> all.forEach(v -> line(v.district).install(v))).replaceWithVoid());
        for (String district : ServedDistricts.served()) {
            Log.infof("%s version %s in force in district %s", what, codec.version(current(district)), district);
            if (announcer != null) {
                VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> lock(district)
                        .chain(() -> latest(district)).chain(latest -> announcer.apply(latest, read(latest)))));
            }
        }
        pollers.start(what + " refresh", refresh, this::refresh);
    }

    /** Puts each district's latest published version in force here if it is newer than the one in force. */
    public Uni<Void> refresh() {
        return Panache.withSession(() -> Panache.getSession().chain(s -> s.createSelectionQuery("from "
                + type.getName() + " v where v.id = (select max(w.id) from " + type.getName()
                + " w where w.district = v.district)", type).getResultList()))
                .invoke(all -> all.forEach(latest -> {
                    Line line = line(latest.district);
                    if (latest.id > line.currentId) {
                        line.install(latest);
                    }
                })).replaceWithVoid();
    }

    /** What publishing {@code data} in {@code district} would start from; refuses a version name taken by others. */
    public Uni<Outcome<T>> check(String district, T data) {
        return Panache.withSession(() -> byVersion(district, codec.version(data))
                .invoke(same -> refuseReusedName(same, data))
                .chain(same -> latest(district))
                .map(latest -> new Outcome<>(latest == null ? current(district) : read(latest), false)));
    }

    /**
     * Publishes {@code data} as {@code district}'s version in force; the same version with the same data publishes
     * nothing.
     */
    public Uni<Outcome<T>> publish(String district, T data, String source, String publishedBy) {
        return Panache.withTransaction(() -> lock(district)
                .chain(() -> byVersion(district, codec.version(data)))
                .invoke(same -> refuseReusedName(same, data))
                .chain(same -> latest(district).chain(latest -> {
                    T before = latest == null ? current(district) : read(latest);
                    return same != null ? Uni.createFrom().item(new Outcome<>(before, false))
                            : append(district, data, source, publishedBy, latest).replaceWith(new Outcome<>(before,
                                    true));
                })))
                // In force here once committed.
                .call(outcome -> outcome.published() ? refresh() : Uni.createFrom().voidItem());
    }

    /** {@code district}'s version in force with its data. */
    public Uni<Entry<T>> latestEntry(String district) {
        return Panache.withSession(() -> latest(district)).map(v -> new Entry<>(v, read(v)));
    }

    /** Every version of {@code district} with its data, oldest first. */
    public Uni<List<Entry<T>>> history(String district) {
        return Panache.withSession(() -> Panache.getSession().chain(s -> s.createSelectionQuery("from "
                + type.getName() + " where district = :district order by id", type)
                .setParameter("district", district).getResultList()))
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

    private Line line(String district) {
        return lines.computeIfAbsent(Objects.requireNonNull(district, "district"), d -> new Line());
    }

    private void refuseReusedName(E same, T data) {
        if (same != null && !same.data.equals(codec.write(data))) {
            throw new ProblemException(422, "Invalid " + what, "Version " + same.version + " is published already"
                    + " with other data; give the new data a new version",
                    List.of(new Problem.FieldError(codec.versionField(), same.version + " is taken")));
        }
    }

    private Uni<Void> lock(String district) {
        return Panache.getSession().chain(s -> AdvisoryLocks.lock(s, "civcity.published." + what + ":" + district));
    }

    private Uni<E> latest(String district) {
        return Panache.getSession().chain(s -> s.createSelectionQuery("from " + type.getName()
                + " where district = :district order by id desc", type).setParameter("district", district)
                .setMaxResults(1).getResultList()).map(list -> list.isEmpty() ? null : list.get(0));
    }

    private Uni<E> byVersion(String district, String version) {
        return Panache.getSession().chain(s -> s.createSelectionQuery("from " + type.getName()
                + " where district = :district and version = :version", type).setParameter("district", district)
                .setParameter("version", version).getResultList())
                .map(list -> list.isEmpty() ? null : list.get(0));
    }

    private Uni<E> append(String district, T data, String source, String publishedBy, E latest) {
        E v = factory.get();
        v.district = district;
        v.version = codec.version(data);
        v.source = source;
        v.data = codec.write(data);
        v.publishedBy = publishedBy;
        v.publishedAt = Instant.now();
        v.changes = latest == null ? changes.apply(null, data) : changes(read(latest), data);
        return Panache.getSession().chain(s -> s.persist(v).replaceWith(v))
                .call(() -> announcer == null ? Uni.createFrom().voidItem() : announcer.apply(v, data))
                .invoke(() -> Log.infof("%s %s published in district %s by %s: %s", what, v.version, district,
                        publishedBy, v.changes));
    }

    private T read(PublishedVersion v) {
        return codec.read(v.version, v.data);
    }
}
