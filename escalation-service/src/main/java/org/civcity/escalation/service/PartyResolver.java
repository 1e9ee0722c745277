package org.civcity.escalation.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.civcity.contracts.Party;
import org.civcity.escalation.domain.CaseTracking;
import org.civcity.escalation.domain.DeadlineKind;
import org.civcity.escalation.domain.DeadlineTimer;
import org.civcity.escalation.repository.PostHolderRepository.Post;
import org.civcity.escalation.repository.PostHolderRepository;
import org.civcity.shared.persistence.UnitNameRepository;

/**
 * Works out whom a firing level addresses: its parties (the lead department's head, the township's, the district's
 * leaders) resolved to units, with the names of the units and of the people who hold each role at that moment.
 */
@ApplicationScoped
public class PartyResolver {

    static final String UNIT_HEAD = "UNIT_HEAD";

    private final PostHolderRepository holders;
    private final UnitNameRepository names;
    private final Ladder ladder;
    private final ObjectMapper mapper;

    public PartyResolver(PostHolderRepository holders, UnitNameRepository names, Ladder ladder, ObjectMapper mapper) {
        this.holders = holders;
        this.names = names;
        this.ladder = ladder;
        this.mapper = mapper;
    }

    /** Who held the posts a batch of due timers addresses, read once for the batch. */
    public Uni<People> of(List<DeadlineTimer> due) {
        List<Post> posts = due.stream().filter(t -> t.kind != DeadlineKind.WARNING)
                .flatMap(t -> posts(t).stream()).distinct().toList();
        if (posts.isEmpty()) {
            return Uni.createFrom().item(new People(Map.of(), Map.of()));
        }
        Map<String, Map<String, String>> named = new HashMap<>();
        return holders.holders(posts).chain(held -> Multi.createFrom().iterable(posts.stream().map(Post::district)
                        .collect(Collectors.toSet()))
                .onItem().transformToUniAndConcatenate(d -> names.all(d).invoke(n -> named.put(d, n)))
                .collect().last().map(x -> new People(held, named)));
    }

    /**
     * The heads of the units answering for a case: its lead department's and its township's, with the people in post;
     * those a leader's instruction is addressed to.
     */
    public Uni<List<Party>> heads(CaseTracking t) {
        List<Post> posts = new ArrayList<>(List.of(new Post(t.district, UNIT_HEAD, t.unit)));
        if (t.township != null && !t.township.equals(t.unit)) {
            posts.add(new Post(t.district, UNIT_HEAD, t.township));
        }
        return holders.holders(posts).chain(held -> names.all(t.district).map(named -> posts.stream()
                .map(p -> new Party(p.role(), p.unit(), named.get(p.unit()), held.getOrDefault(p, List.of())))
                .toList()));
    }

    /** The parties of {@code addressed} as stored in the record, whose hash covers this text. */
    public String json(List<Party> addressed) {
        try {
            return mapper.writeValueAsString(addressed);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Parties not serialisable", e);
        }
    }

    /** The people in post and the names of units (by district, then code), for one batch. */
    public final class People {

        private final Map<Post, List<String>> held;
        private final Map<String, Map<String, String>> unitNames;

        People(Map<Post, List<String>> held, Map<String, Map<String, String>> unitNames) {
            this.held = held;
            this.unitNames = unitNames;
        }

        /** The parties {@code timer}'s level addresses, each with its unit's name and the people in post. */
        public List<Party> parties(DeadlineTimer timer) {
            return posts(timer).stream().map(p -> new Party(p.role(), p.unit(),
                    p.unit() == null ? null : unitNames.getOrDefault(p.district(), Map.of()).get(p.unit()),
                    held.getOrDefault(p, List.of()))).toList();
        }
    }

    /**
     * The posts of a timer's level: a ladder level's parties for the case's units (a party whose unit the case has
     * not is left out; one named twice, as when a township leads its own case, once); the acknowledge clock's target
     * of the lead unit.
     */
    private List<Post> posts(DeadlineTimer timer) {
        if (timer.target == null || timer.target.isBlank()) {
            return List.of();
        }
        Ladder.Level rung = timer.kind == DeadlineKind.ACKNOWLEDGE ? null
                : ladder.of(timer.district, timer.policyVersion).level(timer.level);
        List<Ladder.Party> parties = rung == null ? List.of(new Ladder.Party(timer.target, Ladder.Scope.LEAD))
                : rung.parties();
        Set<Post> posts = new LinkedHashSet<>();
        for (Ladder.Party party : parties) {
            String unit = switch (party.of()) {
                case LEAD -> timer.unit;
                case TERRITORIAL -> timer.township;
                case GRID -> timer.grid;
                case DISTRICT -> null;
            };
            if (unit != null || party.of() == Ladder.Scope.DISTRICT) {
                posts.add(new Post(timer.district, party.role(), unit));
            }
        }
        return new ArrayList<>(posts);
    }
}
