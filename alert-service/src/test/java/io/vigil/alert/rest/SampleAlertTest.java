package io.vigil.alert.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vigil.alert.AlertServiceTest;
import io.vigil.events.AlertType;
import io.vigil.events.Topics;

/** Sample alerts go the way real ones go: stored, listed, published with simulated=true. */
@QuarkusTest
class SampleAlertTest extends AlertServiceTest {

    @Test
    void oneSampleOfEveryDetectionTypeIsStoredAndPublishedAsSimulated() {
        String sub = subscription("sub-samples");
        String base = "/api/v1/subscriptions/" + sub;
        String responder = token("vigil-responder", sub);
        List<String> detectionTypes = Arrays.stream(AlertType.values()).filter(t -> !t.vigilInternal())
                .map(Enum::name).toList();

        JsonPath created = given().auth().oauth2(responder).when().post(base + "/sample-alerts").then()
                .statusCode(201).extract().jsonPath();
        List<String> ids = created.getList("alerts.id");
        assertThat(created.getInt("count")).isEqualTo(detectionTypes.size());
        assertThat(created.getList("alerts.alertType")).containsExactlyInAnyOrderElementsOf(detectionTypes);
        assertThat(ids).doesNotHaveDuplicates();

        String viewer = token("vigil-viewer", sub);
        for (int i = 0; i < ids.size(); i++) {
            JsonPath alert = given().auth().oauth2(viewer).when().get(base + "/alerts/" + ids.get(i)).then()
                    .statusCode(200).extract().jsonPath();
            String type = alert.getString("alertType");
            assertThat(alert.getBoolean("simulated")).isTrue();
            assertThat(alert.getString("displayName"))
                    .isEqualTo("[Sample alert] " + AlertType.valueOf(type).displayName());
            assertThat(alert.getString("status")).isEqualTo("ACTIVE");
            assertThat(alert.getString("severity")).isEqualTo(AlertType.valueOf(type).severity().name());
            assertThat(alert.getBoolean("evidence.facts.simulated")).isTrue();
            assertThat(alert.getString("evidence.summary")).startsWith("Sample alert: ");
            assertThat(alert.getList("objects")).hasSize(3);
            assertThat(alert.getList("remediationSteps")).isNotEmpty();
            assertThat(alert.getString("vault.id")).startsWith("/subscriptions/" + sub + "/");
            if ("KV_TORAccess".equals(type)) {
                assertThat(alert.getBoolean("ip.tor")).isTrue();
            }
            if ("KV_AppAnomaly".equals(type)) {
                assertThat(alert.getString("principal.type")).isEqualTo("APPLICATION");
                assertThat(alert.getString("principal.appId")).isNotBlank();
            }
        }

        var consumer = kafka.consumeStrings().fromTopics(Topics.ALERTS);
        Map<String, JsonNode> published = await().atMost(Duration.ofSeconds(30)).until(() -> consumer
                .getRecords().stream().filter(r -> ids.contains(r.key())).map(r -> read(r.value()))
                .collect(Collectors.toMap(e -> e.get("alertId").asText(), e -> e, (a, b) -> a)),
                events -> events.size() == ids.size());
        consumer.stop();
        assertThat(published.values()).allSatisfy(event -> {
            assertThat(event.get("simulated").asBoolean()).isTrue();
            assertThat(event.get("change").asText()).isEqualTo("CREATED");
            assertThat(event.get("subscriptionId").asText()).isEqualTo(sub);
            assertThat(event.get("correlationKey").asText()).startsWith("SIMULATED_");
        });

        // every request raises new samples rather than updating the earlier ones
        List<String> again = given().auth().oauth2(token("vigil-admin", sub)).when().post(base + "/sample-alerts")
                .then().statusCode(201).extract().jsonPath().getList("alerts.id");
        assertThat(again).hasSize(ids.size()).doesNotContainAnyElementsOf(ids);
        assertThat(given().auth().oauth2(viewer).when().get("/api/v1/alerts?size=100").then().statusCode(200)
                .extract().jsonPath().getList("id")).hasSize(2 * ids.size());
    }

    @Test
    void viewersAndOtherTenantsRaiseNothing() {
        String sub = subscription("sub-samples");
        String path = "/api/v1/subscriptions/" + sub + "/sample-alerts";
        given().auth().oauth2(token("vigil-viewer", sub)).when().post(path).then().statusCode(403);
        given().auth().oauth2(token("vigil-admin", "sub-elsewhere")).when().post(path).then().statusCode(404)
                .contentType("application/problem+json");
        given().when().post(path).then().statusCode(401);
        assertThat(given().auth().oauth2(token("vigil-viewer", sub)).when().get("/api/v1/alerts").then()
                .statusCode(200).extract().jsonPath().getList("id")).isEmpty();
    }
}
