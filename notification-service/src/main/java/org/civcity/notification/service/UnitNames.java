package org.civcity.notification.service;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.civcity.notification.config.NotificationConfig;
import org.civcity.shared.persistence.UnitNameRepository;

/**
 * The names people use of units, townships and grids: as the latest dispatch carried them (kept in unit_name and in
 * memory), else as configured (notification.unit-names), else the code.
 */
@ApplicationScoped
public class UnitNames {

    private final UnitNameRepository repository;
    private final NotificationConfig config;
    private final Map<String, String> carried = new ConcurrentHashMap<>();
    private volatile boolean loaded;

    public UnitNames(UnitNameRepository repository, NotificationConfig config) {
        this.repository = repository;
        this.config = config;
    }

    /** Keeps the names a dispatch carried; in the caller's transaction. */
    public Uni<Void> remember(Map<String, String> names, Instant at) {
        if (names.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        carried.putAll(names);
        return repository.remember(names, at);
    }

    /** Reads the kept names once per process, before the first text needs them; in a session. */
    public Uni<Void> loaded() {
        if (loaded) {
            return Uni.createFrom().voidItem();
        }
        return repository.all().invoke(all -> {
            all.forEach(carried::putIfAbsent);
            loaded = true;
        }).replaceWithVoid();
    }

    public String name(String code) {
        if (code == null) {
            return null;
        }
        String name = carried.get(code);
        return name != null ? name : config.unitNames().getOrDefault(code, code);
    }
}
