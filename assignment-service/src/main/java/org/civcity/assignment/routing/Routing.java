package org.civcity.assignment.routing;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.civcity.assignment.config.AssignmentConfig;

/**
 * The routing data in force in this instance: the bundled file until the published versions are read at start, then
 * the latest published version, replaced whenever a newer one is published here or found by the refresh.
 */
@ApplicationScoped
public class Routing {

    private final RoutingTable bundled;
    private volatile RoutingTable current;
    private volatile long currentId;

    public Routing(AssignmentConfig config, ObjectMapper mapper) {
        this.bundled = load(config.routing().file(), mapper);
        this.current = bundled;
    }

    /** The table to route with now; one read gives one consistent version. */
    public RoutingTable current() {
        return current;
    }

    /** The data file deployed with this instance. */
    public RoutingTable bundled() {
        return bundled;
    }

    /** Puts published version {@code id} in force unless a later one is already. */
    public synchronized void install(long id, RoutingTable table) {
        if (id > currentId) {
            currentId = id;
            current = table;
        }
    }

    public long currentId() {
        return currentId;
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
