package org.civcity.assignment.routing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.civcity.assignment.config.AssignmentConfig;
import org.civcity.assignment.domain.RoutingVersion;
import org.civcity.contracts.EventTypes;
import org.civcity.contracts.RoutingPublished;
import org.civcity.contracts.Topics;
import org.civcity.shared.district.ServedDistricts;
import org.civcity.shared.outbox.Outbox;
import org.civcity.shared.persistence.Publications;

/**
 * Each district's routing data in force in this instance: the deployed file until the published versions are read at
 * start, then the district's latest published version.
 */
@ApplicationScoped
public class Routing {

    private static final TypeReference<RoutingTable.Data> DATA = new TypeReference<>() {
    };

    /** The home district's key on civcity.routing (another's is "routing:<district>"). */
    static final String KEY = "routing";

    /**
     * The most the geography may take as JSON: it travels as one Kafka record, and a record over the broker's limit
     * (1 MiB by default) would hold up every event behind it in the outbox.
     */
    public static final int GEOGRAPHY_LIMIT = 900_000;

    private final Publications<RoutingVersion, RoutingTable> publications;
    private final ObjectMapper mapper;

    public Routing(AssignmentConfig config, ObjectMapper mapper, Outbox outbox) {
        this.mapper = mapper;
        this.publications = new Publications<>(RoutingVersion.class, RoutingVersion::new, "routing data",
                Publications.Codec.json(mapper, RoutingTable::version, RoutingTable::data, DATA,
                        (version, data) -> new RoutingTable(data), "routing.version"),
                load(config.routing().file(), mapper),
                (before, after) -> RoutingValidation.changes(before == null ? null : before.data(), after.data()));
        // The geography travels to the services that draw maps; the routing rules stay here.
        publications.announceWith((version, table) -> outbox.inDistrict(version.district).appendReference(
                Topics.ROUTING, EventTypes.ROUTING_PUBLISHED, key(version.district), "routing/" + version.version,
                geography(table, version.publishedAt)).replaceWithVoid());
    }

    /** The record key of {@code district}'s routing data: one per district, so compaction keeps each one's latest. */
    static String key(String district) {
        return ServedDistricts.home().equals(district) ? KEY : KEY + ":" + district;
    }

    /** The districts' townships and grids with their names and boundaries, as routing.published carries them. */
    static RoutingPublished geography(RoutingTable table, Instant publishedAt) {
        return new RoutingPublished(table.version(), publishedAt, table.data().townships().stream()
                .map(t -> new RoutingPublished.Area(t.code(), table.name(t.code()).orElse(t.code()), ring(t.polygon()),
                        t.grids().stream().map(g -> new RoutingPublished.Area(g.code(), g.name() == null ? g.code()
                                : g.name(), ring(g.polygon()), List.of())).toList()))
                .toList());
    }

    /** How many bytes {@code table}'s geography takes as routing.published's JSON. */
    public int geographyBytes(RoutingTable table) {
        try {
            return mapper.writeValueAsBytes(geography(table, Instant.now())).length;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<List<Double>> ring(List<double[]> polygon) {
        return polygon.stream().map(p -> List.of(p[0], p[1])).toList();
    }

    /** The table to route {@code district}'s findings with now; one read gives one consistent version. */
    public RoutingTable current(String district) {
        return publications.current(district);
    }

    public Publications<RoutingVersion, RoutingTable> publications() {
        return publications;
    }

    private static RoutingTable load(String name, ObjectMapper mapper) {
        Path file = Path.of(name);
        try (InputStream in = Files.isRegularFile(file) ? Files.newInputStream(file)
                : Routing.class.getResourceAsStream("/" + name)) {
            if (in == null) {
                throw new IllegalStateException("Routing data " + name + " not found");
            }
            return RoutingTable.load(in, mapper);
        } catch (IOException e) {
            throw new UncheckedIOException("Routing data " + name + " unreadable", e);
        }
    }
}
