package org.civcity.stack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.UnaryOperator;
import org.civcity.standin.AlertReceiver;

/**
 * The packaged system for one test class: a stand-in alert endpoint, the stack (data in a fresh folder under the
 * module's target), and tokens from its Keycloak. Closing stops the stack, then the endpoint.
 */
public record TestStack(AlertReceiver receiver, LocalStack stack, RealmTokens tokens, Path dataDir)
        implements AutoCloseable {

    /** The repository root, from the build (civcity.root) or the module's folder. */
    public static Path root() {
        return Path.of(System.getProperty("civcity.root", "..")).toAbsolutePath().normalize();
    }

    /**
     * Starts {@code replicas} processes of every service with the options {@code configure} adds; the data folder is
     * {@code <module>/target/<name>-*}.
     */
    public static TestStack start(String module, String name, int replicas, UnaryOperator<StackOptions> configure)
            throws Exception {
        AlertReceiver receiver = AlertReceiver.start();
        try {
            Path data = Files.createTempDirectory(Files.createDirectories(root().resolve(module).resolve("target")),
                    name + "-");
            LocalStack stack = LocalStack.start(configure.apply(
                    StackOptions.forTest(root(), data, receiver.url("/alerts"), replicas)));
            return new TestStack(receiver, stack, new RealmTokens(stack.keycloakRealmUrl()), data);
        } catch (Exception | Error e) {
            receiver.close();
            throw e;
        }
    }

    @Override
    public void close() {
        try {
            stack.close();
        } finally {
            receiver.close();
        }
    }
}
