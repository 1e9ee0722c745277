package org.civcity.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The container image runs the services with the local stack's JVM options and environment: one file each. */
class ServiceImageTest {

    @Test
    void theImageUsesTheStacksJvmOptions() throws Exception {
        Path root = TestStack.root();
        List<String> options = Files.readAllLines(root.resolve(LocalStack.JVM_OPTIONS)).stream().map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        assertTrue(options.stream().anyMatch(o -> o.startsWith("-Xmx")), options.toString());
        Matcher javaOpts = Pattern.compile("JAVA_OPTS=\"([^\"]*)\"")
                .matcher(Files.readString(root.resolve("deploy/images/service/Dockerfile")));
        assertTrue(javaOpts.find(), "the Dockerfile sets no JAVA_OPTS");
        assertEquals(String.join(" ", options), javaOpts.group(1));
    }

    @Test
    void theImageUsesTheStacksEnvironment() throws Exception {
        Path root = TestStack.root();
        Map<String, String> env = LocalStack.environment(root.resolve(LocalStack.JVM_ENVIRONMENT));
        assertTrue(env.containsKey("MALLOC_ARENA_MAX"), env.toString());
        Matcher last = Pattern.compile("(?m)^ENV (.*)$").matcher(Files.readString(root.resolve(
                "deploy/images/service/Dockerfile")));
        String line = null;
        while (last.find()) {
            line = last.group(1);
        }
        assertEquals(env.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(" ")), line);
    }
}
