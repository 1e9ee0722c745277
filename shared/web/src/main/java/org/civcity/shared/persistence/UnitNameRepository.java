package org.civcity.shared.persistence;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.civcity.shared.sql.NativeSql;

/**
 * The names people use (城市管理局, 新华街道) of units, townships and grids, as the latest dispatch carried them from the
 * routing data in force, in the service's own {@code unit_name} table. Codes are each district's own: two districts'
 * URBAN_MANAGEMENT are two departments with two names.
 */
@ApplicationScoped
public class UnitNameRepository {

    /** Keeps {@code district}'s {@code names} (code to name), the latest winning; in the caller's transaction. */
    public Uni<Void> remember(String district, Map<String, String> names, Instant at) {
        Objects.requireNonNull(district, "district");
        return Multi.createFrom().iterable(names.entrySet()).onItem().transformToUniAndConcatenate(e -> Panache
                        .getSession().chain(s -> s.createNativeQuery("INSERT INTO unit_name (district, code, name,"
                                + " updated_at) VALUES (:district, :code, :name, :at) ON CONFLICT (district, code)"
                                + " DO UPDATE SET name = EXCLUDED.name, updated_at = EXCLUDED.updated_at"
                                + " WHERE unit_name.updated_at <= EXCLUDED.updated_at")
                        .setParameter("district", district).setParameter("code", e.getKey())
                        .setParameter("name", e.getValue()).setParameter("at", at)
                        .executeUpdate()))
                .collect().last().replaceWithVoid();
    }

    /** Every name known in {@code district}, by code. */
    public Uni<Map<String, String>> all(String district) {
        Objects.requireNonNull(district, "district");
        return Panache.getSession().chain(s -> NativeSql.select(s,
                        "SELECT code, name FROM unit_name WHERE district = $1", district))
                .map(UnitNameRepository::byCode);
    }

    private static Map<String, String> byCode(List<Object[]> rows) {
        Map<String, String> names = new HashMap<>();
        rows.forEach(r -> names.put((String) r[0], (String) r[1]));
        return names;
    }
}
