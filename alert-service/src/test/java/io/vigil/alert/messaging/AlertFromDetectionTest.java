package io.vigil.alert.messaging;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vigil.alert.AlertServiceTest;
import io.vigil.alert.TestDetections;
import io.vigil.events.Detection;
import io.vigil.events.Topics;

/** Detections from a real broker become stored, aggregated alerts, published again and served per tenant. */
@QuarkusTest
class AlertFromDetectionTest extends AlertServiceTest {

    @Test
    void burstOfDetectionsUpdatesOneAlertAndRedeliveryChangesNothing() throws Exception {
        String caller = "oid-" + UUID.randomUUID();
        Detection first = torDetection("sub-a", caller, "db-password", Instant.parse("2026-11-20T10:15:00Z"));
        Detection second = torDetection("sub-a", caller, "api-key", Instant.parse("2026-11-20T10:16:00Z"));

        send(first);
        JsonPath created = awaitAlert("sub-a", caller, 1);
        assertThat(created.getString("alertType")).isEqualTo("KV_TORAccess");
        assertThat(created.getString("severity")).isEqualTo("MEDIUM");
        assertThat(created.getString("status")).isEqualTo("ACTIVE");
        assertThat(created.getString("vault.name")).isEqualTo("kv-prod");
        assertThat(created.getString("principal.upn")).isEqualTo("mallory@contoso.com");
        assertThat(created.getString("client.ip")).isEqualTo("185.220.101.45");
        assertThat(created.getBoolean("ip.tor")).isTrue();
        assertThat(created.getList("objects.name")).containsExactly("db-password");
        assertThat(created.getString("objects[0].time")).isEqualTo("2026-11-20T10:15:00Z");
        assertThat(created.getList("remediationSteps")).hasSize(4);
        assertThat(created.getString("evidence.summary")).contains("Tor exit node");

        send(second);
        send(first);
        JsonPath updated = awaitAlert("sub-a", caller, 2);
        assertThat(updated.getString("id")).isEqualTo(created.getString("id"));
        assertThat(updated.getList("objects.name")).containsExactly("api-key", "db-password");
        assertThat(updated.getString("firstSeen")).isEqualTo("2026-11-20T10:15:00Z");
        assertThat(updated.getString("lastSeen")).isEqualTo("2026-11-20T10:16:00Z");

        var consumer = kafka.consumeStrings().fromTopics(Topics.ALERTS);
        List<JsonNode> published = await().atMost(Duration.ofSeconds(20)).until(() -> consumer.getRecords().stream()
                .map(r -> read(r.value()))
                .filter(e -> e.get("alertId").asText().equals(created.getString("id")))
                .toList(), events -> events.size() >= 2);
        consumer.stop();
        assertThat(published).extracting(e -> e.get("change").asText()).startsWith("CREATED", "UPDATED");
        assertThat(published.get(0).at("/principal/upn").asText()).isEqualTo("mallory@contoso.com");
    }

    @Test
    void anotherTenantNeitherListsNorReadsTheAlert() throws Exception {
        String caller = "oid-" + UUID.randomUUID();
        send(torDetection("sub-a", caller, "db-password", Instant.parse("2026-11-20T11:00:00Z")));
        String id = awaitAlert("sub-a", caller, 1).getString("id");

        List<String> seenByOther = given().auth().oauth2(token("vigil-viewer", "sub-b")).when().get("/api/v1/alerts")
                .then().statusCode(200).extract().jsonPath().getList("id");
        assertThat(seenByOther).doesNotContain(id);

        given().auth().oauth2(token("vigil-viewer", "sub-b")).when().get("/api/v1/subscriptions/sub-a/alerts/" + id)
                .then().statusCode(404).contentType("application/problem+json");
        given().auth().oauth2(token("vigil-viewer", "sub-b")).when().get("/api/v1/subscriptions/sub-b/alerts/" + id)
                .then().statusCode(404).contentType("application/problem+json");
        given().auth().oauth2(token("vigil-viewer", "*")).when().get("/api/v1/subscriptions/sub-a/alerts/" + id)
                .then().statusCode(200).body("id", equalTo(id));
    }

