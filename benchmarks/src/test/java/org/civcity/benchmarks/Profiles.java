package org.civcity.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;
import org.civcity.stack.LocalStack;

/**
 * A JFR profile of each service over one benchmark step ({@code ./bench.sh --profile}): where the CPU of a finding
 * goes, by thread and by library, so a lever is chosen from a measurement rather than a guess. The recordings stay
 * under {@code target/profiles} for JDK Mission Control.
 */
final class Profiles {

    private static final String RECORDING = "bench";
    /** A pool thread's number, so a pool's threads add up ("vert.x-eventloop-thread-#", "C1 CompilerThread#"). */
    private static final Pattern NUMBERS = Pattern.compile("(?<=-|CompilerThread)\\d+$");
    /** The JDK's own packages: a sample is counted where it was called from outside them. */
    private static final Pattern JDK = Pattern.compile("(java|javax|jdk|sun|com\\.sun)\\.");
    /** jdk.ThreadCPULoad's period in the profile settings. */
    private static final Duration CPU_LOAD_PERIOD = Duration.ofSeconds(10);
    /** Library of a frame: the first package segments that name a project, longest prefix first. */
    private static final List<String> LIBRARIES = List.of("org.civcity", "org.hibernate.reactive", "org.hibernate",
            "io.vertx.pgclient", "io.vertx.sqlclient", "io.vertx", "io.netty", "org.apache.kafka",
            "io.smallrye.reactive.messaging", "io.smallrye.mutiny", "io.smallrye.context", "io.smallrye.config",
            "io.smallrye", "com.fasterxml.jackson", "org.jboss.resteasy", "io.quarkus", "io.micrometer", "org.jboss",
            "io.opentelemetry", "org.postgresql");

    private final Path directory;
    private final String label;

    private Profiles(Path directory, String label) {
        this.directory = directory;
        this.label = label;
    }

    /**
     * Has each service of the next stack record from its start ({@code -Dcivcity.jvm-options.<service>}): JFR started
     * in a running JVM retransforms JDK classes and so deoptimises the code that inlined them, and the recompiling
     * then lands in the measured window (a third of each service's CPU there, when tried).
     */
    static Profiles record(String label) throws IOException {
        Path directory = Path.of("target", "profiles").toAbsolutePath();
        // The option is split on white space by the launcher and on commas by JFR.
        if (directory.toString().matches(".*[\\s,].*")) {
            throw new IllegalStateException("a profile needs a checkout path without spaces or commas: " + directory);
        }
        Files.createDirectories(directory);
        for (String service : LocalStack.SERVICES) {
            System.setProperty("civcity.jvm-options." + service, "-XX:StartFlightRecording=name=" + RECORDING
                    + ",settings=profile,dumponexit=true,filename=" + file(directory, label, service));
        }
        return new Profiles(directory, label);
    }

    /** The stack has started: the next one (the other side of a comparison) records only if told again. */
    static void launched() {
        LocalStack.SERVICES.forEach(service -> System.clearProperty("civcity.jvm-options." + service));
    }

    /** Stops the recordings (written then) and returns a summary of each from {@code from} to now (markdown lines). */
    List<String> stop(LocalStack stack, Instant from) throws IOException, InterruptedException {
        Instant to = Instant.now();
        for (String service : LocalStack.SERVICES) {
            jcmd(stack.pid(service, 0), "JFR.stop", "name=" + RECORDING);
        }
        List<String> lines = new ArrayList<>();
        for (String service : LocalStack.SERVICES) {
            lines.addAll(summary(service, file(directory, label, service), from, to));
        }
        return lines;
    }

    private static Path file(Path directory, String label, String service) {
        return directory.resolve(label.replaceAll("[^A-Za-z0-9.-]+", "_") + "-" + service + ".jfr");
    }

