package org.civcity.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** A child process with a pid file, so that a stack killed hard can reap it on its next start. */
final class ManagedProcess {

    private final String name;
    private final Process process;
    private final Path pidFile;

    private ManagedProcess(String name, Process process, Path pidFile) {
        this.name = name;
        this.process = process;
        this.pidFile = pidFile;
    }

    static ManagedProcess start(String name, List<String> command, Path log, Path pidDir, Map<String, String> env)
            throws IOException {
        return start(name, command, null, log, pidDir, env);
    }

    /** Starts {@code command} in {@code directory} (null: this process's working directory). */
    static ManagedProcess start(String name, List<String> command, Path directory, Path log, Path pidDir,
            Map<String, String> env) throws IOException {
        Files.createDirectories(log.getParent());
        Files.createDirectories(pidDir);
        Path pidFile = pidDir.resolve(name + ".pid");
        reap(pidFile);
        ProcessBuilder builder = new ProcessBuilder(command);
        if (directory != null) {
            builder.directory(directory.toFile());
        }
        builder.environment().putAll(env);
        Process process = builder
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.PIPE)
                .start();
        Files.writeString(pidFile, Long.toString(process.pid()));
        return new ManagedProcess(name, process, pidFile);
    }

    /** Stops a process left behind by an earlier run that was killed before it could clean up. */
    static void reap(Path pidFile) throws IOException {
        if (!Files.exists(pidFile)) {
            return;
        }
        String pid = Files.readString(pidFile).strip();
        Optional<ProcessHandle> stale = pid.isEmpty() ? Optional.empty() : ProcessHandle.of(Long.parseLong(pid));
        stale.filter(ProcessHandle::isAlive).ifPresent(p -> {
            System.out.printf("Stopping process %d left behind by an earlier run (%s)%n", p.pid(), pidFile);
            p.destroy();
            p.onExit().orTimeout(30, TimeUnit.SECONDS).exceptionally(e -> {
                p.destroyForcibly();
                return p;
            }).join();
        });
        Files.deleteIfExists(pidFile);
    }

    String name() {
        return name;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    long pid() {
        return process.pid();
    }

    /** SIGKILL at once, and waits until the process is gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException(name + " survived SIGKILL for 30 s");
        }
    }

    /** SIGTERM, then SIGKILL if it has not exited within the grace period. */
    void stop(Duration grace) {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                    System.out.printf("%s did not stop within %s; killing it%n", name, grace);
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        try {
            Files.deleteIfExists(pidFile);
        } catch (IOException e) {
            // A stale pid file is reaped on the next start.
        }
    }
}
