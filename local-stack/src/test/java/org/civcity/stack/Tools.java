package org.civcity.stack;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Tools from Debian packages that some tests need. A developer without one sees those tests skipped; in CI (CI=true),
 * where .ci/run installs them, a missing tool fails the run, so a test cannot pass by not running.
 */
public final class Tools {

    private Tools() {
    }

    /** Skips the calling test (fails it in CI) unless {@code program} is an executable path or on the PATH. */
    public static void require(String program, String debianPackage) {
        if (installed(program)) {
            return;
        }
        String why = program + " is not installed (Debian: apt-get install " + debianPackage + ")";
        if (inCi()) {
            fail(why + "; CI must install it (.ci/run)");
        }
        assumeTrue(false, why);
    }

    /** Skips the calling test (fails it in CI) unless a Docker engine answers and docker-compose is installed. */
    public static void requireDockerEngine() {
        require("docker-compose", "docker-compose");
        boolean answers;
        try {
            Process info = new ProcessBuilder("docker", "info").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            answers = info.waitFor(30, java.util.concurrent.TimeUnit.SECONDS) && info.exitValue() == 0;
        } catch (java.io.IOException e) {
            answers = false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            answers = false;
        }
        if (answers) {
            return;
        }
        String why = "no Docker engine answers (deploy/images/engine.sh installs and starts one)";
        if (inCi()) {
            fail(why + "; CI must start it (.ci/run)");
        }
        assumeTrue(false, why);
    }

    public static boolean installed(String program) {
        if (program.contains("/")) {
            return Files.isExecutable(Path.of(program));
        }
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, program)));
    }

    static boolean inCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }
}
