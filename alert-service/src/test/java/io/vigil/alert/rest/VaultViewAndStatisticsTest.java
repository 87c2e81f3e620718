package io.vigil.alert.rest;

import static io.restassured.RestAssured.given;
import static io.vigil.alert.rest.QueryFixtures.alertId;
import static io.vigil.alert.rest.QueryFixtures.alertsPath;
import static io.vigil.alert.rest.QueryFixtures.awaitTotal;
import static io.vigil.alert.rest.QueryFixtures.detection;
import static io.vigil.alert.rest.QueryFixtures.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;


import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vigil.alert.AlertServiceTest;
import io.vigil.events.AlertType;
import io.vigil.events.Detection;
import io.vigil.events.Severity;

/** The vault listing, a vault's security page, statistics, and the OpenAPI document of the query API. */
@QuarkusTest
class VaultViewAndStatisticsTest extends AlertServiceTest {

    @Test
    void aVaultsPageShowsOpenAlertsRecentAlertsAndTheSecretsSuspiciousCallersTouched() throws Exception {
        String sub = subscription("vault");
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        // mallory from Tor: two detections of one key fold into one alert touching two secrets
        Detection torFirst = detection(sub).key("mallory-tor").principal(user("oid-mallory", "mallory@contoso.com"))
                .secrets("db-password").at(now.minusSeconds(3600)).build();
        Detection torSecond = detection(sub).key("mallory-tor").principal(user("oid-mallory", "mallory@contoso.com"))
                .secrets("api-key").at(now.minusSeconds(3000)).build();
        Detection eve = detection(sub).type(AlertType.KV_UserAnomaly).principal(user("oid-eve", "eve@contoso.com"))
                .ip("203.0.113.7", false).secrets("db-password").at(now.minusSeconds(1800)).build();
        Detection falsePositive = detection(sub).type(AlertType.KV_UserAnomaly)
                .principal(user("oid-trent", "trent@contoso.com")).ip("10.0.0.9", false).secrets("old-secret")
                .at(now.minusSeconds(1200)).build();
        Detection denied = detection(sub).type(AlertType.KV_UserAccessDeniedAnomaly)
                .principal(user("oid-eve", "eve@contoso.com")).secrets("db-password").at(now.minusSeconds(600))
                .build();
        Detection longAgo = detection(sub).principal(user("oid-old", "old@contoso.com")).secrets("ancient")
                .at(now.minus(60, ChronoUnit.DAYS)).build();
        Detection dev = detection(sub).vault("kv-dev").severity(Severity.HIGH).at(now.minusSeconds(300)).build();
        send(List.of(torFirst, eve, falsePositive, denied, longAgo, dev));
        awaitTotal(sub, 6);
        send(List.of(torSecond));
        awaitDetections(sub, alertId(torFirst), 2);
        String responder = token("vigil-responder", sub);
        QueryFixtures.changeStatus(sub, alertId(falsePositive), "DISMISSED", responder);
        QueryFixtures.changeStatus(sub, alertId(denied), "IN_PROGRESS", responder);
        QueryFixtures.changeStatus(sub, alertId(longAgo), "RESOLVED", responder);
        String viewer = token("vigil-viewer", sub);

        JsonPath vaults = given().auth().oauth2(viewer).when().get("/api/v1/subscriptions/" + sub + "/vaults")
                .then().statusCode(200).extract().jsonPath();
        assertThat(vaults.getList("vault.name")).containsExactly("kv-prod", "kv-dev");
        assertThat(vaults.getInt("[0].open.total")).isEqualTo(3);
        assertThat(vaults.getInt("[0].open.bySeverity.MEDIUM")).isEqualTo(2);
        assertThat(vaults.getInt("[0].open.bySeverity.LOW")).isEqualTo(1);
        assertThat(vaults.getInt("[1].open.bySeverity.HIGH")).isEqualTo(1);
        assertThat(vaults.getString("[1].vault.id")).isEqualTo(QueryFixtures.vault(sub, "kv-dev").id());
        assertThat(vaults.getString("[1].lastAlertAt")).isEqualTo(now.minusSeconds(300).toString());

        JsonPath page = given().auth().oauth2(viewer).when()
                .get("/api/v1/subscriptions/" + sub + "/vaults/KV-Prod/security?recent=3").then().statusCode(200)
                .extract().jsonPath();
        assertThat(page.getString("vault.name")).isEqualTo("kv-prod");
        assertThat(page.getInt("openAlerts.total")).isEqualTo(3);
        assertThat(page.getInt("openAlerts.bySeverity.MEDIUM")).isEqualTo(2);
        assertThat(page.getInt("openAlerts.bySeverity.LOW")).isEqualTo(1);
        assertThat(page.getList("recentAlerts.id")).containsExactly(alertId(denied), alertId(falsePositive),
                alertId(eve));
        assertThat(page.getInt("alertsConsidered")).isEqualTo(3);
        assertThat(page.getBoolean("truncated")).isFalse();
        // the dismissed (false positive) alert's secret and the alert older than 30 days are not in it
        assertThat(page.getList("touchedSecrets.name")).containsExactly("db-password", "api-key");
        Map<String, Object> dbPassword = page.getMap("touchedSecrets[0]");
        assertThat(dbPassword.get("id")).isEqualTo("https://kv-prod.vault.azure.net/secrets/db-password");
        assertThat(dbPassword.get("operations")).isEqualTo(List.of("SecretGet"));
        assertThat(dbPassword.get("accesses")).isEqualTo(3);
        assertThat(dbPassword.get("firstTouched")).isEqualTo(now.minusSeconds(3600).toString());
        assertThat(dbPassword.get("lastTouched")).isEqualTo(now.minusSeconds(600).toString());
        assertThat(page.getList("touchedSecrets[0].callers.principal.upn"))
                .containsExactly("eve@contoso.com", "eve@contoso.com", "mallory@contoso.com");
        assertThat(page.getList("touchedSecrets[0].callers.ip"))
                .containsExactly("185.220.101.45", "203.0.113.7", "185.220.101.45");
        assertThat(page.getList("touchedSecrets[0].callers.alertTypes")).containsExactly(
                List.of("KV_UserAccessDeniedAnomaly"), List.of("KV_UserAnomaly"), List.of("KV_TORAccess"));
        assertThat(page.getBoolean("touchedSecrets[0].callers[2].tor")).isTrue();
        assertThat(page.getList("touchedSecrets[0].callers[2].alertIds")).containsExactly(alertId(torFirst));
        assertThat(page.getList("touchedSecrets[1].callers.principal.upn")).containsExactly("mallory@contoso.com");

        // by id (URL-encoded), and a longer period includes the old alert
        String byId = "/api/v1/subscriptions/" + sub + "/vaults/"
                + java.net.URLEncoder.encode(QueryFixtures.vault(sub, "kv-prod").id(), "UTF-8") + "/security";
        given().auth().oauth2(viewer).urlEncodingEnabled(false).when().get(byId + "?days=90").then().statusCode(200)
                .body("vault.name", equalTo("kv-prod")).body("alertsConsidered", equalTo(4))
                .body("touchedSecrets.name", equalTo(List.of("db-password", "api-key", "ancient")));
        given().auth().oauth2(viewer).when().get("/api/v1/subscriptions/" + sub + "/vaults/kv-test/security")
                .then().statusCode(404).contentType("application/problem+json");
        given().auth().oauth2(viewer).when().get("/api/v1/subscriptions/" + sub + "/vaults/kv-prod/security?days=0")
                .then().statusCode(400).body("errors[0].location", equalTo("days"));
        given().auth().oauth2(token("vigil-viewer", subscription("vault-other"))).when()
                .get("/api/v1/subscriptions/" + sub + "/vaults/kv-prod/security").then().statusCode(404);
    }

