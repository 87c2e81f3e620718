package io.vigil.testsupport;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** GreenMail as a real SMTP server in a child JVM; its REST API lets tests read what was delivered. */
public final class GreenMailServer implements AutoCloseable {

    private final int smtpPort = Procs.freePort();
    private final int apiPort = Procs.freePort();
    private final HttpClient http = HttpClient.newHttpClient();
    private Process process;

    public GreenMailServer start() {
        Path jar = Procs.infraDir().resolve("greenmail/greenmail-standalone.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException("GreenMail jar missing at " + jar + ": build infra-dist first");
        }
        Path dir = Procs.workDir("greenmail");
        Path log = dir.resolve("greenmail.log");
        process = Procs.start(List.of(Procs.javaBin(), "-Xmx256m",
                "-Dgreenmail.smtp.hostname=127.0.0.1", "-Dgreenmail.smtp.port=" + smtpPort,
                "-Dgreenmail.hostname=127.0.0.1", "-Dgreenmail.api.hostname=127.0.0.1",
                "-Dgreenmail.api.port=" + apiPort, "-Dgreenmail.auth.disabled", "-jar", jar.toString()),
                dir, Map.of(), log);
        Procs.awaitPort("GreenMail SMTP", process, smtpPort, Duration.ofSeconds(60), log);
        Procs.awaitPort("GreenMail API", process, apiPort, Duration.ofSeconds(60), log);
        return this;
    }

    public int smtpPort() {
        return smtpPort;
    }

    public String apiUrl() {
        return "http://127.0.0.1:" + apiPort;
    }

    /** The raw JSON GreenMail's API returns for the address's inbox (each message with its whole MIME text). */
    public String inbox(String address) {
        return get("/api/user/" + address + "/messages/INBOX");
    }

    public void purge() {
        send(HttpRequest.newBuilder(URI.create(apiUrl() + "/api/mail/purge"))
                .POST(HttpRequest.BodyPublishers.noBody()).build());
    }

    private String get(String path) {
        return send(HttpRequest.newBuilder(URI.create(apiUrl() + path)).GET().build());
    }

    private String send(HttpRequest request) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? response.body() : "[]";
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public void stop() {
        Procs.stop(process, Duration.ofSeconds(10));
    }

    @Override
    public void close() {
        stop();
    }
}
