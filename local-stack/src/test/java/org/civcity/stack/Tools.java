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
