package io.vigil.common.security;

import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.RequestScoped;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.quarkus.arc.ClientProxy;
import io.quarkus.oidc.runtime.OidcJwtCallerPrincipal;
import io.vigil.common.rest.ProblemException;

/**
 * Which subscriptions (tenants) the caller's token covers, from its {@code subscriptions} claim; {@code *} is for
 * platform operators. Another tenant's data answers 404, never 403, so ids of other tenants do not leak.
 */
@RequestScoped
public class Tenancy {

    public static final String CLAIM = "subscriptions";
    public static final String ALL = "*";

    private final JsonWebToken token;

    public Tenancy(JsonWebToken token) {
        this.token = token;
    }

    public Set<String> subscriptions() {
        Object claim = claim();
        if (claim instanceof jakarta.json.JsonArray array) {
            return Set.copyOf(array.getValuesAs(jakarta.json.JsonString::getString));
        }
        if (claim instanceof java.util.Collection<?> values) {
            return values.stream().map(String::valueOf).collect(java.util.stream.Collectors.toUnmodifiableSet());
        }
        if (claim instanceof jakarta.json.JsonString single) {
            return Set.of(single.getString());
        }
        return claim instanceof String single ? Set.of(single) : Set.of();
    }

    /**
     * The claim as the token holds it. smallrye-jwt looks every claim name up among the standard claims first and
     * throws for any other name, filling in a stack trace each time (a percent of ingest's CPU, once per request): an
     * OIDC token's claims are read without that detour. {@code OidcJwtCallerPrincipal} is in quarkus-oidc's runtime
     * package, not its API; a token of any other type still answers through {@code getClaim}.
     */
    private Object claim() {
        if (ClientProxy.unwrap(token) instanceof OidcJwtCallerPrincipal oidc) {
            return oidc.getClaims().getClaimValue(CLAIM);
        }
        return token.getClaim(CLAIM);
    }

    public boolean allowsAll() {
        return subscriptions().contains(ALL);
    }

    public boolean covers(String subscriptionId) {
        Set<String> granted = subscriptions();
        return granted.contains(ALL) || granted.contains(subscriptionId);
    }

    /** Fails with 404 when the token does not cover the subscription. */
    public void require(String subscriptionId) {
        if (!covers(subscriptionId)) {
            throw new ProblemException(404, "subscription-not-found", "Subscription not found",
                    "No subscription '" + subscriptionId + "' is visible to this token");
        }
    }

    /** The subscriptions to filter a listing by; empty means all (operator token). */
    public List<String> visible() {
        return allowsAll() ? List.of() : List.copyOf(subscriptions());
    }
}
