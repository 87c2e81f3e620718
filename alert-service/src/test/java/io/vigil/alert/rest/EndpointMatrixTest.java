package io.vigil.alert.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.vigil.alert.AlertServiceTest;

/**
 * Every endpoint × every kind of caller, with tokens from the real OIDC server: no token answers 401, a role below
 * the endpoint's answers 403, an administrator of another subscription answers 404 (the subscription does not exist
 * for that token), and a caller with the role gets a 2xx. The endpoints are a data table ({@link #ENDPOINTS}): a new
 * endpoint is one row, and {@link #theOpenApiDocumentListsExactlyTheEndpointsOfTheMatrix} fails until it has one.
 */
@QuarkusTest
class EndpointMatrixTest extends AlertServiceTest {

    /** Who may call an endpoint: every Vigil role, responders and administrators, or administrators only. */
    enum Access {
        READ(Set.of("vigil-viewer", "vigil-responder", "vigil-admin")),
        RESPOND(Set.of("vigil-responder", "vigil-admin")),
        ADMIN(Set.of("vigil-admin"));

        final Set<String> roles;

        Access(Set<String> roles) {
            this.roles = roles;
        }
    }

    /** The callers every endpoint is tried with; all but the last hold the subscription in their token. */
    enum Caller {
        NO_TOKEN(null), VIEWER("vigil-viewer"), RESPONDER("vigil-responder"), ADMIN("vigil-admin"),
        ADMIN_OF_ANOTHER_SUBSCRIPTION("vigil-admin");

        final String role;

        Caller(String role) {
            this.role = role;
        }
    }

    /**
     * One endpoint as OpenAPI names it. {@code {subscriptionId}}, {@code {alertId}} and {@code {ruleId}} are filled
     * with the matrix's subscription and with an alert and a rule of it; {@code fresh} makes the row get a new alert
     * or rule on every call (for calls that change or delete it). {@code ifMatchFrom} is read first for its ETag.
     */
    record Endpoint(String method, String path, Access access, String body, String ifMatchFrom, String fresh) {

        Endpoint body(String json) {
            return new Endpoint(method, path, access, json, ifMatchFrom, fresh);
        }

        Endpoint ifMatchFrom(String resource) {
            return new Endpoint(method, path, access, body, resource, fresh);
        }

        Endpoint fresh(String parameter) {
            return new Endpoint(method, path, access, body, ifMatchFrom, parameter);
        }

        boolean tenantScoped() {
            return path.contains("{subscriptionId}");
        }

        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    private static final String SUB = "/api/v1/subscriptions/{subscriptionId}";
    private static final String RULE = """
            {"name": "%s", "alertType": "KV_TORAccess", "reason": "Noise",
             "conditions": [{"field": "principal.upn", "in": ["scanner@contoso.com"]}]}""";

