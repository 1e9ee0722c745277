package org.civcity.escalation.service;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import org.civcity.escalation.config.EscalationConfig;

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

    private final Policy configured;
    private final Map<String, Policy> versions = new ConcurrentHashMap<>();
    private volatile Policy current;
    private volatile long currentId;

    public Ladder(EscalationConfig config) {
        List<EscalationConfig.Level> levels = config.ladder();
        this.configured = new Policy(config.policyVersion(), IntStream.range(0, levels.size())
                .mapToObj(i -> new Level(i + 1, levels.get(i).delay(), levels.get(i).target().orElse(null),
                        levels.get(i).accountabilityProposal())).toList());
        this.current = configured;
        versions.put(configured.version(), configured);
    }

    /** The ladder new clocks start on. */
    public Policy current() {
        return current;
    }

    /** The ladder a timer was started on; the one in force when that version is unknown here. */
    public Policy of(String version) {
        return version == null ? current : versions.getOrDefault(version, current);
    }

    /** The ladder of this deployment's configuration. */
    public Policy configured() {
        return configured;
    }

    /** Remembers published version {@code id}, and puts it in force unless a later one is already. */
    public synchronized void install(long id, Policy policy) {
        versions.put(policy.version(), policy);
        if (id > currentId) {
            currentId = id;
            current = policy;
        }
    }

    public long currentId() {
        return currentId;
    }
}
