package org.civcity.escalation.repository;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.civcity.contracts.RecipientChanged;
import org.civcity.shared.sql.NativeSql;

/** Who holds which role for which unit, as the recipient directory announced it last. */
@ApplicationScoped
public class PostHolderRepository {

    /** A role for a unit of a district; unit null is district-wide. */
    public record Post(String district, String role, String unit) {
    }

    /**
     * Keeps the entry of {@code district}'s directory unless a later version of it is kept already; in the caller's
     * transaction.
     */
    public Uni<Void> changed(String district, RecipientChanged e) {
        return Panache.getSession().chain(s -> s.createNativeQuery("INSERT INTO post_holder (recipient_id, district,"
                        + " role, unit, name, active, version, changed_at) VALUES (:id, :district, :role, :unit,"
                        + " :name, :active, :version, :at) ON CONFLICT (recipient_id) DO UPDATE SET role ="
                        + " EXCLUDED.role, unit = EXCLUDED.unit, name = EXCLUDED.name, active = EXCLUDED.active,"
                        + " version = EXCLUDED.version, changed_at = EXCLUDED.changed_at"
                        + " WHERE post_holder.version < EXCLUDED.version")
                .setParameter("id", e.recipientId()).setParameter("district", district)
                .setParameter("role", e.role()).setParameter("unit", e.unit())
                .setParameter("name", e.name()).setParameter("active", e.active())
                .setParameter("version", e.version()).setParameter("at", e.changedAt())
                .executeUpdate()).replaceWithVoid();
    }

    /**
     * The names of the people holding each of {@code posts} now in its district, sorted: those holding it for the
     * unit, else those holding it district-wide, as the directory routes alerts.
     */
    public Uni<Map<Post, List<String>>> holders(List<Post> posts) {
        List<String> roles = posts.stream().map(Post::role).distinct().toList();
        if (roles.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        List<String> districts = posts.stream().map(Post::district).distinct().toList();
        return Panache.getSession().chain(s -> NativeSql.select(s, "SELECT role, unit, name, district FROM"
                        + " post_holder WHERE active AND role = ANY($1) AND district = ANY($2) ORDER BY name",
                        (Object) roles.toArray(new String[0]), (Object) districts.toArray(new String[0])))
                .map(rows -> {
                    Map<Post, List<String>> found = new HashMap<>();
                    for (Post post : posts) {
                        List<String> own = new ArrayList<>();
                        List<String> districtWide = new ArrayList<>();
                        for (Object[] r : rows) {
                            if (post.role().equals(r[0]) && post.district().equals(r[3])) {
                                if (r[1] == null) {
                                    districtWide.add((String) r[2]);
                                } else if (Objects.equals(post.unit(), r[1])) {
                                    own.add((String) r[2]);
                                }
                            }
                        }
                        own.addAll(districtWide);
                        found.put(post, own);
                    }
                    return found;
                });
    }
}
