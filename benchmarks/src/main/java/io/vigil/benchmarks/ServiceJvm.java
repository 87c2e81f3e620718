package io.vigil.benchmarks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** JVM flags of the services a benchmark starts. */
final class ServiceJvm {

    private ServiceJvm() {
    }

    /**
     * Production settings (C2, default GC), not the quick-start ones tests use; the environment variable
     * {@code SERVICE_JVM} adds flags, separated by spaces (e.g. {@code -XX:StartFlightRecording=filename=s.jfr}).
     */
    static List<String> flags() {
        List<String> jvm = new ArrayList<>(List.of("-Xmx1g"));
        String extra = System.getenv().getOrDefault("SERVICE_JVM", "").trim();
        if (!extra.isEmpty()) {
            jvm.addAll(Arrays.asList(extra.split("\\s+")));
        }
        return jvm;
    }
}