    @Test
    void aResponderMovesTheAlertThroughItsLifecycleWithOptimisticConcurrency() throws Exception {
        String caller = "oid-" + UUID.randomUUID();
        send(torDetection("sub-a", caller, "db-password", Instant.parse("2026-11-20T12:00:00Z")));
        String id = awaitAlert("sub-a", caller, 1).getString("id");
        String path = "/api/v1/subscriptions/sub-a/alerts/" + id;
        String responder = token("vigil-responder", "sub-a");
        String etag = given().auth().oauth2(responder).when().get(path).then().statusCode(200)
                .extract().header("ETag");
        assertThat(etag).isEqualTo("\"1\"");

        given().auth().oauth2(responder).contentType("application/json")
                .body("{\"status\":\"IN_PROGRESS\",\"comment\":\"calling the app owner\"}")
                .when().post(path + "/status").then().statusCode(428).contentType("application/problem+json");
        given().auth().oauth2(token("vigil-viewer", "sub-a")).header("If-Match", etag).contentType("application/json")
                .body("{\"status\":\"IN_PROGRESS\"}")
                .when().post(path + "/status").then().statusCode(403);
        given().auth().oauth2(token("vigil-responder", "sub-b"))
                .header("If-Match", etag).contentType("application/json").body("{\"status\":\"IN_PROGRESS\"}")
                .when().post(path + "/status").then().statusCode(404);

        String next = given().auth().oauth2(responder).header("If-Match", etag).contentType("application/json")
                .body("{\"status\":\"IN_PROGRESS\",\"comment\":\"calling the app owner\"}")
                .when().post(path + "/status").then().statusCode(200).body("status", equalTo("IN_PROGRESS"))
                .extract().header("ETag");
        assertThat(next).isEqualTo("\"2\"");

        given().auth().oauth2(responder).header("If-Match", etag).contentType("application/json")
                .body("{\"status\":\"RESOLVED\"}")
                .when().post(path + "/status").then().statusCode(412).contentType("application/problem+json");
        given().auth().oauth2(responder).header("If-Match", next).contentType("application/json")
                .body("{\"status\":\"RESOLVED\",\"comment\":\"secret rotated\"}")
                .when().post(path + "/status").then().statusCode(200);
        given().auth().oauth2(responder).header("If-Match", "\"3\"").contentType("application/json")
                .body("{\"status\":\"IN_PROGRESS\"}")
                .when().post(path + "/status").then().statusCode(409).contentType("application/problem+json");
        given().auth().oauth2(responder).header("If-Match", "\"3\"").contentType("application/json")
                .body("{\"status\":\"CLOSED\"}")
                .when().post(path + "/status").then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].location", equalTo("status"));

        JsonPath detail = given().auth().oauth2(token("vigil-viewer", "sub-a")).when().get(path).then().statusCode(200)
                .extract().jsonPath();
        assertThat(detail.getString("status")).isEqualTo("RESOLVED");
        assertThat(detail.getList("history.to")).containsExactly("IN_PROGRESS", "RESOLVED");
        assertThat(detail.getList("history.comment")).containsExactly("calling the app owner", "secret rotated");
        assertThat(detail.getString("history[0].from")).isEqualTo("ACTIVE");
        assertThat(detail.getString("history[0].actor")).startsWith("user-");

        var consumer = kafka.consumeStrings().fromTopics(Topics.ALERTS);
        List<String> changes = await().atMost(Duration.ofSeconds(20)).until(() -> consumer.getRecords().stream()
                .map(r -> read(r.value())).filter(e -> e.get("alertId").asText().equals(id))
                .map(e -> e.get("change").asText() + ":" + e.get("version").asLong() + ":" + e.get("status").asText())
                .toList(), events -> events.size() >= 3);
        consumer.stop();
        assertThat(changes).containsExactly("CREATED:1:ACTIVE", "STATUS_CHANGED:2:IN_PROGRESS",
                "STATUS_CHANGED:3:RESOLVED");
    }

    @Test
    void unauthenticatedOrRolelessCallersAreRefused() {
        given().when().get("/api/v1/alerts").then().statusCode(401).contentType("application/problem+json");
        String ingestOnly = token("vigil-ingest", "sub-a");
        given().auth().oauth2(ingestOnly).when().get("/api/v1/alerts")
                .then().statusCode(403).contentType("application/problem+json");
    }

    @Test
    void readinessCoversTheDatabaseAndKafka() {
        List<String> checks = given().when().get("/q/health/ready").then().statusCode(200)
                .extract().jsonPath().getList("checks.name");
        assertThat(checks).anySatisfy(name -> assertThat(name).containsIgnoringCase("database"));
        assertThat(checks).anySatisfy(name -> assertThat(name).containsIgnoringCase("messaging"));
    }

    @Test
    void invalidFiltersAreProblems() {
        given().auth().oauth2(token("vigil-viewer", "sub-a")).when().get("/api/v1/alerts?status=open")
                .then().statusCode(400).contentType("application/problem+json")
                .body("detail", org.hamcrest.Matchers.containsString("status"));
    }

    private JsonPath awaitAlert(String subscription, String callerObjectId, int detectionCount) {
        String token = token("vigil-viewer", subscription);
        return await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).until(() -> {
            JsonPath list = given().auth().oauth2(token).when().get("/api/v1/alerts").then().statusCode(200)
                    .extract().jsonPath();
            Map<String, Object> match = list.<Map<String, Object>>getList("").stream()
                    .filter(a -> callerObjectId.equals(((Map<?, ?>) a.get("principal")).get("objectId")))
                    .findFirst().orElse(null);
            if (match == null || ((Number) match.get("detectionCount")).intValue() != detectionCount) {
                return null;
            }
            return given().auth().oauth2(token).when()
                    .get("/api/v1/subscriptions/" + subscription + "/alerts/" + match.get("id"))
                    .then().statusCode(200).extract().jsonPath();
        }, java.util.Objects::nonNull);
    }

    static Detection torDetection(String subscription, String callerObjectId, String secret, Instant time) {
        return TestDetections.tor(subscription, callerObjectId, "mallory@contoso.com", "185.220.101.45", secret, time);
    }
}
