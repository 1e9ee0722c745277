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
 * The escalation ladder in force in this instance (the configured one until the published versions are read at
 * start), and every version read so far, since a timer fires on the version it was started on.
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
     * and addresses {@code target}; a level without a target is skipped.
     */
    public record Level(int level, String delay, String target, boolean accountabilityProposal) {
    }

    private static final TypeReference<List<Level>> LEVELS = new TypeReference<>() {
    };

    private final Publications<LadderVersion, Policy> publications;

    public Ladder(EscalationConfig config, ObjectMapper mapper) {
        List<EscalationConfig.Level> levels = config.ladder();
        Policy configured = new Policy(config.policyVersion(), IntStream.range(0, levels.size())
                .mapToObj(i -> new Level(i + 1, levels.get(i).delay(), levels.get(i).target().orElse(null),
                        levels.get(i).accountabilityProposal())).toList());
        this.publications = new Publications<>(LadderVersion.class, LadderVersion::new, "escalation ladder",
                Publications.Codec.json(mapper, Policy::version, Policy::levels, LEVELS, Policy::new, "version"),
                configured, LadderService::changes);
    }

    /** The ladder new clocks start on. */
    public Policy current() {
        return publications.current();
    }

    /** The ladder a timer was started on; the one in force when that version is unknown here. */
    public Policy of(String version) {
        return publications.of(version);
    }

    public Publications<LadderVersion, Policy> publications() {
        return publications;
    }
}
