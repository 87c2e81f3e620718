package io.vigil.alert.rest;

import static io.restassured.RestAssured.given;
import static io.vigil.alert.rest.QueryFixtures.alertId;
import static io.vigil.alert.rest.QueryFixtures.alertsPath;
import static io.vigil.alert.rest.QueryFixtures.awaitTotal;
import static io.vigil.alert.rest.QueryFixtures.detection;
import static io.vigil.alert.rest.QueryFixtures.ids;
import static io.vigil.alert.rest.QueryFixtures.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;


import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vigil.alert.AlertServiceTest;
import io.vigil.events.Detection;
import io.vigil.events.Topics;

/**
 * Bulk status changes by filter: the lifecycle decides per alert, each change is in the alert's history and published
 * through the outbox like a single change, the per-call bound holds (5 in tests, vigil.alert.bulk.max-alerts), and
 * only responders and admins of the subscription may do it.
 */
@QuarkusTest
class BulkStatusChangeTest extends AlertServiceTest {

    @Test
    void matchingAlertsChangeAsSingleChangesDoAndTheOthersAreSkipped() throws Exception {
        String sub = subscription("bulk");
        Instant t = Instant.parse("2026-11-20T10:00:00Z");
        List<Detection> scanner = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            scanner.add(detection(sub).principal(user("oid-scanner", "scanner@contoso.com")).at(t.plusSeconds(i))
                    .build());
        }
        Detection resolvedBefore = detection(sub).principal(user("oid-scanner", "scanner@contoso.com"))
                .at(t.plusSeconds(10)).build();
        Detection otherVault = detection(sub).vault("kv-dev").principal(user("oid-scanner", "scanner@contoso.com"))
                .at(t.plusSeconds(11)).build();
        Detection otherCaller = detection(sub).principal(user("oid-mallory", "mallory@contoso.com"))
                .at(t.plusSeconds(12)).build();
        List<Detection> all = new ArrayList<>(scanner);
        all.addAll(List.of(resolvedBefore, otherVault, otherCaller));
        send(all);
        awaitTotal(sub, 7);
        String responder = token("vigil-responder", sub);
        QueryFixtures.changeStatus(sub, alertId(resolvedBefore), "RESOLVED", responder);
        String body = """
                {"filter": {"vault": "kv-prod", "principal": "scanner@contoso.com"},
                 "status": "RESOLVED", "comment": "the weekly pentest", "dryRun": %s}""";

        var consumer = kafka.consumeStrings().fromTopics(Topics.ALERTS);
        // a dry run counts and changes nothing
        given().auth().oauth2(responder).contentType("application/json").body(body.formatted("true"))
                .when().post(alertsPath(sub) + "/status").then().statusCode(200)
                .body("matched", equalTo(5)).body("changed", equalTo(4)).body("skipped", equalTo(1))
                .body("skippedByStatus.RESOLVED", equalTo(1)).body("remaining", equalTo(0))
                .body("dryRun", equalTo(true)).body("limit", equalTo(5));
        assertThat(ids(sub, "status=RESOLVED")).containsExactly(alertId(resolvedBefore));

        given().auth().oauth2(responder).contentType("application/json").body(body.formatted("false"))
                .when().post(alertsPath(sub) + "/status").then().statusCode(200)
                .body("matched", equalTo(5)).body("changed", equalTo(4)).body("skipped", equalTo(1))
                .body("remaining", equalTo(0)).body("dryRun", equalTo(false));
        List<String> changed = scanner.stream().map(QueryFixtures::alertId).toList();
        assertThat(ids(sub, "status=RESOLVED")).containsExactlyInAnyOrderElementsOf(
                concat(changed, alertId(resolvedBefore)));
        assertThat(ids(sub, "status=ACTIVE")).containsExactlyInAnyOrder(alertId(otherVault), alertId(otherCaller));
        for (String id : changed) {
            JsonPath alert = given().auth().oauth2(token("vigil-viewer", sub)).when().get(alertsPath(sub) + "/" + id)
                    .then().statusCode(200).extract().jsonPath();
            assertThat(alert.getInt("version")).isEqualTo(2);
            assertThat(alert.getList("history.to")).containsExactly("RESOLVED");
            assertThat(alert.getString("history[0].from")).isEqualTo("ACTIVE");
            assertThat(alert.getString("history[0].comment")).isEqualTo("the weekly pentest");
            assertThat(alert.getString("history[0].actor")).startsWith("user-");
        }
        // published like single changes: one STATUS_CHANGED per changed alert, version 2, RESOLVED
        List<JsonNode> events = await().atMost(Duration.ofSeconds(30)).until(() -> consumer.getRecords().stream()
                .map(r -> read(r.value())).filter(e -> changed.contains(e.get("alertId").asText()))
                .filter(e -> "STATUS_CHANGED".equals(e.get("change").asText())).toList(), e -> e.size() >= 4);
        consumer.stop();
        assertThat(events).hasSize(4);
        assertThat(events).allSatisfy(e -> {
            assertThat(e.get("version").asLong()).isEqualTo(2);
            assertThat(e.get("status").asText()).isEqualTo("RESOLVED");
            assertThat(e.at("/principal/upn").asText()).isEqualTo("scanner@contoso.com");
        });