    /**
     * CPU by thread (jdk.ThreadCPULoad, which counts the JIT compiler's threads too, not the collector's) and the
     * execution samples by the library and the method of their topmost frame outside the JDK (where the JDK's own code
     * was called from), between {@code from} and {@code to}. A CPU load event covers the period before it (10 s in the
     * profile settings), so each counts by the share of that period inside the window.
     */
    static List<String> summary(String service, Path recording, Instant from, Instant to) throws IOException {
        Map<String, Double> threadCpu = new HashMap<>();
        Map<String, Double> byLibrary = new HashMap<>();
        Map<String, Double> byMethod = new HashMap<>();
        int samples = 0;
        try (RecordingFile file = new RecordingFile(recording)) {
            while (file.hasMoreEvents()) {
                RecordedEvent event = file.readEvent();
                Instant at = event.getStartTime();
                switch (event.getEventType().getName()) {
                    case "jdk.ThreadCPULoad" -> {
                        Instant periodStart = at.minus(CPU_LOAD_PERIOD);
                        Instant overlapStart = periodStart.isAfter(from) ? periodStart : from;
                        Instant overlapEnd = at.isBefore(to) ? at : to;
                        if (!overlapEnd.isAfter(overlapStart) || event.getThread("eventThread") == null) {
                            continue;
                        }
                        double share = Duration.between(overlapStart, overlapEnd).toNanos()
                                / (double) CPU_LOAD_PERIOD.toNanos();
                        double load = event.getFloat("user") + event.getFloat("system");
                        threadCpu.merge(poolName(event.getThread("eventThread").getJavaName()), load * share,
                                Double::sum);
                    }
                    case "jdk.ExecutionSample" -> {
                        RecordedStackTrace stack = event.getStackTrace();
                        if (at.isBefore(from) || at.isAfter(to) || stack == null || stack.getFrames().isEmpty()) {
                            continue;
                        }
                        samples++;
                        String library = "JDK only";
                        String method = "JDK only";
                        for (RecordedFrame frame : stack.getFrames()) {
                            String type = frame.getMethod().getType().getName();
                            if (!JDK.matcher(type).lookingAt()) {
                                library = library(type);
                                method = method(frame);
                                break;
                            }
                        }
                        byLibrary.merge(library, 1.0, Double::sum);
                        byMethod.merge(method, 1.0, Double::sum);
                    }
                    default -> {
                    }
                }
            }
        }
        List<String> lines = new ArrayList<>();
        lines.add("");
        lines.add(String.format("Profile of %s (%d execution samples in %d s; %s):", service, samples,
                Duration.between(from, to).toSeconds(), recording.getFileName()));
        double allLoad = threadCpu.values().stream().mapToDouble(Double::doubleValue).sum();
        lines.add("- CPU by thread (share of the thread CPU JFR saw): " + top(threadCpu, allLoad, 8));
        lines.add("- samples by library of the topmost frame outside the JDK: " + top(byLibrary, samples, 10));
        lines.add("- the same by method: " + top(byMethod, samples, 12));
        return lines;
    }

    /** A thread's pool: "vert.x-eventloop-thread-3" and "C1 CompilerThread0" without their numbers. */
    static String poolName(String thread) {
        return NUMBERS.matcher(String.valueOf(thread)).replaceAll("#");
    }

    private static String library(String type) {
        for (String library : LIBRARIES) {
            if (type.startsWith(library + ".")) {
                return library;
            }
        }
        String[] parts = type.split("\\.");
        return parts.length > 2 ? parts[0] + "." + parts[1] + "." + parts[2] : type;
    }

    /** Simple class name and method; a lambda's generated class by the class it is in. */
    private static String method(RecordedFrame frame) {
        String type = frame.getMethod().getType().getName().replaceAll("\\$\\$Lambda.*", "\\$\\$Lambda");
        return type.substring(type.lastIndexOf('.') + 1) + "." + frame.getMethod().getName();
    }

    private static String top(Map<String, Double> counts, double total, int n) {
        if (total <= 0) {
            return "none";
        }
        return String.join(", ", counts.entrySet().stream()
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed()).limit(n)
                .map(e -> String.format("%s %.0f%%", e.getKey(), 100 * e.getValue() / total)).toList());
    }

    private static void jcmd(long pid, String... command) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(pid)));
        args.addAll(List.of(command));
        // To a file, not a pipe: reading a pipe would block past the timeout on a hung attach.
        Path output = Files.createTempFile("jcmd", ".txt");
        try {
            Process process = new ProcessBuilder(args).redirectErrorStream(true).redirectOutput(output.toFile())
                    .start();
            if (!process.waitFor(1, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IOException("jcmd " + pid + " " + String.join(" ", command) + " did not answer in a minute");
            }
            if (process.exitValue() != 0) {
                throw new IOException("jcmd " + pid + " " + String.join(" ", command) + " failed: "
                        + Files.readString(output));
            }
        } finally {
            Files.deleteIfExists(output);
        }
    }
}
