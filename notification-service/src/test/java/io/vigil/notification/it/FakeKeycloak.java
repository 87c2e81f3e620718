package io.vigil.notification.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A real HTTP server with the shape of Keycloak's token endpoint and admin API
 * ({@code GET /admin/realms/{realm}/roles/{role}/users}, paged with {@code first}/{@code max}), for the Keycloak
 * role directory. Role {@code vigil-admin} has 150 filler users of another subscription, so that the people who
 * matter are spread over two pages; role {@code broken} answers 500; unknown roles 404.
 */
public class FakeKeycloak implements QuarkusTestResourceLifecycleManager {

    static final String CLIENT_ID = "vigil-notification";
    static final String CLIENT_SECRET = "kc-client-secret";
    private static final ObjectMapper JSON = new ObjectMapper();

    static final AtomicInteger tokens = new AtomicInteger();
    static final Map<String, AtomicInteger> lookups = new ConcurrentHashMap<>();
    static final List<String> problems = new java.util.concurrent.CopyOnWriteArrayList<>();
    private static final Map<String, List<Map<String, Object>>> roles = new HashMap<>();
    private HttpServer server;

    static {
        List<Map<String, Object>> admins = new ArrayList<>();
        admins.add(user("ada", "Ada@KC.example", true, List.of("sub-kc")));
        admins.add(user("operator", "op@kc.example", true, List.of("*")));
        admins.add(user("other", "other@kc.example", true, List.of("sub-elsewhere")));
        admins.add(user("gone", "gone@kc.example", false, List.of("sub-kc")));
        admins.add(user("mailless", null, true, List.of("sub-kc")));
        for (int i = 0; i < 150; i++) {
            admins.add(user("filler-" + i, "filler-" + i + "@kc.example", true, List.of("sub-filler")));
        }
        admins.add(user("late", "late@kc.example", true, List.of("sub-other", "sub-kc")));
        roles.put("vigil-admin", admins);
    }

    private static Map<String, Object> user(String name, String email, boolean enabled, List<String> subscriptions) {
        Map<String, Object> user = new HashMap<>();
        user.put("id", java.util.UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString());
        user.put("username", name);
        if (email != null) {
            user.put("email", email);
        }
        user.put("enabled", enabled);
        user.put("attributes", Map.of("subscriptions", subscriptions));
        return user;
    }

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/realms/vigil/protocol/openid-connect/token", this::token);
        server.createContext("/admin/realms/vigil/roles/", this::roleUsers);
        server.start();
        String url = "http://127.0.0.1:" + server.getAddress().getPort();
        return Map.of("vigil.notification.keycloak.url", url,
                "vigil.notification.keycloak.client-id", CLIENT_ID,
                "vigil.notification.keycloak.client-secret", CLIENT_SECRET,
                "vigil.notification.keycloak.cache-ttl", "3s");
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private void token(HttpExchange exchange) throws IOException {
        Map<String, String> form = form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        if (!"POST".equals(exchange.getRequestMethod()) || !"client_credentials".equals(form.get("grant_type"))
                || !CLIENT_ID.equals(form.get("client_id")) || !CLIENT_SECRET.equals(form.get("client_secret"))) {
            problems.add("bad token request: " + form.keySet());
            json(exchange, 401, Map.of("error", "unauthorized_client"));
            return;
        }
        json(exchange, 200, Map.of("access_token", "kc-token-" + tokens.incrementAndGet(), "expires_in", 300,
                "token_type", "Bearer"));
    }

    private void roleUsers(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath(); // /admin/realms/vigil/roles/{role}/users
        String[] parts = path.split("/");
        if (parts.length != 7 || !"users".equals(parts[6])) {
            json(exchange, 404, Map.of("error", "not found"));
            return;
        }
        String role = parts[5];
        String auth = exchange.getRequestHeaders().getFirst("Authorization");
        if (auth == null || !auth.startsWith("Bearer kc-token-")) {
            problems.add("role lookup without a token");
            json(exchange, 401, Map.of("error", "HTTP 401 Unauthorized"));
            return;
        }
        Map<String, String> query = form(exchange.getRequestURI().getRawQuery());
        if (!"false".equals(query.get("briefRepresentation"))) {
            problems.add("brief representation asked for: attributes would be missing");
        }
        lookups.computeIfAbsent(role, r -> new AtomicInteger()).incrementAndGet();
        if ("broken".equals(role) || "vigil-responder".equals(role)) {
            json(exchange, 500, Map.of("error", "unknown_error"));
            return;
        }
        List<Map<String, Object>> users = roles.get(role);
        if (users == null) {
            json(exchange, 404, Map.of("error", "Could not find role"));
            return;
        }
        int first = Integer.parseInt(query.getOrDefault("first", "0"));
        int max = Integer.parseInt(query.getOrDefault("max", "100"));
        json(exchange, 200, users.subList(Math.min(first, users.size()), Math.min(first + max, users.size())));
    }

    private static Map<String, String> form(String encoded) {
        Map<String, String> form = new HashMap<>();
        if (encoded == null) {
            return form;
        }
        for (String pair : encoded.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                form.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return form;
    }

    private static void json(HttpExchange exchange, int status, Object body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }
}
