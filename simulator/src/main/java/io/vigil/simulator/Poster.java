package io.vigil.simulator;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.vigil.events.AccessEvent;

/**
 * Posts events to ingest-service in batches per subscription, at most {@code rate} events per second, with a bearer
 * token (never printed). A 429 or 503 is retried after its Retry-After; any other error stops the run.
 */
final class Poster implements AutoCloseable {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final String base;
    private final String token;
    private final VendorFormat format;
    private final int rate;
    private final int batch;
    private final Map<String, List<String>> pending = new HashMap<>();
    private final long started = System.nanoTime();
    private long sent;

    Poster(String base, String token, VendorFormat format, int rate, int batch) {
        this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        this.token = token;
        this.format = format;
        this.rate = rate;
        this.batch = batch;
    }

    void add(AccessEvent event) {
        List<String> lines = pending.computeIfAbsent(event.subscriptionId(), s -> new ArrayList<>());
        lines.add(format.line(event));
        if (lines.size() >= batch) {
            flush(event.subscriptionId());
        }
    }

    private void flush(String subscription) {
        List<String> lines = pending.remove(subscription);
        if (lines == null || lines.isEmpty()) {
            return;
        }
        pace(lines.size());
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/api/v1/subscriptions/" + subscription
                        + "/events/" + format.name))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/x-ndjson")
                .timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofString(String.join("\n", lines)))
                .build();
        for (int attempt = 1; ; attempt++) {
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 202) {
                    sent += lines.size();
                    return;
                }
                if ((response.statusCode() == 429 || response.statusCode() == 503) && attempt < 10) {
                    long wait = response.headers().firstValue("Retry-After").map(Long::parseLong).orElse(1L);
                    Thread.sleep(Duration.ofSeconds(wait).toMillis());
                    continue;
                }
                throw new IllegalStateException("ingest answered " + response.statusCode() + " for subscription "
                        + subscription + ": " + response.body());
            } catch (IOException e) {
                throw new IllegalStateException("posting to " + base + " failed: " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
    }

    /** Sleeps so that the events sent so far plus these stay within the target rate. */
    private void pace(int next) {
        long dueNanos = (long) ((sent + next) * 1e9 / rate);
        long ahead = dueNanos - (System.nanoTime() - started);
        if (ahead > 0) {
            try {
                Thread.sleep(ahead / 1_000_000, (int) (ahead % 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void close() {
        new ArrayList<>(pending.keySet()).forEach(this::flush);
    }
}
