package io.vigil.alert.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.stream.Stream;


import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.vigil.alert.AlertServiceTest;
import io.vigil.alert.TestDetections;
import io.vigil.events.Detection;
import io.vigil.events.DeterministicId;
import io.vigil.events.Topics;

/**
 * Suppression rules against the running service: real PostgreSQL, Kafka and OIDC tokens. Each test works in its own
 * subscription, so rules never leak into another test's alerts.
 */
@QuarkusTest
class SuppressionRuleTest extends AlertServiceTest {

    @Test
    void rulesAreValidatedAndARuleMatchingEverythingIsRefused() {
        String sub = subscription("sub-rules");
        String responder = token("vigil-responder", sub);
        String rules = rulesPath(sub);

        Response created = given().auth().oauth2(responder).contentType("application/json")
                .body(rule("tor-from-scanner", "KV_TORAccess", "{\"field\":\"ip.address\",\"in\":[\"185.220.101.0/24\"]}",
                        "FalsePositive", "our pentest scanner"))
                .when().post(rules).then().statusCode(201).header("ETag", "\"1\"")
                .extract().response();
        String id = created.jsonPath().getString("id");
        assertThat(created.header("Location")).endsWith(rules + "/" + id);
        assertThat(created.jsonPath().getString("state")).isEqualTo("Enabled");
        assertThat(created.jsonPath().getString("effectiveState")).isEqualTo("Enabled");
        assertThat(created.jsonPath().getInt("suppressedCount")).isZero();
        assertThat(created.jsonPath().getString("createdBy")).startsWith("user-");

        given().auth().oauth2(responder).when().get(rules + "/" + id).then().statusCode(200)
                .header("ETag", "\"1\"").body("conditions[0].in[0]", equalTo("185.220.101.0/24"));
        assertThat(given().auth().oauth2(responder).when().get(rules + "?alertType=KV_TORAccess").then()
                .statusCode(200).extract().jsonPath().getList("id")).containsExactly(id);
        assertThat(given().auth().oauth2(responder).when().get(rules + "?alertType=KV_AppAnomaly").then()
                .statusCode(200).extract().jsonPath().getList("id")).isEmpty();
        given().auth().oauth2(responder).when().get(rules + "?alertType=KV_Nope").then().statusCode(400);

        given().auth().oauth2(responder).contentType("application/json")
                .body(rule("-bad name", "KV_TORAccess", "", "Noise", null))
                .when().post(rules).then().statusCode(422).contentType("application/problem+json")
                .body("errors[0].location", equalTo("name"));
        given().auth().oauth2(responder).contentType("application/json")
                .body(rule("everything", "*", "", "Noise", null))
                .when().post(rules).then().statusCode(422).contentType("application/problem+json")
                .body("type", endsWith("rule-matches-everything"));
        given().auth().oauth2(responder).contentType("application/json")
                .body(rule("everything", "*", "{\"field\":\"vault.name\",\"contains\":\"\"}", "Noise", null))
                .when().post(rules).then().statusCode(422)
                .body("errors[0].location", equalTo("conditions[0].contains"));
        given().auth().oauth2(responder).contentType("application/json")
                .body(rule("other", "KV_TORAccess", "", "Other", null))
                .when().post(rules).then().statusCode(422).body("errors[0].location", equalTo("comment"));
        given().auth().oauth2(responder).contentType("application/json")
                .body(rule("why", "KV_TORAccess", "", "BecauseISaidSo", null))
                .when().post(rules).then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].location", equalTo("reason"));
        given().auth().oauth2(responder).contentType("application/json")
                .body(rule("tor-from-scanner", "KV_AppAnomaly", "", "Noise", null))
                .when().post(rules).then().statusCode(409).contentType("application/problem+json");

