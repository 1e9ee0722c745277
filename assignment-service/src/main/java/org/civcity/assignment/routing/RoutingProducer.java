package org.civcity.assignment.routing;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.civcity.assignment.config.AssignmentConfig;

/** Loads the routing data named by configuration: a file path if it exists, else a classpath resource. */
@ApplicationScoped
public class RoutingProducer {

    @Produces
    @ApplicationScoped
    RoutingTable routing(AssignmentConfig config, ObjectMapper mapper) throws IOException {
        String name = config.routing().file();
        Path file = Path.of(name);
        try (InputStream in = Files.isRegularFile(file) ? Files.newInputStream(file)
                : RoutingProducer.class.getResourceAsStream("/" + name)) {
            if (in == null) {
                throw new IllegalStateException("Routing data " + name + " not found");
            }
            RoutingTable table = RoutingTable.load(in, mapper);
            Log.infof("Routing data %s version %s: %d units", name, table.version(), table.units().size());
            return table;
        }
    }
}
