package io.vigil.notification.recipients;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.MultiMap;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.ext.web.client.HttpResponse;
import io.vertx.mutiny.ext.web.client.WebClient;
import io.vigil.common.security.Tenancy;
import io.vigil.notification.config.NotificationConfig;

/**
 * Role holders from Keycloak's admin API: a client-credentials token, then
 * {@code GET /admin/realms/{realm}/roles/{role}/users} (paged, full representations so the {@code subscriptions}
 * attribute comes along), keeping enabled users with an email whose subscriptions cover the alert's ({@code *}
 * covers all). A role's members are cached for the configured TTL. When Keycloak cannot be asked, the members read
 * last are used, or the static directory when there are none; the log says so, never with the token.
 * <p>
 * Keycloak lists users the role is mapped to directly, not through groups or composite roles.
 */
public class KeycloakRoleDirectory implements RoleDirectory {

    static final int PAGE = 100;

    /** A role holder: where to write and which subscriptions the person sees. */
    record Member(String email, Set<String> subscriptions) {

        boolean covers(String subscriptionId) {
            return subscriptions.contains(Tenancy.ALL) || subscriptions.contains(subscriptionId);
        }
    }

    private record Cached(List<Member> members, Instant fetchedAt) {
    }

    private record Token(String value, Instant renewAt) {
    }

    private final WebClient client;
    private final NotificationConfig.Keycloak config;
    private final RoleDirectory fallback;
    private final Clock clock;
    private final String base;
    private final ConcurrentMap<String, Cached> cache = new ConcurrentHashMap<>();
    private volatile Token token;

    public KeycloakRoleDirectory(Vertx vertx, NotificationConfig.Keycloak config, RoleDirectory fallback, Clock clock) {
        int timeout = (int) config.timeout().toMillis();
        this.client = WebClient.create(vertx, new WebClientOptions().setConnectTimeout(timeout)
                .setFollowRedirects(false).setUserAgent("Vigil-notification"));
        this.config = config;
        this.fallback = fallback;
        this.clock = clock;
        String url = config.url().orElseThrow();
        this.base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    @Override
    public Uni<List<String>> emails(String role, String subscriptionId) {
        Instant now = clock.instant();
        Cached cached = cache.get(role);
        if (cached != null && cached.fetchedAt().plus(config.cacheTtl()).isAfter(now)) {
            return Uni.createFrom().item(filter(cached.members(), subscriptionId));
        }
        return members(role)
                .map(members -> {
                    cache.put(role, new Cached(members, clock.instant()));
                    return filter(members, subscriptionId);
                })
                .onFailure().recoverWithUni(e -> {
                    if (cached != null) {
                        Log.warnf("Keycloak could not list the holders of role %s (%s); using those read at %s", role,
                                e.getMessage(), cached.fetchedAt());
                        return Uni.createFrom().item(filter(cached.members(), subscriptionId));
                    }
                    Log.warnf("Keycloak could not list the holders of role %s (%s); using the static role directory",
                            role, e.getMessage());
                    return fallback.emails(role, subscriptionId);
                });
    }

    static List<String> filter(List<Member> members, String subscriptionId) {
        return members.stream().filter(m -> m.covers(subscriptionId)).map(Member::email).distinct().toList();
    }

    Uni<List<Member>> members(String role) {
        return token().chain(bearer -> page(role, bearer, 0, new ArrayList<>()));
    }

    private Uni<List<Member>> page(String role, String bearer, int first, List<Member> into) {
        String path = "/admin/realms/" + encode(config.realm()) + "/roles/" + encode(role) + "/users";
        return client.getAbs(base + path)
                .addQueryParam("first", String.valueOf(first))
                .addQueryParam("max", String.valueOf(PAGE))
                .addQueryParam("briefRepresentation", "false")
                .bearerTokenAuthentication(bearer)
                .timeout(config.timeout().toMillis())
                .send()
                .chain(response -> {
                    if (response.statusCode() == 404) {
                        // the realm has no such role: nobody holds it
                        return Uni.createFrom().item(into);
                    }
                    if (response.statusCode() == 401) {
                        token = null;
                    }
                    if (response.statusCode() != 200) {
                        return Uni.createFrom().failure(new IllegalStateException(
                                "role users answered HTTP " + response.statusCode()));
                    }
                    JsonArray users = response.bodyAsJsonArray();
                    for (int i = 0; i < users.size(); i++) {
                        Member member = member(users.getJsonObject(i));
                        if (member != null) {
                            into.add(member);
                        }
                    }
                    return users.size() < PAGE ? Uni.createFrom().item(into) : page(role, bearer, first + PAGE, into);
                });
    }

    static Member member(JsonObject user) {
        if (user == null || Boolean.FALSE.equals(user.getBoolean("enabled", true))) {
            return null;
        }
        String email = user.getString("email");
        if (email == null || email.isBlank()) {
            return null;
        }
        Set<String> subscriptions = new LinkedHashSet<>();
        JsonObject attributes = user.getJsonObject("attributes");
        Object values = attributes == null ? null : attributes.getValue(Tenancy.CLAIM);
        if (values instanceof JsonArray array) {
            for (Object value : array) {
                addAll(subscriptions, String.valueOf(value));
            }
        } else if (values instanceof String single) {
            addAll(subscriptions, single);
        }
        return new Member(email.trim().toLowerCase(Locale.ROOT), Set.copyOf(subscriptions));
    }

    private static void addAll(Set<String> into, String value) {
        for (String part : value.split(",")) {
            if (!part.isBlank()) {
                into.add(part.trim());
            }
        }
    }

    private Uni<String> token() {
        Token current = token;
        if (current != null && current.renewAt().isAfter(clock.instant())) {
            return Uni.createFrom().item(current.value());
        }
        MultiMap form = MultiMap.caseInsensitiveMultiMap()
                .add("grant_type", "client_credentials")
                .add("client_id", config.clientId().orElseThrow())
                .add("client_secret", config.clientSecret().orElseThrow());
        return client.postAbs(base + "/realms/" + encode(config.realm()) + "/protocol/openid-connect/token")
                .timeout(config.timeout().toMillis())
                .sendForm(form)
                .map(this::readToken);
    }

    private String readToken(HttpResponse<?> response) {
        if (response.statusCode() != 200) {
            throw new IllegalStateException("the token endpoint answered HTTP " + response.statusCode());
        }
        JsonObject body = response.bodyAsJsonObject();
        String value = body == null ? null : body.getString("access_token");
        if (value == null) {
            throw new IllegalStateException("the token endpoint answered without an access token");
        }
        long expiresIn = body.getLong("expires_in", 60L);
        // renew a little before it expires
        Duration life = Duration.ofSeconds(Math.max(0, expiresIn - Math.min(30, expiresIn / 2)));
        token = new Token(value, clock.instant().plus(life));
        return value;
    }

    private static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
