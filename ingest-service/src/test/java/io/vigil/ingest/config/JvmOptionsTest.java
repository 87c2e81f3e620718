package io.vigil.ingest.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

/**
 * {@code jvm.options}, the argument file {@code ./vigil up} and the benchmarks start the service with: a JVM must
 * accept it as it is, or the launcher fails on the first start after a bad edit.
 */
class JvmOptionsTest {

    @Test
    void aJvmStartsWithTheServicesOptionsAndTheThroughputCollector() throws Exception {
        Path options = Path.of("jvm.options").toAbsolutePath();
        assertThat(options).exists();
        Process java = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "@" + options, "-XX:+PrintCommandLineFlags", "-version").redirectErrorStream(true).start();
        String output = new String(java.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(java.waitFor()).as(output).isZero();
        assertThat(output).contains("-XX:+UseParallelGC");
        assertThat(Files.readAllLines(options)).as("every line a comment or an option")
                .allMatch(line -> line.isBlank() || line.startsWith("#") || line.startsWith("-"));
    }
}
