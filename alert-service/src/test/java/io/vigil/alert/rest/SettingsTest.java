package io.vigil.alert.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.test.junit.QuarkusTest;
import io.vigil.alert.AlertServiceTest;
import io.vigil.events.Topics;

/** Plans and trusted networks: stored with optimistic concurrency and published to the compacted config topic. */
@QuarkusTest
class SettingsTest extends AlertServiceTest {

    @Test
    void anAdminTurnsProtectionOffAndTrustsANetworkAndTheOtherServicesAreTold() throws Exception {
        String sub = subscription("sub");
        String path = "/api/v1/subscriptions/" + sub + "/settings";
        String admin = token("vigil-admin", sub);

        String etag = given().auth().oauth2(token("vigil-viewer", sub)).when().get(path).then().statusCode(200)
                .body("version", equalTo(0)).body("protectionEnabled", equalTo(true))
                .extract().header("ETag");
        assertThat(etag).isEqualTo("\"0\"");

        given().auth().oauth2(admin).header("If-Match", etag).contentType("application/json")
                .body("{\"protectionEnabled\":false,\"trustedNetworks\":[\"10.20.0.0/16\",\"2001:db8::/32\"]}")
                .when().put(path).then().statusCode(200).body("version", equalTo(1))
                .body("trustedNetworks", equalTo(List.of("10.20.0.0/16", "2001:db8::/32")));

        var consumer = kafka.consumeStrings().fromTopics(Topics.CONFIG);
        JsonNode config = await().atMost(Duration.ofSeconds(20)).until(() -> consumer.getRecords().stream()
                .filter(r -> sub.equals(r.key())).map(r -> read(r.value())).findFirst().orElse(null),
                java.util.Objects::nonNull);
        consumer.stop();
        assertThat(config.get("protectionEnabled").asBoolean()).isFalse();
        assertThat(config.get("trustedNetworks")).hasSize(2);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given().auth().oauth2(admin).when().get(path)
                .then().body("published", equalTo(true)).body("updatedBy", org.hamcrest.Matchers.startsWith("user-")));

