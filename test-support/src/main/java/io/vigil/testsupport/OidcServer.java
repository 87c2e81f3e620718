package io.vigil.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.smallrye.jwt.build.Jwt;

/**
 * A small but real OpenID Connect provider for tests: discovery, a JWKS with a fresh RSA key, and a token endpoint
 * for the password and client-credentials grants. Tokens are shaped like Keycloak's (realm roles under
 * {@code realm_access.roles}, the {@code subscriptions} claim of the Vigil realm), so services validate them exactly
 * as they validate production tokens: discovery over HTTP, then the signature against the JWKS.
 */
public final class OidcServer implements AutoCloseable {

    /** Who may get a token: a user (password grant) or a machine client (client-credentials grant). */
    public record Account(String name, String secret, Set<String> roles, List<String> subscriptions) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KEY_ID = "vigil-test-key";

    private final Map<String, Account> users = new ConcurrentHashMap<>();
    private final Map<String, Account> clients = new ConcurrentHashMap<>();
    private final KeyPair keys = rsaKeys();
    private final HttpClient http = HttpClient.newHttpClient();
    private HttpServer server;

    public OidcServer start() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", Procs.freePort()), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/realms/vigil/.well-known/openid-configuration", ex -> json(ex, 200, discovery()));
        server.createContext("/realms/vigil/protocol/openid-connect/certs", ex -> json(ex, 200, jwks()));
        server.createContext("/realms/vigil/protocol/openid-connect/token", this::token);
        server.start();
        return this;
    }

    /** The value services take as {@code quarkus.oidc.auth-server-url}. */
    public String issuer() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/realms/vigil";
    }

    public OidcServer user(String name, String password, Set<String> roles, List<String> subscriptions) {
        users.put(name, new Account(name, password, roles, subscriptions));
        return this;
    }

    public OidcServer client(String clientId, String secret, Set<String> roles, List<String> subscriptions) {
        clients.put(clientId, new Account(clientId, secret, roles, subscriptions));
        return this;
    }

    /** Logs a registered user in through the token endpoint (password grant) and returns the access token. */
    public String passwordToken(String user, String password) {
        return requestToken(Map.of("grant_type", "password", "client_id", "vigil-cli", "username", user,
                "password", password));
    }

    /** Authenticates a registered client through the token endpoint (client-credentials grant). */
    public String clientToken(String clientId, String secret) {
        return requestToken(Map.of("grant_type", "client_credentials", "client_id", clientId,
                "client_secret", secret));
    }

    /** Registers a throw-away user with these roles and subscriptions and logs it in. */
    public String tokenFor(Set<String> roles, List<String> subscriptions) {
        String name = "user-" + UUID.randomUUID();
        user(name, name, roles, subscriptions);
        return passwordToken(name, name);
    }

    @Override
    public void close() {
        if (server != null) {
            server.stop(0);
        }
    }

    private String requestToken(Map<String, String> form) {
        StringBuilder body = new StringBuilder();
        form.forEach((k, v) -> body.append(body.isEmpty() ? "" : "&").append(k).append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(issuer()
                    + "/protocol/openid-connect/token"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("token request refused: " + response.body());
            }
            return JSON.readTree(response.body()).get("access_token").asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void token(HttpExchange exchange) throws IOException {
        Map<String, String> form = parseForm(exchange.getRequestBody());
        Account account = switch (form.getOrDefault("grant_type", "")) {
            case "password" -> authenticate(users, form.get("username"), form.get("password"));
            case "client_credentials" -> authenticate(clients, form.get("client_id"), form.get("client_secret"));
            default -> null;
        };
        if (account == null) {
            json(exchange, 401, Map.of("error", "invalid_grant"));
            return;
        }
        String token = Jwt.issuer(issuer())
                .subject(UUID.nameUUIDFromBytes(account.name().getBytes(StandardCharsets.UTF_8)).toString())
                .upn(account.name())
                .preferredUserName(account.name())
                .claim("azp", form.getOrDefault("client_id", "vigil-cli"))
                .claim("typ", "Bearer")
                .claim("realm_access", Map.of("roles", List.copyOf(account.roles())))
                .claim("subscriptions", account.subscriptions())
                .expiresIn(600)
                .jws().keyId(KEY_ID).sign(keys.getPrivate());
        json(exchange, 200, Map.of("access_token", token, "token_type", "Bearer", "expires_in", 600));
    }

    private static Account authenticate(Map<String, Account> accounts, String name, String secret) {
        Account account = name == null ? null : accounts.get(name);
        return account != null && account.secret().equals(secret) ? account : null;
    }

    private Map<String, Object> discovery() {
        String base = issuer() + "/protocol/openid-connect";
        return Map.of("issuer", issuer(), "jwks_uri", base + "/certs", "token_endpoint", base + "/token",
                "authorization_endpoint", base + "/auth", "grant_types_supported",
                List.of("password", "client_credentials"), "id_token_signing_alg_values_supported", List.of("RS256"));
    }

    private Map<String, Object> jwks() {
        RSAPublicKey key = (RSAPublicKey) keys.getPublic();
        return Map.of("keys", List.of(Map.of("kty", "RSA", "use", "sig", "alg", "RS256", "kid", KEY_ID,
                "n", base64Url(key.getModulus()), "e", base64Url(key.getPublicExponent()))));
    }

    private static String base64Url(BigInteger value) {
        byte[] bytes = value.toByteArray();
        int skip = bytes.length > 1 && bytes[0] == 0 ? 1 : 0;
        byte[] unsigned = java.util.Arrays.copyOfRange(bytes, skip, bytes.length);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(unsigned);
    }

    private static Map<String, String> parseForm(InputStream in) throws IOException {
        Map<String, String> form = new HashMap<>();
        for (String pair : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("&")) {
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

    private static KeyPair rsaKeys() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
