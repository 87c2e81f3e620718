package io.vigil.testsupport;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A packaged Vigil service ({@code target/quarkus-app}) running in its own JVM, configured by system properties. */
public final class ServiceProcess implements AutoCloseable {

    private final String name;
    private final int port = Procs.freePort();
    private final Path log;
    private Process process;

    private ServiceProcess(String name, Path log) {
        this.name = name;
        this.log = log;
    }

    /** JVM options for tests: quick to start, small; not what production or a benchmark should run with. */
    public static final List<String> TEST_JVM = List.of("-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");

    /** Starts {@code <root>/<module>/target/quarkus-app/quarkus-run.jar} on a free port with the given config. */
    public static ServiceProcess start(Path root, String module, Map<String, String> config) {
        return start(root, module, config, TEST_JVM);
    }

    public static ServiceProcess start(Path root, String module, Map<String, String> config, List<String> jvm) {
        Path jar = root.resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: package " + module + " first");
        }
        Path dir = Procs.workDir(module);
        ServiceProcess service = new ServiceProcess(module, dir.resolve(module + ".log"));
        List<String> command = new ArrayList<>(List.of(Procs.javaBin()));
        command.addAll(jvm);
        command.add("-Dquarkus.http.port=" + service.port);
        config.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.addAll(List.of("-jar", jar.toString()));
        service.process = Procs.start(command, dir, Map.of(), service.log);
        return service;
    }

    /** Waits until the service's readiness check (its Kafka and database connections) reports UP. */
    public ServiceProcess awaitReady(Duration timeout) {
        Procs.awaitPort(name, process, port, timeout, log);
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited; see " + log + Procs.tail(log));
            }
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url() + "/q/health/ready"))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return this;
                }
                last = response.body();
            } catch (java.io.IOException notYet) {
                last = notYet.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            Procs.sleep(250);
        }
        throw new IllegalStateException(name + " not ready within " + timeout + ": " + last + "; see " + log
                + Procs.tail(log));
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public Path log() {
        return log;
    }

    /** The running JVM, e.g. for the CPU time a benchmark charges to it. */
    public ProcessHandle handle() {
        return process.toHandle();
    }

    /** SIGKILL: the process gets no chance to finish anything, as in a crash or an OOM kill. */
    public void crash() {
        process.destroyForcibly();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        Procs.stop(process, Duration.ofSeconds(20));
    }
}
