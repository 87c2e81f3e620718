package io.vigil.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** JVM flags of the services a benchmark starts. */
final class ServiceJvm {

    private ServiceJvm() {
    }

    /**
     * Production settings, not the quick-start ones tests use: C2, a 1 GB heap, and the module's own
     * {@code jvm.options} when it has one (the argument file {@code ./vigil up} passes too). The environment variable
     * {@code SERVICE_JVM} adds flags, separated by spaces (e.g. {@code -XX:StartFlightRecording=filename=s.jfr}).
     */
    static List<String> flags(Path root, String module) {
        List<String> jvm = new ArrayList<>(List.of("-Xmx1g"));
        Path options = root.resolve(module).resolve("jvm.options");
        if (Files.exists(options)) {
            jvm.add("@" + options);
        }
        String extra = System.getenv().getOrDefault("SERVICE_JVM", "").trim();
        if (!extra.isEmpty()) {
            jvm.addAll(Arrays.asList(extra.split("\\s+")));
        }
        return jvm;
    }
}
