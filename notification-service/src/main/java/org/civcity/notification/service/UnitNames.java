package org.civcity.notification.service;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.civcity.notification.config.NotificationConfig;
import org.civcity.shared.district.ServedDistricts;
import org.civcity.shared.persistence.UnitNameRepository;

/**
 * The names people use of units, townships and grids: as the latest dispatch carried them (kept in unit_name and in
 * memory, per district), else as configured (notification.unit-names, the home district's), else the code.
 */
@ApplicationScoped
public class UnitNames {

    private final UnitNameRepository repository;
    private final NotificationConfig config;
    /** By district, then code: codes are each district's own. */
    private final Map<String, Map<String, String>> carried = new ConcurrentHashMap<>();
    private volatile boolean loaded;

    public UnitNames(UnitNameRepository repository, NotificationConfig config) {
        this.repository = repository;
        this.config = config;
    }

    /** Keeps the names a dispatch in {@code district} carried; in the caller's transaction. */
    public Uni<Void> remember(String district, Map<String, String> names, Instant at) {
        if (names.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        of(district).putAll(names);
        return repository.remember(district, names, at);
    }

    /** Reads the kept names once per process, before the first text needs them; in a session. */
    public Uni<Void> loaded() {
        if (loaded) {
            return Uni.createFrom().voidItem();
        }
        return Multi.createFrom().iterable(ServedDistricts.served())
                .onItem().transformToUniAndConcatenate(d -> repository.all(d)
                        .invoke(all -> all.forEach(of(d)::putIfAbsent)))
                .collect().last().invoke(() -> loaded = true).replaceWithVoid();
    }

    /** The name of {@code district}'s unit {@code code}. */
    public String name(String district, String code) {
        if (code == null) {
            return null;
        }
        String name = of(district).get(code);
        if (name != null) {
            return name;
        }
        // The configured names are the home district's (its townships among them), not another district's.
        return ServedDistricts.home().equals(district) ? config.unitNames().getOrDefault(code, code) : code;
    }

    private Map<String, String> of(String district) {
        return carried.computeIfAbsent(district, d -> new ConcurrentHashMap<>());
    }
}