    @Test
    void aNameSeveralVaultsShareAnswersWithTheirIdsAndEachIdHasItsOwnPage() throws Exception {
        String sub = subscription("vault-twins");
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        // one mount name on two Vault clusters
        String east = "vault-east.example.com/secret";
        String west = "vault-west.example.com/secret";
        send(List.of(detection(sub).vault("secret").vaultId(east).at(now.minusSeconds(600)).build(),
                detection(sub).vault("secret").vaultId(west).severity(Severity.HIGH).at(now.minusSeconds(300))
                        .build()));
        awaitTotal(sub, 2);
        String viewer = token("vigil-viewer", sub);

        given().auth().oauth2(viewer).when().get("/api/v1/subscriptions/" + sub + "/vaults/Secret/security")
                .then().statusCode(409).contentType("application/problem+json")
                .body("type", containsString("ambiguous-vault"))
                .body("detail", allOf(containsString(east), containsString(west)));
        given().auth().oauth2(viewer).urlEncodingEnabled(false).when().get("/api/v1/subscriptions/" + sub
                + "/vaults/" + java.net.URLEncoder.encode(east, "UTF-8") + "/security").then().statusCode(200)
                .body("vault.id", equalTo(east)).body("openAlerts.total", equalTo(1))
                .body("openAlerts.bySeverity.HIGH", equalTo(0));
    }

