package io.vigil.common.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jose4j.jwt.JwtClaims;
import org.junit.jupiter.api.Test;

import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.oidc.runtime.OidcJwtCallerPrincipal;
import io.vigil.common.rest.ProblemException;
import jakarta.json.Json;

class TenancyTest {

    @Test
    void readsTheClaimInEveryShapeATokenLibraryHandsOver() {
        assertThat(tenancy(Json.createArrayBuilder().add("a").add("b").build()).subscriptions())
                .containsExactlyInAnyOrder("a", "b");
        assertThat(tenancy(List.of("a")).subscriptions()).containsExactly("a");
        assertThat(tenancy(Json.createValue("a")).subscriptions()).containsExactly("a");
        assertThat(tenancy("a").subscriptions()).containsExactly("a");
        assertThat(tenancy(null).subscriptions()).isEmpty();
    }

    @Test
    void readsAnOidcTokensClaimStraightFromItsClaims() {
        JwtClaims claims = new JwtClaims();
        claims.setStringListClaim(Tenancy.CLAIM, "a", "b");
        assertThat(new Tenancy(oidcToken(claims)).subscriptions()).containsExactlyInAnyOrder("a", "b");
        assertThat(new Tenancy(oidcToken(new JwtClaims())).subscriptions()).isEmpty();
    }

    /** An OIDC principal whose claims must be read straight from its JwtClaims, not through getClaim. */
    private static OidcJwtCallerPrincipal oidcToken(JwtClaims claims) {
        return new OidcJwtCallerPrincipal(claims, new AccessTokenCredential("token")) {
            @Override
            public <T> T getClaim(String name) {
                throw new AssertionError("getClaim looks a custom claim up among the standard ones and throws");
            }
        };
    }

    @Test
    void coversOnlyWhatTheTokenGrants() {
        Tenancy tenant = tenancy(List.of("sub-a"));
        assertThat(tenant.covers("sub-a")).isTrue();
        assertThat(tenant.covers("sub-b")).isFalse();
        assertThat(tenant.visible()).containsExactly("sub-a");
        assertThatThrownBy(() -> tenant.require("sub-b")).isInstanceOf(ProblemException.class)
                .extracting(e -> ((ProblemException) e).status()).isEqualTo(404);
    }

    @Test
    void operatorsSeeEverySubscription() {
        Tenancy operator = tenancy(List.of("*"));
        assertThat(operator.covers("anything")).isTrue();
        assertThat(operator.visible()).as("no filter").isEmpty();
    }

    @Test
    void aTokenWithoutTheClaimSeesNothing() {
        Tenancy none = tenancy(null);
        assertThat(none.covers("sub-a")).isFalse();
        assertThat(none.allowsAll()).isFalse();
    }

    private static Tenancy tenancy(Object claim) {
        Map<String, Object> claims = claim == null ? Map.of() : Map.of(Tenancy.CLAIM, claim);
        return new Tenancy(new JsonWebToken() {
            @Override
            public String getName() {
                return "test";
            }

            @Override
            public Set<String> getClaimNames() {
                return claims.keySet();
            }

            @Override
            @SuppressWarnings("unchecked")
            public <T> T getClaim(String name) {
                return (T) claims.get(name);
            }
        });
    }
}