    static final List<Endpoint> ENDPOINTS = List.of(
            // alerts
            get("/api/v1/alerts", Access.READ),
            get(SUB + "/alerts", Access.READ),
            get(SUB + "/alerts/statistics", Access.READ),
            post(SUB + "/alerts/status", Access.RESPOND).body("{\"filter\": {\"type\": \"KV_TORAccess\"}, "
                    + "\"status\": \"IN_PROGRESS\", \"comment\": \"matrix\", \"dryRun\": true}"),
            // vaults
            get(SUB + "/vaults", Access.READ),
            get(SUB + "/vaults/{vault}/security", Access.READ),
            get(SUB + "/alerts/{alertId}", Access.READ),
            post(SUB + "/alerts/{alertId}/status", Access.RESPOND).fresh("alertId")
                    .ifMatchFrom(SUB + "/alerts/{alertId}")
                    .body("{\"status\": \"IN_PROGRESS\", \"comment\": \"matrix\"}"),
            post(SUB + "/sample-alerts", Access.RESPOND),
            // suppression rules
            get(SUB + "/suppression-rules", Access.READ),
            post(SUB + "/suppression-rules", Access.RESPOND).body(RULE.formatted("matrix-{unique}")),
            get(SUB + "/suppression-rules/{ruleId}", Access.READ),
            put(SUB + "/suppression-rules/{ruleId}", Access.RESPOND).fresh("ruleId")
                    .ifMatchFrom(SUB + "/suppression-rules/{ruleId}").body(RULE.formatted("matrix-{unique}")),
            delete(SUB + "/suppression-rules/{ruleId}", Access.RESPOND).fresh("ruleId"),
            get(SUB + "/suppression-rules/{ruleId}/audit", Access.READ),
            post(SUB + "/suppression-rules/simulate", Access.RESPOND)
                    .body("{\"alertType\": \"*\", \"conditions\": [{\"field\": \"vault.name\", \"in\": [\"kv-x\"]}]}"),
            // settings
            get(SUB + "/settings", Access.READ),
            put(SUB + "/settings", Access.ADMIN).ifMatchFrom(SUB + "/settings")
                    .body("{\"protectionEnabled\": true, \"trustedNetworks\": [\"10.0.0.0/8\"]}"),
            get(SUB + "/settings/detection-exceptions", Access.READ),
            put(SUB + "/settings/detection-exceptions", Access.ADMIN).ifMatchFrom(SUB + "/settings")
                    .body("[{\"name\": \"backup\", \"alertTypes\": [\"*\"], "
                            + "\"fields\": {\"principal.appId\": [\"backup-agent\"]}}]"),
            get(SUB + "/settings/notifications", Access.READ),
            put(SUB + "/settings/notifications", Access.ADMIN).ifMatchFrom(SUB + "/settings")
                    .body("{\"enabled\": true, \"minimumSeverity\": \"MEDIUM\", \"roles\": [\"vigil-admin\"]}"),
            get(SUB + "/settings/exports", Access.READ),
            put(SUB + "/settings/exports", Access.ADMIN).ifMatchFrom(SUB + "/settings")
                    .body("[{\"name\": \"siem\", \"kind\": \"SYSLOG_CEF\", \"target\": \"siem.example.com:6514\"}]"),
            // usage and audit
            get(SUB + "/usage", Access.READ),
            get(SUB + "/audit-log", Access.RESPOND));

    private static final String SUBSCRIPTION = subscription("sub-matrix");
    private static final String OTHER_SUBSCRIPTION = SUBSCRIPTION + "-other";
    /** The vault the sample alerts (the matrix's fixtures) name. */
    private static final String SAMPLE_VAULT = "kv-sample-payments";
    private static final Map<String, String> FIXTURES = new ConcurrentHashMap<>();

    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (Endpoint endpoint : ENDPOINTS) {
            for (Caller caller : Caller.values()) {
                cases.add(Arguments.of(endpoint, caller));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} as {1}")
    @MethodSource("cases")
    void everyEndpointAnswersEveryCallerAsItsRoleAndTenantDecide(Endpoint endpoint, Caller caller) {
        Response response = call(endpoint, caller);
        int status = response.statusCode();
        String type = response.contentType() != null && response.contentType().startsWith("application/problem+json")
                ? response.jsonPath().getString("type") : "";
        if (caller == Caller.NO_TOKEN) {
            assertThat(status).as(endpoint + " without a token").isEqualTo(401);
        } else if (!endpoint.access().roles.contains(caller.role)) {
            assertThat(status).as(endpoint + " as " + caller).isEqualTo(403);
        } else if (caller == Caller.ADMIN_OF_ANOTHER_SUBSCRIPTION && endpoint.tenantScoped()) {
            assertThat(status).as(endpoint + " as " + caller).isEqualTo(404);
            assertThat(type).endsWith("/subscription-not-found");
        } else {
            assertThat(status).as(endpoint + " as " + caller + ": " + response.body().asString()).isBetween(200, 299);
            if (caller == Caller.ADMIN_OF_ANOTHER_SUBSCRIPTION) {
                // an endpoint across subscriptions shows none of the matrix subscription's data to another tenant
                assertThat(response.body().asString()).doesNotContain(SUBSCRIPTION + "\"");
            }
        }
    }

    @Test
    void theOpenApiDocumentListsExactlyTheEndpointsOfTheMatrix() throws Exception {
        JsonNode paths = new ObjectMapper().readTree(given().accept("application/json").when()
                .get("/q/openapi?format=json").then().statusCode(200).extract().asString()).get("paths");
        Set<String> documented = new TreeSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = paths.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> path = it.next();
            for (Iterator<String> methods = path.getValue().fieldNames(); methods.hasNext();) {
                String method = methods.next();
                if (Set.of("get", "put", "post", "delete", "patch").contains(method)) {
                    documented.add(method.toUpperCase() + " " + path.getKey());
                }
            }
        }
        Set<String> inMatrix = new TreeSet<>(ENDPOINTS.stream().map(Endpoint::toString).toList());
        assertThat(inMatrix).as("endpoints in the matrix").hasSameSizeAs(ENDPOINTS);
        assertThat(documented).as("every documented endpoint needs a row in EndpointMatrixTest.ENDPOINTS")
                .isEqualTo(inMatrix);
    }

