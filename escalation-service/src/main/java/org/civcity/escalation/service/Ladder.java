package org.civcity.escalation.service;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.stream.IntStream;
import org.civcity.escalation.config.EscalationConfig;
import org.civcity.escalation.domain.LadderVersion;
import org.civcity.shared.persistence.Publications;

/**
 * Each district's escalation ladder in force in this instance (the configured one until the published versions are
 * read at start), and every version read so far, since a timer fires on the version it was started on.
 */
@ApplicationScoped
public class Ladder {

    /** One published ladder: its version and its levels, level 1 first. */
    public record Policy(String version, List<Level> levels) {

        public Level level(int number) {
            return number >= 1 && number <= levels.size() ? levels.get(number - 1) : null;
        }
    }

    /**
     * One level: fires {@code delay} (working time, or an ISO duration in tests) after the rectification deadline
     * and addresses its {@code parties}, each a role held for the lead department, the township or grid where the
     * problem lies, or district-wide; {@code target} is the first party's role. A level without a target is skipped.
     * A level given only a target addresses that role of the lead department, as ladders did before parties.
     */
    public record Level(int level, String delay, String target, boolean accountabilityProposal, List<Party> parties) {

        public Level {
            boolean noTarget = target == null || target.isBlank();
            if (parties == null || parties.isEmpty()) {
                parties = noTarget ? List.of() : List.of(new Party(target, Scope.LEAD));
            } else {
                parties = List.copyOf(parties);
                target = noTarget && parties.get(0) != null ? parties.get(0).role() : target;
            }
        }

        public Level(int level, String delay, String target, boolean accountabilityProposal) {
            this(level, delay, target, accountabilityProposal, null);
        }
    }

    /** For which unit a party holds its role. */
    public enum Scope {
        /** The lead department of the case. */
        LEAD,
        /** The township or subdistrict office where the problem lies (属地); skipped when the place names none. */
        TERRITORIAL,
        /** The community grid (社区/网格) of the place; skipped when the routing data has none there. */
        GRID,
        /** District-wide: the principal leaders, the civilization office. */
        DISTRICT
    }

    /** A role a level addresses, and for which unit ({@code of}). */
    public record Party(String role, Scope of) {

        /** Parses "ROLE@SCOPE"; a bare "ROLE" is the lead department's. */
        public static Party parse(String text) {
            int at = text.indexOf('@');
            return at < 0 ? new Party(text.strip(), Scope.LEAD)
                    : new Party(text.substring(0, at).strip(), Scope.valueOf(text.substring(at + 1).strip()));
        }

        @Override
        public String toString() {
            return role + "@" + of;
        }
    }

    private static final TypeReference<List<Level>> LEVELS = new TypeReference<>() {
    };

    private final Publications<LadderVersion, Policy> publications;

    public Ladder(EscalationConfig config, ObjectMapper mapper) {
        List<EscalationConfig.Level> levels = config.ladder();
        Policy configured = new Policy(config.policyVersion(), IntStream.range(0, levels.size())
                .mapToObj(i -> new Level(i + 1, levels.get(i).delay(), levels.get(i).target().orElse(null),
                        levels.get(i).accountabilityProposal(), levels.get(i).parties().orElse(List.of()).stream()
                                .map(Party::parse).toList())).toList());
        this.publications = new Publications<>(LadderVersion.class, LadderVersion::new, "escalation ladder",
                Publications.Codec.json(mapper, Policy::version, Policy::levels, LEVELS, Policy::new, "version"),
                configured, LadderService::changes);
    }

    /** The ladder new clocks of {@code district} start on. */
    public Policy current(String district) {
        return publications.current(district);
    }

    /** The ladder a timer of {@code district} was started on; the one in force when that version is unknown here. */
    public Policy of(String district, String version) {
        return publications.of(district, version);
    }

    public Publications<LadderVersion, Policy> publications() {
        return publications;
    }
}
