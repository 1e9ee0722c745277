package org.civcity.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The Prometheus configuration in deploy/prometheus is valid and its alert rules fire as their unit tests say, checked
 * by promtool from Debian's prometheus package (.ci/run installs it; without promtool the test is skipped).
 */
class PrometheusRulesTest {

    private static final Path DIR = Path.of(System.getProperty("civcity.root", "..")).toAbsolutePath().normalize()
            .resolve("deploy/prometheus");

    @Test
    void configurationIsValid() throws Exception {
        promtool("check", "config", "prometheus.yml");
    }

    @Test
    void alertRulesFireAsSpecified() throws Exception {
        promtool("test", "rules", "rules-test.yml");
    }

    private static void promtool(String... args) throws Exception {
        Tools.require("promtool", "prometheus");
        List<String> command = new java.util.ArrayList<>(List.of("promtool"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(DIR.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertEquals(true, process.waitFor(60, TimeUnit.SECONDS), "promtool hung");
        assertEquals(0, process.exitValue(), output);
    }
}
