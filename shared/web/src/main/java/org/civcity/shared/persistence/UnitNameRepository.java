package org.civcity.shared.persistence;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.civcity.shared.sql.NativeSql;

/**
 * The names people use (城市管理局, 新华街道) of units, townships and grids, as the latest dispatch carried them from the
 * routing data in force, in the service's own {@code unit_name} table.
 */
@ApplicationScoped
public class UnitNameRepository {

    /** Keeps {@code names} (code to name), the latest winning; in the caller's transaction. */
    public Uni<Void> remember(Map<String, String> names, Instant at) {
        return Multi.createFrom().iterable(names.entrySet()).onItem().transformToUniAndConcatenate(e -> Panache
                        .getSession().chain(s -> s.createNativeQuery("INSERT INTO unit_name (code, name, updated_at)"
                                + " VALUES (:code, :name, :at) ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name,"
                                + " updated_at = EXCLUDED.updated_at WHERE unit_name.updated_at <= EXCLUDED.updated_at")
                        .setParameter("code", e.getKey()).setParameter("name", e.getValue()).setParameter("at", at)
                        .executeUpdate()))
                .collect().last().replaceWithVoid();
    }

    /** Every name known, by code. */
    public Uni<Map<String, String>> all() {
        return Panache.getSession().chain(s -> NativeSql.select(s, "SELECT code, name FROM unit_name"))
                .map(UnitNameRepository::byCode);
    }

    private static Map<String, String> byCode(List<Object[]> rows) {
        Map<String, String> names = new HashMap<>();
        rows.forEach(r -> names.put((String) r[0], (String) r[1]));
        return names;
    }
}
