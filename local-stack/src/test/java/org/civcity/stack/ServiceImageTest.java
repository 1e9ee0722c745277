package org.civcity.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The container image runs the services with the same JVM options as the local stack: one file, copied once. */
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
}