    private Response call(Endpoint endpoint, Caller caller) {
        String unique = UUID.randomUUID().toString().substring(0, 8);
        String alertId = "alertId".equals(endpoint.fresh()) ? newAlert() : fixture("alertId");
        String ruleId = "ruleId".equals(endpoint.fresh()) ? newRule() : fixture("ruleId");
        RequestSpecification request = given();
        if (caller.role != null) {
            String tenant = caller == Caller.ADMIN_OF_ANOTHER_SUBSCRIPTION ? OTHER_SUBSCRIPTION : SUBSCRIPTION;
            request = request.auth().oauth2(token(caller.role, tenant));
        }
        if (endpoint.ifMatchFrom() != null) {
            request = request.header("If-Match", given().auth().oauth2(token("vigil-admin", SUBSCRIPTION)).when()
                    .get(fill(endpoint.ifMatchFrom(), alertId, ruleId, unique)).then().statusCode(200).extract()
                    .header("ETag"));
        }
        if (endpoint.body() != null) {
            request = request.contentType("application/json").body(fill(endpoint.body(), alertId, ruleId, unique));
        }
        return request.when().request(endpoint.method(), fill(endpoint.path(), alertId, ruleId, unique));
    }

    private static String fill(String template, String alertId, String ruleId, String unique) {
        return template.replace("{subscriptionId}", SUBSCRIPTION).replace("{alertId}", alertId)
                .replace("{ruleId}", ruleId).replace("{unique}", unique).replace("{vault}", SAMPLE_VAULT);
    }

    private static String fixture(String name) {
        return FIXTURES.computeIfAbsent(name, n -> "alertId".equals(n) ? newAlert() : newRule());
    }

    private static String newAlert() {
        return given().auth().oauth2(token("vigil-admin", SUBSCRIPTION)).when()
                .post("/api/v1/subscriptions/" + SUBSCRIPTION + "/sample-alerts").then().statusCode(201).extract()
                .path("alerts[0].id");
    }

    private static String newRule() {
        return given().auth().oauth2(token("vigil-admin", SUBSCRIPTION)).contentType("application/json")
                .body(RULE.formatted("fixture-" + UUID.randomUUID().toString().substring(0, 8)))
                .when().post("/api/v1/subscriptions/" + SUBSCRIPTION + "/suppression-rules").then().statusCode(201)
                .extract().path("id");
    }

    private static Endpoint get(String path, Access access) {
        return new Endpoint("GET", path, access, null, null, null);
    }

    private static Endpoint post(String path, Access access) {
        return new Endpoint("POST", path, access, null, null, null);
    }

    private static Endpoint put(String path, Access access) {
        return new Endpoint("PUT", path, access, null, null, null);
    }

    private static Endpoint delete(String path, Access access) {
        return new Endpoint("DELETE", path, access, null, null, null);
    }
}
