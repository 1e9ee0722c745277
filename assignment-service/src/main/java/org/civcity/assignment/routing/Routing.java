package org.civcity.assignment.routing;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.civcity.assignment.config.AssignmentConfig;
import org.civcity.assignment.domain.RoutingVersion;
import org.civcity.shared.persistence.Publications;

/**
 * The routing data in force in this instance: the deployed file until the published versions are read at start, then
 * the latest published version.
 */
@ApplicationScoped
public class Routing {

    private static final TypeReference<RoutingTable.Data> DATA = new TypeReference<>() {
    };

    private final Publications<RoutingVersion, RoutingTable> publications;

    public Routing(AssignmentConfig config, ObjectMapper mapper) {
        this.publications = new Publications<>(RoutingVersion.class, RoutingVersion::new, "routing data",
                Publications.Codec.json(mapper, RoutingTable::version, RoutingTable::data, DATA,
                        (version, data) -> new RoutingTable(data), "routing.version"),
                load(config.routing().file(), mapper),
                (before, after) -> RoutingValidation.changes(before == null ? null : before.data(), after.data()));
    }

    /** The table to route with now; one read gives one consistent version. */
    public RoutingTable current() {
        return publications.current();
    }

    /** The name people use of unit or grid {@code code} in the data in force. */
    public Optional<String> name(String code) {
        return current().name(code);
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