        given().auth().oauth2(admin).header("If-Match", etag).contentType("application/json")
                .body("{\"protectionEnabled\":true,\"trustedNetworks\":[]}")
                .when().put(path).then().statusCode(412).contentType("application/problem+json");
    }

    @Test
    void aChangeThatWeakensDetectionRaisesAnAlertAndOneThatDoesNotRaisesNone() {
        String sub = subscription("sub");
        String path = "/api/v1/subscriptions/" + sub + "/settings";
        String admin = token("vigil-admin", sub);
        given().auth().oauth2(admin).header("If-Match", "\"0\"").contentType("application/json")
                .body("{\"protectionEnabled\":true,\"trustedNetworks\":[]}")
                .when().put(path).then().statusCode(200);
        given().auth().oauth2(admin).when().get("/api/v1/alerts").then().statusCode(200)
                .body("findAll { it.subscriptionId == '" + sub + "' }.size()", equalTo(0));

        given().auth().oauth2(admin).header("If-Match", "\"1\"").contentType("application/json")
                .body("{\"protectionEnabled\":false,\"trustedNetworks\":[\"10.0.0.0/8\"]}")
                .when().put(path).then().statusCode(200);
        JsonNode alerts = read(given().auth().oauth2(admin).when().get("/api/v1/alerts").then().statusCode(200)
                .extract().asString());
        assertThat(alerts).hasSize(1);
        JsonNode alert = alerts.get(0);
        assertThat(alert.get("alertType").asText()).isEqualTo("VIGIL_DetectionWeakened");
        assertThat(alert.get("severity").asText()).isEqualTo("MEDIUM");
        assertThat(alert.at("/evidence/summary").asText())
                .contains("protection turned off", "networks newly trusted over threat lists: 10.0.0.0/8");
        assertThat(alert.at("/evidence/facts/weakenings")).hasSize(2);
        assertThat(alert.at("/principal/upn").asText()).startsWith("user-");
    }

    @Test
    void badSettingsAreProblemsNamingTheField() {
        String sub = subscription("sub");
        String path = "/api/v1/subscriptions/" + sub + "/settings";
        String admin = token("vigil-admin", sub);
        given().auth().oauth2(admin).header("If-Match", "\"0\"").contentType("application/json")
                .body("{\"protectionEnabled\":true,\"trustedNetworks\":[\"10.0.0.0/8\",\"intranet.corp\",\"10.0.0.0/33\"]}")
                .when().put(path).then().statusCode(422).contentType("application/problem+json")
                .body("errors.location", equalTo(List.of("trustedNetworks[1]", "trustedNetworks[2]")));
        given().auth().oauth2(admin).header("If-Match", "\"0\"").contentType("application/json")
                .body("{\"trustedNetworks\":[]}")
                .when().put(path).then().statusCode(400).body("errors[0].location", equalTo("protectionEnabled"));
        given().auth().oauth2(admin).contentType("application/json")
                .body("{\"protectionEnabled\":true,\"trustedNetworks\":[]}")
                .when().put(path).then().statusCode(428);
    }

    @Test
    void onlyAdminsOfTheSubscriptionMayChangeIt() {
        String sub = subscription("sub");
        String path = "/api/v1/subscriptions/" + sub + "/settings";
        String body = "{\"protectionEnabled\":false,\"trustedNetworks\":[]}";
        given().auth().oauth2(token("vigil-responder", sub)).header("If-Match", "\"0\"").contentType("application/json")
                .body(body).when().put(path).then().statusCode(403);
        given().auth().oauth2(token("vigil-admin", "another")).header("If-Match", "\"0\"")
                .contentType("application/json").body(body).when().put(path).then().statusCode(404);
        given().auth().oauth2(token("vigil-viewer", "another")).when().get(path).then().statusCode(404);
        given().when().get(path).then().statusCode(401);
    }

    private static final String FULL = """
            {"protectionEnabled": true, "trustedNetworks": ["10.20.0.0/16"],
             "detectionExceptions": [{"name": "resource-graph", "alertTypes": ["*"],
                                      "fields": {"principal.appId": ["ba8e4e0a-resource-graph"]}},
                                     {"name": "backup", "alertTypes": ["KV_OperationVolumeAnomaly"],
                                      "fields": {"client.ip": ["10.20.1.5"], "operation.kind": ["BACKUP"]}}],
             "notifications": {"enabled": true, "minimumSeverity": "MEDIUM",
                               "emails": ["soc@example.com", "oncall@example.org"], "roles": ["vigil-admin"]},
             "exports": [{"name": "soar", "kind": "WEBHOOK", "target": "https://soar.example.com/hooks/vigil",
                          "minimumSeverity": "LOW", "secretRef": "soar-hmac"},
                         {"name": "siem", "kind": "SYSLOG_CEF", "target": "siem.example.com:6514",
                          "alertTypes": ["KV_TORAccess", "VIGIL_SuppressionRuleChanged"]}]}""";

    @Test
    void everySectionIsStoredAuditedAndPublishedAndASectionLeftOutStays() throws Exception {
        String sub = subscription("sub");
        String path = "/api/v1/subscriptions/" + sub + "/settings";
        String admin = token("vigil-admin", sub);

        given().auth().oauth2(admin).header("If-Match", "\"0\"").contentType("application/json").body(FULL)
                .when().put(path).then().statusCode(200).header("ETag", "\"1\"")
                .body("detectionExceptions[1].fields.'operation.kind'", equalTo(List.of("BACKUP")))
                .body("notifications.emails", equalTo(List.of("soc@example.com", "oncall@example.org")))
                .body("exports.name", equalTo(List.of("soar", "siem")))
                .body("exports[1].minimumSeverity", equalTo("INFORMATIONAL"));

        JsonNode published = awaitConfig(sub, c -> c.get("exports").size() == 2);
        assertThat(published.at("/detectionExceptions/0/fields/principal.appId/0").asText())
                .isEqualTo("ba8e4e0a-resource-graph");
        assertThat(published.at("/detectionExceptions/0/alertTypes/0").asText()).isEqualTo("*");
        assertThat(published.at("/notifications/minimumSeverity").asText()).isEqualTo("MEDIUM");
        assertThat(published.at("/notifications/enabled").asBoolean()).isTrue();
        assertThat(published.at("/notifications/roles/0").asText()).isEqualTo("vigil-admin");
        assertThat(published.at("/exports/0/kind").asText()).isEqualTo("WEBHOOK");
        assertThat(published.at("/exports/0/secretRef").asText()).isEqualTo("soar-hmac");
        assertThat(published.at("/exports/1/target").asText()).isEqualTo("siem.example.com:6514");
        assertThat(published.at("/exports/1/alertTypes/1").asText()).isEqualTo("VIGIL_SuppressionRuleChanged");

        // a section on its own, under the same version as the whole
        String notifications = "{\"enabled\":false,\"minimumSeverity\":\"HIGH\",\"emails\":[],\"roles\":[]}";
        given().auth().oauth2(admin).header("If-Match", "\"1\"").contentType("application/json").body(notifications)
                .when().put(path + "/notifications").then().statusCode(200).header("ETag", "\"2\"")
                .body("enabled", equalTo(false)).body("minimumSeverity", equalTo("HIGH"));
        given().auth().oauth2(admin).header("If-Match", "\"1\"").contentType("application/json").body("[]")
                .when().put(path + "/exports").then().statusCode(412).contentType("application/problem+json");

        // a client that only knows the plan does not erase the sections
        given().auth().oauth2(admin).header("If-Match", "\"2\"").contentType("application/json")
                .body("{\"protectionEnabled\":false,\"trustedNetworks\":[]}")
                .when().put(path).then().statusCode(200).body("version", equalTo(3))
                .body("protectionEnabled", equalTo(false)).body("exports", org.hamcrest.Matchers.hasSize(2))
                .body("detectionExceptions", org.hamcrest.Matchers.hasSize(2))
                .body("notifications.enabled", equalTo(false));

        given().auth().oauth2(admin).header("If-Match", "\"3\"").contentType("application/json").body("[]")
                .when().put(path + "/exports").then().statusCode(200).header("ETag", "\"4\"");
        given().auth().oauth2(token("vigil-viewer", sub)).when().get(path + "/exports").then().statusCode(200)
                .header("ETag", "\"4\"").body("", org.hamcrest.Matchers.empty());
        given().auth().oauth2(token("vigil-viewer", sub)).when().get(path + "/detection-exceptions").then()
                .statusCode(200).body("name", equalTo(List.of("resource-graph", "backup")));
        given().auth().oauth2(token("vigil-viewer", sub)).when().get(path + "/notifications").then()
                .statusCode(200).header("ETag", "\"4\"").body("enabled", equalTo(false));

        JsonNode latest = awaitConfig(sub, c -> c.get("exports").isEmpty() && !c.get("protectionEnabled").asBoolean());
        assertThat(latest.at("/notifications/enabled").asBoolean()).isFalse();
        assertThat(latest.get("detectionExceptions")).hasSize(2);

        // every change audited: who, when, which section, the whole settings before and after
        io.restassured.path.json.JsonPath audit = given().auth().oauth2(admin)
                .when().get("/api/v1/subscriptions/" + sub + "/audit-log?kind=settings").then().statusCode(200)
                .extract().jsonPath();
        assertThat(audit.getList("items.targetId"))
                .containsExactly("exports", "settings", "notifications", "settings");
        assertThat(audit.getList("items.action")).containsOnly("UPDATED");
        assertThat(audit.getList("items.actor", String.class)).allMatch(a -> a.startsWith("user-"));
        assertThat(audit.getInt("items[3].before.version")).isZero();
        assertThat(audit.getList("items[3].before.exports")).isEmpty();
        assertThat(audit.getString("items[3].before.notifications.minimumSeverity")).isEqualTo("HIGH");
        assertThat(audit.getList("items[3].after.exports.name")).containsExactly("soar", "siem");
        assertThat(audit.getBoolean("items[2].before.notifications.enabled")).isTrue();
        assertThat(audit.getBoolean("items[2].after.notifications.enabled")).isFalse();
        assertThat(audit.getList("items[0].before.exports")).hasSize(2);
        assertThat(audit.getList("items[0].after.exports")).isEmpty();
        assertThat(audit.getString("items[0].targetName")).isEqualTo("version 4");
    }

    @Test
    void everyInvalidValueIsNamedByItsPathAndNothingIsStored() {
        String sub = subscription("sub");
        String path = "/api/v1/subscriptions/" + sub + "/settings";
        String admin = token("vigil-admin", sub);
        String body = """
                {"protectionEnabled": true, "trustedNetworks": [],
                 "detectionExceptions": [
                   {"name": "scanner", "alertTypes": ["KV_Nope"], "fields": {"caller.name": ["x"]}},
                   {"name": "Scanner", "alertTypes": ["VIGIL_SuppressionRuleChanged"],
                    "fields": {"client.ip": ["10.0.0.0/8"], "principal.type": ["ROBOT"]}},
                   {"name": "nothing", "alertTypes": ["*"], "fields": {}}],
                 "notifications": {"enabled": true, "minimumSeverity": "SEVERE",
                                   "emails": ["not-an-address", "soc@example.com", "SOC@example.com"],
                                   "roles": ["Owner"]},
                 "exports": [
                   {"name": "hook", "kind": "WEBHOOK", "target": "ftp://files.example.com/drop"},
                   {"name": "syslog", "kind": "SYSLOG_CEF", "target": "siem.example.com"},
                   {"name": "HOOK", "kind": "KAFKA_OCSF", "target": "vigil.alerts.v1"},
                   {"name": "mail", "kind": "EMAIL", "target": "x"},
                   {"name": "slack", "kind": "SLACK", "target": "https://user:pw@hooks.example.com/x",
                    "alertTypes": ["KV_Nope"], "minimumSeverity": "LOUD"},
                   {"name": "ok-hook", "kind": "WEBHOOK", "target": "https://soar.example.com", "secretRef": "a b"}]}""";
        List<String> locations = given().auth().oauth2(admin).header("If-Match", "\"0\"")
                .contentType("application/json").body(body).when().put(path).then().statusCode(422)
                .contentType("application/problem+json").extract().jsonPath().getList("errors.location");
        assertThat(locations).containsExactlyInAnyOrder(
                "detectionExceptions[0].alertTypes[0]", "detectionExceptions[0].fields.caller.name",
                "detectionExceptions[1].name", "detectionExceptions[1].alertTypes[0]",
                "detectionExceptions[1].fields.client.ip[0]", "detectionExceptions[1].fields.principal.type[0]",
                "detectionExceptions[2].fields",
                "notifications.minimumSeverity", "notifications.emails[0]", "notifications.emails[2]",
                "notifications.roles[0]",
                "exports[0].target", "exports[0].secretRef", "exports[1].target", "exports[2].name",
                "exports[2].target", "exports[3].kind", "exports[4].target", "exports[4].alertTypes[0]",
                "exports[4].minimumSeverity", "exports[5].secretRef");
        given().auth().oauth2(admin).when().get(path).then().statusCode(200).body("version", equalTo(0));

        // a section sent on its own is named by the same path
        given().auth().oauth2(admin).header("If-Match", "\"0\"").contentType("application/json")
                .body("{\"enabled\":true,\"minimumSeverity\":\"HIGH\",\"emails\":[\"soc@\"]}")
                .when().put(path + "/notifications").then().statusCode(422)
                .body("errors.location", equalTo(List.of("notifications.emails[0]")));
        given().auth().oauth2(admin).header("If-Match", "\"0\"").contentType("application/json")
                .body("{\"minimumSeverity\":\"HIGH\",\"roles\":[\"vigil-admin\"]}")
                .when().put(path + "/notifications").then().statusCode(422)
                .body("errors.location", equalTo(List.of("notifications.enabled")));
        given().auth().oauth2(admin).header("If-Match", "\"0\"").contentType("application/json")
                .body("[{\"name\":\"a\",\"kind\":\"SYSLOG_CEF\",\"target\":\"siem.example.com:70000\"},"
                        + "{\"name\":\"b\",\"kind\":\"SYSLOG_CEF\",\"target\":\"[2001:db8::1]:514\"},"
                        + "{\"name\":\"c\",\"kind\":\"KAFKA_OCSF\",\"target\":\"soc.findings\"}]")
                .when().put(path + "/exports").then().statusCode(422)
                .body("errors.location", equalTo(List.of("exports[0].target")));
        given().auth().oauth2(admin).header("If-Match", "\"0\"").contentType("application/json")
                .body("[{\"name\":\"x\",\"alertTypes\":[\"*\"],\"fields\":{\"vault.name\":[\"\"]}}]")
                .when().put(path + "/detection-exceptions").then().statusCode(422)
                .body("errors.location", equalTo(List.of("detectionExceptions[0].fields.vault.name[0]")));
        given().auth().oauth2(admin).header("If-Match", "\"0\"").contentType("application/json")
                .body("[]").when().put(path + "/detection-exceptions").then().statusCode(200)
                .header("ETag", "\"1\"");
    }

    @Test
    void ofConcurrentChangesMadeOnOneVersionExactlyOneWins() throws Exception {
        String sub = subscription("sub");
        String path = "/api/v1/subscriptions/" + sub + "/settings";
        String admin = token("vigil-admin", sub);
        // first on the defaults (every request would insert the row), then on the stored version (each would update)
        for (int version = 0; version < 2; version++) {
            String ifMatch = "\"" + version + "\"";
            var pool = java.util.concurrent.Executors.newFixedThreadPool(6);
            try {
                List<java.util.concurrent.Future<Integer>> answers = new java.util.ArrayList<>();
                for (int i = 0; i < 6; i++) {
                    String network = "10." + i + ".0.0/16";
                    answers.add(pool.submit(() -> given().auth().oauth2(admin).header("If-Match", ifMatch)
                            .contentType("application/json")
                            .body("{\"protectionEnabled\":true,\"trustedNetworks\":[\"" + network + "\"]}")
                            .when().put(path).then().extract().statusCode()));
                }
                List<Integer> statuses = new java.util.ArrayList<>();
                for (var answer : answers) {
                    statuses.add(answer.get());
                }
                assertThat(statuses).as("answers on version " + version).containsOnly(200, 412)
                        .filteredOn(status -> status == 200).hasSize(1);
            } finally {
                pool.shutdownNow();
            }
        }
        given().auth().oauth2(admin).when().get(path).then().body("version", equalTo(2));
        assertThat(given().auth().oauth2(admin).when().get("/api/v1/subscriptions/" + sub + "/audit-log").then()
                .statusCode(200).extract().jsonPath().getList("items")).hasSize(2);
    }

    private JsonNode awaitConfig(String sub, java.util.function.Predicate<JsonNode> wanted) {
        var consumer = kafka.consumeStrings().fromTopics(Topics.CONFIG);
        JsonNode config = await().atMost(Duration.ofSeconds(20)).until(() -> consumer.getRecords().stream()
                .filter(r -> sub.equals(r.key())).map(r -> read(r.value())).filter(wanted).findFirst()
                .orElse(null), java.util.Objects::nonNull);
        consumer.stop();
        return config;
    }
}