        // again: nothing left to change, all skipped
        given().auth().oauth2(responder).contentType("application/json").body(body.formatted("false"))
                .when().post(alertsPath(sub) + "/status").then().statusCode(200)
                .body("changed", equalTo(0)).body("skipped", equalTo(5)).body("skippedByStatus.RESOLVED", equalTo(5));
        // reopening is a lifecycle step too
        given().auth().oauth2(token("vigil-admin", sub)).contentType("application/json")
                .body("{\"filter\": {\"status\": [\"RESOLVED\"], \"type\": \"KV_TORAccess\"}, \"status\": \"ACTIVE\"}")
                .when().post(alertsPath(sub) + "/status").then().statusCode(200)
                .body("matched", equalTo(5)).body("changed", equalTo(5));
    }

    @Test
    void atMostTheBoundChangesPerCallAndTheNextCallContinues() throws Exception {
        String sub = subscription("bound");
        List<Detection> detections = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            detections.add(detection(sub).at(Instant.parse("2026-11-20T10:00:00Z").plusSeconds(i)).build());
        }
        send(detections);
        awaitTotal(sub, 7);
        String responder = token("vigil-responder", sub);
        String body = "{\"filter\": {}, \"status\": \"DISMISSED\", \"comment\": \"noise\"}";
        given().auth().oauth2(responder).contentType("application/json").body(body)
                .when().post(alertsPath(sub) + "/status").then().statusCode(200)
                .body("matched", equalTo(7)).body("changed", equalTo(5)).body("remaining", equalTo(2));
        given().auth().oauth2(responder).contentType("application/json").body(body)
                .when().post(alertsPath(sub) + "/status").then().statusCode(200)
                .body("matched", equalTo(7)).body("changed", equalTo(2)).body("skipped", equalTo(5))
                .body("remaining", equalTo(0));
        assertThat(ids(sub, "status=DISMISSED")).hasSize(7);
    }

    @Test
    void onlyRespondersAndAdminsOfTheSubscriptionChangeAndBadInputIsNamed() throws Exception {
        String sub = subscription("bulk-roles");
        String other = subscription("bulk-roles-other");
        Detection theirs = detection(other).build();
        send(List.of(detection(sub).build(), theirs));
        awaitTotal(sub, 1);
        awaitTotal(other, 1);
        String body = "{\"filter\": {}, \"status\": \"RESOLVED\"}";
        String path = alertsPath(sub) + "/status";
        given().contentType("application/json").body(body).when().post(path).then().statusCode(401);
        given().auth().oauth2(token("vigil-viewer", sub)).contentType("application/json").body(body).when()
                .post(path).then().statusCode(403).contentType("application/problem+json");
        given().auth().oauth2(token("vigil-ingest", sub)).contentType("application/json").body(body).when()
                .post(path).then().statusCode(403);
        given().auth().oauth2(token("vigil-responder", other)).contentType("application/json").body(body).when()
                .post(path).then().statusCode(404).contentType("application/problem+json");
        // a responder of one tenant never changes another's alerts, whatever the filter says
        given().auth().oauth2(token("vigil-responder", sub)).contentType("application/json")
                .body("{\"filter\": {\"vault\": \"" + QueryFixtures.vault(other, "kv-prod").id()
                        + "\"}, \"status\": \"RESOLVED\"}")
                .when().post(path).then().statusCode(200).body("matched", equalTo(0));
        assertThat(ids(other, "status=ACTIVE")).containsExactly(alertId(theirs));

        Map<String, String> bad = new java.util.LinkedHashMap<>();
        bad.put("{\"status\": \"RESOLVED\"}", "filter");
        bad.put("{\"filter\": {}}", "status");
        bad.put("{\"filter\": {}, \"status\": \"CLOSED\"}", "status");
        bad.put("{\"filter\": {\"severity\": \"CRITICAL\"}, \"status\": \"RESOLVED\"}", "filter.severity");
        bad.put("{\"filter\": {\"staus\": \"ACTIVE\"}, \"status\": \"RESOLVED\"}", "filter.staus");
        bad.put("{\"filter\": {\"from\": \"soon\"}, \"status\": \"RESOLVED\"}", "filter.from");
        bad.put("{\"filter\": {}, \"status\": \"RESOLVED\", \"dryrun\": true}", "dryrun");
        bad.put("{\"filter\": {}, \"status\": \"RESOLVED\", \"comment\": \"" + "x".repeat(4001) + "\"}", "comment");
        for (var entry : bad.entrySet()) {
            given().auth().oauth2(token("vigil-admin", sub)).contentType("application/json").body(entry.getKey())
                    .when().post(path).then().log().ifValidationFails().statusCode(400)
                    .contentType("application/problem+json")
                    .body("errors[0].location", equalTo(entry.getValue()));
        }
        assertThat(ids(sub, "status=ACTIVE")).hasSize(1);
    }

    private static List<String> concat(List<String> list, String one) {
        List<String> all = new ArrayList<>(list);
        all.add(one);
        return all;
    }
}