        // the change is audited and raised where responders look
        given().auth().oauth2(responder).when().get(rules + "/" + id + "/audit").then().statusCode(200)
                .body("action", equalTo(List.of("CREATED"))).body("[0].after.name", equalTo("tor-from-scanner"));
        JsonPath raised = awaitRuleChangeAlert(sub, id, "CREATED");
        assertThat(raised.getString("severity")).isEqualTo("INFORMATIONAL");
        assertThat(raised.getString("status")).isEqualTo("ACTIVE");
        assertThat(raised.getList("tactics")).containsExactly("Defense Evasion");
        assertThat(raised.getList("techniques")).containsExactly("T1562");
        assertThat(raised.getString("principal.upn")).startsWith("user-");
        assertThat(raised.getString("evidence.facts.ruleName")).isEqualTo("tor-from-scanner");
        assertThat(raised.getString("evidence.facts.conditions[0].field")).isEqualTo("ip.address");
        assertThat(raised.getString("evidence.summary")).contains("created suppression rule 'tor-from-scanner'");
        assertThat(raised.getList("remediationSteps")).hasSize(4);
    }

    @Test
    void aMatchingNewAlertIsDismissedCountedAndStaysDismissedAfterTheRuleIsDeleted() throws Exception {
        String sub = subscription("sub-rules");
        String responder = token("vigil-responder", sub);
        String rules = rulesPath(sub);
        String ruleId = given().auth().oauth2(responder).contentType("application/json")
                .body(rule("scanner-account", "*", "{\"field\":\"principal.upn\",\"in\":[\"SCANNER@contoso.com\"]},"
                        + "{\"field\":\"object.name\",\"contains\":\"test\"}", "SpecificEntityFalsePositive",
                        "the nightly scanner"))
                .when().post(rules).then().statusCode(201).extract().jsonPath().getString("id");

        Detection matching = detection(sub, "scanner@contoso.com", "185.220.101.45", "test-secret");
        Detection otherSecret = detection(sub, "scanner@contoso.com", "185.220.101.45", "db-password");
        Detection otherCaller = detection(sub, "mallory@contoso.com", "185.220.101.45", "test-secret");
        send(matching, otherSecret, otherCaller);

        JsonPath dismissed = awaitAlert(sub, matching);
        assertThat(dismissed.getString("status")).isEqualTo("DISMISSED");
        assertThat(dismissed.getString("suppressedBy")).isEqualTo(ruleId);
        assertThat(dismissed.getString("history[0].actor")).isEqualTo("rule:" + ruleId);
        assertThat(dismissed.getString("history[0].from")).isEqualTo("ACTIVE");
        assertThat(dismissed.getString("history[0].to")).isEqualTo("DISMISSED");
        assertThat(dismissed.getString("history[0].comment")).contains("scanner-account")
                .contains("SpecificEntityFalsePositive");
        assertThat(awaitAlert(sub, otherSecret).getString("status")).isEqualTo("ACTIVE");
        assertThat(awaitAlert(sub, otherCaller).getString("status")).isEqualTo("ACTIVE");
        assertThat(awaitAlert(sub, otherCaller).getString("suppressedBy")).isNull();

        JsonPath counted = given().auth().oauth2(responder).when().get(rules + "/" + ruleId).then().statusCode(200)
                .header("ETag", "\"1\"").extract().jsonPath();
        assertThat(counted.getInt("suppressedCount")).isEqualTo(1);
        assertThat(counted.getString("lastMatchedAt")).isNotNull();

        // exports still see the alert, dismissed
        String alertId = dismissed.getString("id");
        var consumer = kafka.consumeStrings().fromTopics(Topics.ALERTS);
        JsonNode event = await().atMost(Duration.ofSeconds(20)).until(() -> consumer.getRecords().stream()
                .map(r -> read(r.value())).filter(e -> e.get("alertId").asText().equals(alertId))
                .findFirst().orElse(null), Objects::nonNull);
        consumer.stop();
        assertThat(event.get("change").asText()).isEqualTo("CREATED");
        assertThat(event.get("status").asText()).isEqualTo("DISMISSED");

        given().auth().oauth2(responder).when().delete(rules + "/" + ruleId).then().statusCode(204);
        given().auth().oauth2(responder).when().get(rules + "/" + ruleId).then().statusCode(404);
        assertThat(awaitAlert(sub, matching).getString("status")).isEqualTo("DISMISSED");
        given().auth().oauth2(responder).when().get(rules + "/" + ruleId + "/audit").then().statusCode(200)
                .body("action", equalTo(List.of("CREATED", "DELETED")));
        awaitRuleChangeAlert(sub, ruleId, "DELETED");

        // after the deletion the same kind of alert is no longer dismissed
        Detection later = detection(sub, "scanner@contoso.com", "185.220.101.46", "test-other");
        send(later);
        assertThat(awaitAlert(sub, later).getString("status")).isEqualTo("ACTIVE");
    }

    @Test
    void furtherDetectionsFoldIntoTheSuppressedAlertUntilTheRuleStopsDismissingThem() throws Exception {
        String sub = subscription("sub-rules");
        String responder = token("vigil-responder", sub);
        String body = rule("noisy-caller", "KV_TORAccess", "{\"field\":\"principal.upn\",\"in\":[\"noisy@contoso.com\"]}",
                "Noise", null);
        String ruleId = given().auth().oauth2(responder).contentType("application/json").body(body)
                .when().post(rulesPath(sub)).then().statusCode(201).extract().jsonPath().getString("id");
        String caller = "oid-" + UUID.randomUUID();
        Detection first = detection(sub, caller, "noisy@contoso.com", "185.220.101.45", "s1");
        send(first);
        String dismissedId = awaitAlert(sub, first).getString("id");
        send(detection(sub, caller, "noisy@contoso.com", "185.220.101.45", "s2"));
        JsonPath folded = await().atMost(Duration.ofSeconds(30)).until(() -> awaitAlert(sub, first),
                alert -> alert.getInt("detectionCount") == 2);
        assertThat(folded.getString("status")).isEqualTo("DISMISSED");
        assertThat(folded.getList("objects.name")).containsExactlyInAnyOrder("s1", "s2");
        given().auth().oauth2(responder).when().get(rulesPath(sub) + "/" + ruleId).then()
                .body("suppressedCount", equalTo(1));

        given().auth().oauth2(responder).header("If-Match", "\"1\"").contentType("application/json")
                .body(body.replace("\"Noise\"", "\"Noise\",\"state\":\"Disabled\""))
                .when().put(rulesPath(sub) + "/" + ruleId).then().statusCode(200);
        Detection afterDisabling = detection(sub, caller, "noisy@contoso.com", "185.220.101.45", "s3");
        send(afterDisabling);
        JsonPath visible = awaitAlert(sub, afterDisabling);
        assertThat(visible.getString("id")).isNotEqualTo(dismissedId);
        assertThat(visible.getString("status")).isEqualTo("ACTIVE");
        assertThat(awaitAlert(sub, first).getInt("detectionCount")).isEqualTo(2);
    }

    @Test
    void expiredAndDisabledRulesDoNotMatch() throws Exception {
        String sub = subscription("sub-rules");
        String responder = token("vigil-responder", sub);
        String rules = rulesPath(sub);
        Instant soon = Instant.now().plusSeconds(2);
        String expiring = given().auth().oauth2(responder).contentType("application/json")
                .body("{\"name\":\"short-lived\",\"alertType\":\"KV_TORAccess\",\"reason\":\"Noise\","
                        + "\"expiresAt\":\"" + soon + "\",\"conditions\":[{\"field\":\"principal.upn\","
                        + "\"in\":[\"expired@contoso.com\"]}]}")
                .when().post(rules).then().statusCode(201).extract().jsonPath().getString("id");
        given().auth().oauth2(responder).contentType("application/json")
                .body("{\"name\":\"switched-off\",\"alertType\":\"KV_TORAccess\",\"reason\":\"Noise\","
                        + "\"state\":\"Disabled\",\"conditions\":[{\"field\":\"principal.upn\","
                        + "\"in\":[\"disabled@contoso.com\"]}]}")
                .when().post(rules).then().statusCode(201).body("effectiveState", equalTo("Disabled"));
        given().auth().oauth2(responder).contentType("application/json")
                .body(rule("past", "KV_TORAccess", "", "Noise", null).replace("\"comment\":null",
                        "\"expiresAt\":\"2020-01-01T00:00:00Z\""))
                .when().post(rules).then().statusCode(422).body("errors[0].location", equalTo("expiresAt"));

        await().atMost(Duration.ofSeconds(10)).until(() -> Instant.now().isAfter(soon.plusMillis(200)));
        given().auth().oauth2(responder).when().get(rules + "/" + expiring).then().statusCode(200)
                .body("state", equalTo("Enabled")).body("effectiveState", equalTo("Expired"));

        Detection afterExpiry = detection(sub, "expired@contoso.com", "185.220.101.45", "s1");
        Detection whileDisabled = detection(sub, "disabled@contoso.com", "185.220.101.45", "s2");
        assertThat(statusesOnceStored(sub, afterExpiry, whileDisabled)).containsExactly("ACTIVE", "ACTIVE");
    }

    @Test
    void ipConditionsMatchCidrRanges() throws Exception {
        String sub = subscription("sub-rules");
        String responder = token("vigil-responder", sub);
        given().auth().oauth2(responder).contentType("application/json")
                .body(rule("office-range", "KV_TORAccess",
                        "{\"field\":\"ip.address\",\"in\":[\"203.0.113.0/25\",\"2001:db8::/32\"]}", "NotRelevant",
                        null))
                .when().post(rulesPath(sub)).then().statusCode(201);
        given().auth().oauth2(responder).contentType("application/json")
                .body(rule("bad-range", "KV_TORAccess", "{\"field\":\"ip.address\",\"in\":[\"203.0.113.0/40\"]}",
                        "NotRelevant", null))
                .when().post(rulesPath(sub)).then().statusCode(422)
                .body("errors[0].location", equalTo("conditions[0].in[0]"));

        Detection inside = detection(sub, "a@contoso.com", "203.0.113.77", "s1");
        Detection outside = detection(sub, "b@contoso.com", "203.0.113.200", "s2");
        assertThat(statusesOnceStored(sub, inside, outside)).containsExactly("DISMISSED", "ACTIVE");
    }

    @Test
    void simulateCountsWhatADraftWouldHaveDismissedAndChangesNothing() throws Exception {
        String sub = subscription("sub-rules");
        String responder = token("vigil-responder", sub);
        List<Detection> detections = List.of(detection(sub, "svc-backup@contoso.com", "198.51.100.1", "s1"),
                detection(sub, "svc-backup@contoso.com", "198.51.100.2", "s2"),
                detection(sub, "mallory@contoso.com", "198.51.100.3", "s3"));
        send(detections);
        for (Detection d : detections) {
            awaitAlert(sub, d);
        }
        String draft = "{\"alertType\":\"*\",\"conditions\":[{\"field\":\"principal.upn\",\"contains\":\"svc-\"}]}";
        JsonPath simulation = given().auth().oauth2(responder).contentType("application/json").body(draft)
                .when().post(rulesPath(sub) + "/simulate").then().statusCode(200).extract().jsonPath();
        assertThat(simulation.getLong("count")).isEqualTo(2);
        assertThat(simulation.getLong("scanned")).isEqualTo(3);
        assertThat(simulation.getBoolean("truncated")).isFalse();
        assertThat(simulation.getList("sample.principal")).containsOnly("svc-backup@contoso.com");
        assertThat(simulation.getList("sample.status")).containsOnly("ACTIVE");

        given().auth().oauth2(responder).contentType("application/json").body(draft)
                .when().post(rulesPath(sub) + "/simulate?days=0").then().statusCode(400);
        given().auth().oauth2(responder).contentType("application/json")
                .body("{\"alertType\":\"*\",\"conditions\":[]}")
                .when().post(rulesPath(sub) + "/simulate").then().statusCode(422);
        given().auth().oauth2(token("vigil-viewer", sub)).contentType("application/json").body(draft)
                .when().post(rulesPath(sub) + "/simulate").then().statusCode(403);

        for (Detection d : detections) {
            assertThat(awaitAlert(sub, d).getString("status")).isEqualTo("ACTIVE");
        }
        assertThat(given().auth().oauth2(responder).when().get(rulesPath(sub)).then().statusCode(200)
                .extract().jsonPath().getList("")).isEmpty();
    }

    @Test
    void editsNeedTheCurrentVersionAndAreAudited() {
        String sub = subscription("sub-rules");
        String responder = token("vigil-responder", sub);
        String rules = rulesPath(sub);
        String body = rule("noisy-app", "KV_AppAnomaly", "{\"field\":\"principal.appId\",\"in\":[\"app-1\"]}",
                "Noise", null);
        String id = given().auth().oauth2(responder).contentType("application/json").body(body)
                .when().post(rules).then().statusCode(201).extract().jsonPath().getString("id");
        String path = rules + "/" + id;

        given().auth().oauth2(responder).contentType("application/json").body(body)
                .when().put(path).then().statusCode(428).contentType("application/problem+json");
        String widened = body.replace("[\"app-1\"]", "[\"app-1\",\"app-2\"]");
        given().auth().oauth2(responder).header("If-Match", "\"1\"").contentType("application/json").body(widened)
                .when().put(path).then().statusCode(200).header("ETag", "\"2\"")
                .body("conditions[0].in", equalTo(List.of("app-1", "app-2")));
        given().auth().oauth2(responder).header("If-Match", "\"1\"").contentType("application/json").body(body)
                .when().put(path).then().statusCode(412).contentType("application/problem+json");
        String disabled = widened.replace("\"Noise\"", "\"Noise\",\"state\":\"Disabled\"");
        given().auth().oauth2(responder).header("If-Match", "\"2\"").contentType("application/json").body(disabled)
                .when().put(path).then().statusCode(200).header("ETag", "\"3\"")
                .body("state", equalTo("Disabled"));
        given().auth().oauth2(responder).header("If-Match", "\"2\"").when().delete(path).then().statusCode(412);

        JsonPath audit = given().auth().oauth2(responder).when().get(path + "/audit").then().statusCode(200)
                .extract().jsonPath();
        assertThat(audit.getList("action")).containsExactly("CREATED", "UPDATED", "DISABLED");
        assertThat(audit.getList("[1].before.conditions[0].in")).containsExactly("app-1");
        assertThat(audit.getList("[1].after.conditions[0].in")).containsExactly("app-1", "app-2");
        assertThat(audit.getString("[2].after.state")).isEqualTo("Disabled");
        JsonPath raised = awaitRuleChangeAlert(sub, id, "UPDATED");
        assertThat(raised.getString("evidence.facts.previousConditions[0].in[0]")).isEqualTo("app-1");
        awaitRuleChangeAlert(sub, id, "DISABLED");
    }

    @Test
    void viewersReadRespondersWriteAndOtherTenantsSeeNothing() {
        String sub = subscription("sub-rules");
        String responder = token("vigil-responder", sub);
        String rules = rulesPath(sub);
        String body = rule("cdn-probe", "KV_SuspiciousIPAccessDenied",
                "{\"field\":\"vault.name\",\"in\":[\"kv-edge\"]}", "AlertSeverityTooHigh", null);
        String id = given().auth().oauth2(responder).contentType("application/json").body(body)
                .when().post(rules).then().statusCode(201).extract().jsonPath().getString("id");
        String path = rules + "/" + id;

        String viewer = token("vigil-viewer", sub);
        given().auth().oauth2(viewer).when().get(rules).then().statusCode(200).body("id", equalTo(List.of(id)));
        given().auth().oauth2(viewer).when().get(path).then().statusCode(200);
        given().auth().oauth2(viewer).when().get(path + "/audit").then().statusCode(200);
        given().auth().oauth2(viewer).contentType("application/json").body(body.replace("cdn-probe", "other"))
                .when().post(rules).then().statusCode(403).contentType("application/problem+json");
        given().auth().oauth2(viewer).header("If-Match", "\"1\"").contentType("application/json").body(body)
                .when().put(path).then().statusCode(403);
        given().auth().oauth2(viewer).when().delete(path).then().statusCode(403);
        given().when().get(rules).then().statusCode(401).contentType("application/problem+json");
        given().auth().oauth2(token("vigil-ingest", sub)).when().get(rules).then().statusCode(403);
        given().auth().oauth2(token("vigil-viewer", "*")).when().get(path).then().statusCode(200);

        String admin = token("vigil-admin", sub);
        given().auth().oauth2(admin).header("If-Match", "\"1\"").contentType("application/json")
                .body(body.replace("AlertSeverityTooHigh", "NotRelevant"))
                .when().put(path).then().statusCode(200);

        String stranger = token("vigil-responder", "sub-other-" + UUID.randomUUID());
        given().auth().oauth2(stranger).when().get(rules).then().statusCode(404)
                .contentType("application/problem+json");
        given().auth().oauth2(stranger).when().get(path).then().statusCode(404);
        given().auth().oauth2(stranger).when().get(path + "/audit").then().statusCode(404);
        given().auth().oauth2(stranger).contentType("application/json").body(body.replace("cdn-probe", "x1"))
                .when().post(rules).then().statusCode(404);
        given().auth().oauth2(stranger).header("If-Match", "\"2\"").contentType("application/json").body(body)
                .when().put(path).then().statusCode(404);
        given().auth().oauth2(stranger).when().delete(path).then().statusCode(404);
        given().auth().oauth2(stranger).contentType("application/json")
                .body("{\"alertType\":\"KV_TORAccess\"}").when().post(rules + "/simulate").then().statusCode(404);
        // the stranger's own subscription does not have the rule either
        String strangerSub = "sub-x-" + UUID.randomUUID();
        given().auth().oauth2(token("vigil-responder", strangerSub)).when()
                .get(rulesPath(strangerSub) + "/" + id).then().statusCode(404)
                .body("detail", containsString(id));
        given().auth().oauth2(admin).when().get(path).then().statusCode(200).body("version", equalTo(2));
    }

    @Test
    void openApiDocumentsTheRuleOperationsWithExamples() {
        String doc = given().when().get("/q/openapi?format=json").then().statusCode(200).extract().asString();
        assertThat(doc).contains("/api/v1/subscriptions/{subscriptionId}/suppression-rules/simulate",
                "/api/v1/subscriptions/{subscriptionId}/suppression-rules/{ruleId}/audit", "pentest-scanner");
    }

    private JsonPath awaitRuleChangeAlert(String sub, String ruleId, String change) {
        String token = token("vigil-viewer", sub);
        return await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250)).until(() -> {
            List<Map<String, Object>> alerts = given().auth().oauth2(token).when().get("/api/v1/alerts?size=100")
                    .then().statusCode(200).extract().jsonPath().getList("");
            Map<String, Object> match = alerts.stream()
                    .filter(a -> "VIGIL_SuppressionRuleChanged".equals(a.get("alertType")))
                    .filter(a -> {
                        Map<?, ?> facts = (Map<?, ?>) ((Map<?, ?>) a.get("evidence")).get("facts");
                        return ruleId.equals(facts.get("ruleId")) && change.equals(facts.get("change"));
                    }).findFirst().orElse(null);
            return match == null ? null : given().auth().oauth2(token).when()
                    .get("/api/v1/subscriptions/" + sub + "/alerts/" + match.get("id")).then().statusCode(200)
                    .extract().jsonPath();
        }, Objects::nonNull);
    }

    /** Sends the detections together, then the status each one's alert is stored with, in the same order. */
    private List<String> statusesOnceStored(String sub, Detection... detections) {
        send(detections);
        return Stream.of(detections).map(d -> awaitAlert(sub, d).getString("status")).toList();
    }

    private JsonPath awaitAlert(String sub, Detection detection) {
        String id = DeterministicId.of(detection.correlationKey(), detection.detectionId());
        String token = token("vigil-viewer", sub);
        return await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).until(() -> {
            var response = given().auth().oauth2(token).when().get("/api/v1/subscriptions/" + sub + "/alerts/" + id);
            return response.statusCode() == 200 ? response.jsonPath() : null;
        }, Objects::nonNull);
    }

    private static String rulesPath(String subscription) {
        return "/api/v1/subscriptions/" + subscription + "/suppression-rules";
    }

    private static String rule(String name, String alertType, String conditions, String reason, String comment) {
        return "{\"name\":\"" + name + "\",\"alertType\":\"" + alertType + "\",\"conditions\":[" + conditions
                + "],\"reason\":\"" + reason + "\",\"comment\":" + (comment == null ? "null" : "\"" + comment + "\"")
                + "}";
    }

    /** A Tor access detection by this caller from this IP on one secret, happening now. */
    static Detection detection(String subscription, String upn, String ip, String secret) {
        return detection(subscription, "oid-" + UUID.randomUUID(), upn, ip, secret);
    }

    /** Detections of one caller object id share a correlation key, so they aggregate. */
    static Detection detection(String subscription, String callerObjectId, String upn, String ip, String secret) {
        return TestDetections.tor(subscription, callerObjectId, upn, ip, secret,
                Instant.now().truncatedTo(ChronoUnit.SECONDS));
    }
}