    @Test
    void statisticsCountBySeverityTypeStatusAndDay() throws Exception {
        String sub = subscription("stats");
        Instant day1 = Instant.parse("2025-03-18T09:00:00Z");
        Instant day3 = Instant.parse("2025-03-20T23:59:00Z");
        send(List.of(
                detection(sub).at(day1).build(),
                detection(sub).at(day1.plusSeconds(60)).build(),
                detection(sub).type(AlertType.KV_UserAccessDeniedAnomaly).at(day3).build(),
                detection(sub).type(AlertType.KV_UserAnomaly).severity(Severity.HIGH).at(day3.minusSeconds(60))
                        .build(),
                detection(sub).at(Instant.parse("2025-03-25T00:00:00Z")).build()));
        awaitTotal(sub, 5);
        String viewer = token("vigil-viewer", sub);
        String ranged = alertsPath(sub) + "/statistics?from=2025-03-18&to=2025-03-21";
        JsonPath stats = given().auth().oauth2(viewer).when().get(ranged).then().statusCode(200).extract()
                .jsonPath();
        assertThat(stats.getLong("total")).isEqualTo(4);
        assertThat(stats.getMap("bySeverity")).containsExactly(Map.entry("HIGH", 1), Map.entry("MEDIUM", 2),
                Map.entry("LOW", 1), Map.entry("INFORMATIONAL", 0));
        assertThat(stats.getMap("byType")).containsExactly(Map.entry("KV_TORAccess", 2),
                Map.entry("KV_UserAccessDeniedAnomaly", 1), Map.entry("KV_UserAnomaly", 1));
        assertThat(stats.getMap("byStatus")).containsEntry("ACTIVE", 4).containsEntry("RESOLVED", 0);
        assertThat(stats.getList("byDay.day")).containsExactly("2025-03-18", "2025-03-19", "2025-03-20");
        assertThat(stats.getList("byDay.count")).containsExactly(2, 0, 2);
        assertThat(stats.getString("from")).isEqualTo("2025-03-18T00:00:00Z");
        // the same filters give the list's total
        given().auth().oauth2(viewer).when().get(ranged + "&minSeverity=MEDIUM").then().statusCode(200)
                .body("total", equalTo(3));
        given().auth().oauth2(viewer).when()
                .get(alertsPath(sub) + "?from=2025-03-18&to=2025-03-21&minSeverity=MEDIUM").then()
                .body("total", equalTo(3));
        // default: the last 30 days (these alerts are older)
        given().auth().oauth2(viewer).when().get(alertsPath(sub) + "/statistics").then().statusCode(200)
                .body("total", equalTo(0)).body("byDay.size()", equalTo(31));
        given().auth().oauth2(viewer).when().get(alertsPath(sub) + "/statistics?from=2023-01-01&to=2025-01-01")
                .then().statusCode(400).body("errors[0].location", equalTo("from"));
        given().auth().oauth2(viewer).when().get(alertsPath(sub) + "/statistics?type=nope").then().statusCode(400)
                .body("errors[0].location", equalTo("type"));
        given().auth().oauth2(viewer).when().get(alertsPath(sub) + "/statistics?limit=5").then().statusCode(400)
                .body("errors[0].location", equalTo("limit"));
    }

    @Test
    void openApiDocumentsEveryQueryOperationWithExamples() throws Exception {
        JsonNode doc = mapper.readTree(given().when().get("/q/openapi?format=json").then().statusCode(200).extract()
                .asString());
        Map<String, List<String>> operations = Map.of(
                "/api/v1/subscriptions/{subscriptionId}/alerts", List.of("get"),
                "/api/v1/subscriptions/{subscriptionId}/alerts/statistics", List.of("get"),
                "/api/v1/subscriptions/{subscriptionId}/alerts/status", List.of("post"),
                "/api/v1/subscriptions/{subscriptionId}/vaults", List.of("get"),
                "/api/v1/subscriptions/{subscriptionId}/vaults/{vault}/security", List.of("get"));
        for (var entry : operations.entrySet()) {
            for (String method : entry.getValue()) {
                JsonNode operation = doc.at("/paths/" + entry.getKey().replace("/", "~1") + "/" + method);
                assertThat(operation.isMissingNode()).as(entry.getKey()).isFalse();
                assertThat(operation.get("summary").asText()).as(entry.getKey()).isNotBlank();
                assertThat(operation.at("/responses/200/content/application~1json/examples").size())
                        .as(entry.getKey()).isPositive();
                assertThat(operation.at("/responses/404").isMissingNode()).as(entry.getKey()).isFalse();
            }
        }
        JsonNode list = doc.at("/paths/~1api~1v1~1subscriptions~1{subscriptionId}~1alerts/get");
        assertThat(list.get("parameters").findValuesAsText("name")).contains("vault", "type", "severity",
                "minSeverity", "status", "from", "to", "principal", "ip", "sort", "order", "limit", "cursor",
                "includeTotal");
        assertThat(list.at("/responses/400/content/application~1problem+json/examples").size()).isEqualTo(2);
        assertThat(doc.at("/paths/~1api~1v1~1subscriptions~1{subscriptionId}~1alerts~1status/post/requestBody"
                + "/content/application~1json/examples").size()).isPositive();
    }

    private static void awaitDetections(String sub, String alertId, int count) {
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() -> given().auth()
                .oauth2(token("vigil-viewer", sub)).when().get(alertsPath(sub) + "/" + alertId).then().extract()
                .jsonPath().getInt("detectionCount") == count);
    }
}
