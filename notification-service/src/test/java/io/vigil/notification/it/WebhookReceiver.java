package io.vigil.notification.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A webhook receiver as a SIEM would run one: verifies {@code Vigil-Signature} against the shared secret and the
 * {@code Vigil-Timestamp} (within five minutes), answers 500 to the first {@code failFirst} requests of every event
 * id, then 200, and keeps what it accepted, deduplicating by {@code Vigil-Event-Id}.
 */
final class WebhookReceiver implements AutoCloseable {

    record Request(String path, Map<String, List<String>> headers, String body, boolean signatureValid, int status) {

        String header(String name) {
            for (var e : headers.entrySet()) {
                if (e.getKey().equalsIgnoreCase(name)) {
                    return e.getValue().get(0);
                }
            }
            return null;
        }
    }

    final List<Request> requests = new CopyOnWriteArrayList<>();
    /** Accepted deliveries by event id and path: a second acceptance would be a duplicate the receiver saw. */
    final Map<String, AtomicInteger> accepted = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> seen = new ConcurrentHashMap<>();
    private final String secret;
    private final int failFirst;
    private final HttpServer server;

    WebhookReceiver(String secret, int failFirst) {
        this.secret = secret;
        this.failFirst = failFirst;
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::handle);
        server.start();
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    List<Request> to(String path) {
        return requests.stream().filter(r -> r.path().equals(path)).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        String path = exchange.getRequestURI().getPath();
        Map<String, List<String>> headers = Map.copyOf(exchange.getRequestHeaders());
        String timestamp = exchange.getRequestHeaders().getFirst("Vigil-Timestamp");
        String signature = exchange.getRequestHeaders().getFirst("Vigil-Signature");
        boolean valid = timestamp != null && signature != null
                && Math.abs(System.currentTimeMillis() / 1000 - Long.parseLong(timestamp)) < 300
                && java.security.MessageDigest.isEqual(signature.getBytes(StandardCharsets.US_ASCII),
                        ("v1=" + hmac(timestamp, body)).getBytes(StandardCharsets.US_ASCII));
        String id = exchange.getRequestHeaders().getFirst("Vigil-Event-Id") + " " + path;
        int attempt = seen.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
        int status = attempt <= failFirst ? 500 : 200;
        if (status == 200) {
            accepted.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
        }
        requests.add(new Request(path, headers, new String(body, StandardCharsets.UTF_8), valid, status));
        exchange.sendResponseHeaders(status, -1);
        exchange.close();
    }

    private String hmac(String timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(mac.doFinal(body));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
