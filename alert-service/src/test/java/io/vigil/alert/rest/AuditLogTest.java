package io.vigil.alert.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vigil.alert.AlertServiceTest;

/** A subscription's audit log across alert status changes, suppression-rule changes and settings changes. */
@QuarkusTest
class AuditLogTest extends AlertServiceTest {

    @Test
    void theLogMergesEveryTrailNewestFirstFiltersByKindAndPagesWithACursor() {
        String sub = subscription("sub-audit");
        String base = "/api/v1/subscriptions/" + sub;
        String admin = token("vigil-admin", sub);
        String responder = token("vigil-responder", sub);

        // 1. settings
        given().auth().oauth2(admin).header("If-Match", "\"0\"").contentType("application/json")
                .body("{\"protectionEnabled\":true,\"trustedNetworks\":[\"10.0.0.0/8\"]}")
                .when().put(base + "/settings").then().statusCode(200);
        // 2. a rule
        String ruleId = given().auth().oauth2(responder).contentType("application/json")
                .body("{\"name\":\"quiet-scanner\",\"alertType\":\"KV_TORAccess\",\"conditions\":[{\"field\":"
                        + "\"principal.upn\",\"in\":[\"scanner@contoso.com\"]}],\"reason\":\"Noise\"}")
                .when().post(base + "/suppression-rules").then().statusCode(201).extract().path("id");
        // 3. an alert's status
        String alertId = given().auth().oauth2(responder).when().post(base + "/sample-alerts").then()
                .statusCode(201).extract().path("alerts[0].id");
        given().auth().oauth2(responder).header("If-Match", "\"1\"").contentType("application/json")
                .body("{\"status\":\"IN_PROGRESS\",\"comment\":\"looking into it\"}")
                .when().post(base + "/alerts/" + alertId + "/status").then().statusCode(200);
        // 4. the rule disabled
        given().auth().oauth2(responder).header("If-Match", "\"1\"").contentType("application/json")
                .body("{\"name\":\"quiet-scanner\",\"alertType\":\"KV_TORAccess\",\"conditions\":[{\"field\":"
                        + "\"principal.upn\",\"in\":[\"scanner@contoso.com\"]}],\"reason\":\"Noise\","
                        + "\"state\":\"Disabled\"}")
                .when().put(base + "/suppression-rules/" + ruleId).then().statusCode(200);

        JsonPath all = given().auth().oauth2(admin).when().get(base + "/audit-log").then().statusCode(200)
                .extract().jsonPath();
        assertThat(all.getList("items.kind"))
                .containsExactly("suppression-rule", "alert-status", "suppression-rule", "settings");
        assertThat(all.getList("items.action")).containsExactly("DISABLED", "STATUS_CHANGED", "CREATED", "UPDATED");
        assertThat(all.getString("nextCursor")).isNull();
        assertThat(all.getString("items[0].targetId")).isEqualTo(ruleId);
        assertThat(all.getString("items[0].targetName")).isEqualTo("quiet-scanner");
        assertThat(all.getString("items[0].before.state")).isEqualTo("Enabled");
        assertThat(all.getString("items[0].after.state")).isEqualTo("Disabled");
        assertThat(all.getString("items[1].targetId")).isEqualTo(alertId);
        assertThat(all.getString("items[1].targetName")).startsWith("[Sample alert] ");
        assertThat(all.getString("items[1].before.status")).isEqualTo("ACTIVE");
        assertThat(all.getString("items[1].after.status")).isEqualTo("IN_PROGRESS");
        assertThat(all.getString("items[1].comment")).isEqualTo("looking into it");
        assertThat(all.getString("items[2].before")).isNull();
        assertThat(all.getString("items[3].targetId")).isEqualTo("settings");
        assertThat(all.getList("items[3].after.trustedNetworks")).containsExactly("10.0.0.0/8");
        List<String> times = all.getList("items.at");
        assertThat(times).isSortedAccordingTo(java.util.Comparator.<String, java.time.Instant>comparing(
                java.time.Instant::parse).reversed());
        assertThat(all.getList("items.actor", String.class)).allMatch(a -> a.startsWith("user-"));

        assertThat(given().auth().oauth2(responder).when().get(base + "/audit-log?kind=suppression-rule").then()
                .statusCode(200).extract().jsonPath().getList("items.action")).containsExactly("DISABLED", "CREATED");
        assertThat(given().auth().oauth2(responder).when().get(base + "/audit-log?kind=settings,alert-status")
                .then().statusCode(200).extract().jsonPath().getList("items.kind"))
                .containsExactly("alert-status", "settings");
        assertThat(given().auth().oauth2(responder).when()
                .get(base + "/audit-log?kind=settings&kind=suppression-rule").then().statusCode(200).extract()
                .jsonPath().getList("items.kind")).containsExactly("suppression-rule", "suppression-rule", "settings");

        // pages of one: the same entries in the same order, each once
        List<String> paged = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            JsonPath page = given().auth().oauth2(admin).queryParam("limit", 1)
                    .queryParam("cursor", cursor == null ? "" : cursor).when().get(base + "/audit-log").then()
                    .statusCode(200).extract().jsonPath();
            paged.addAll(page.getList("items.kind").stream().map(k -> k + "/"
                    + page.getList("items.id").get(0)).toList());
            cursor = page.getString("nextCursor");
            pages++;
        } while (cursor != null && pages < 10);
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            expected.add(all.getString("items[" + i + "].kind") + "/" + all.getString("items[" + i + "].id"));
        }
        assertThat(paged).containsExactlyElementsOf(expected);
        assertThat(pages).isEqualTo(4);

        given().auth().oauth2(admin).when().get(base + "/audit-log?kind=logins").then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].location", equalTo("kind"));
        given().auth().oauth2(admin).when().get(base + "/audit-log?cursor=bm9wZQ").then().statusCode(400)
                .contentType("application/problem+json");
        given().auth().oauth2(admin).when().get(base + "/audit-log?limit=0").then().statusCode(400);
        given().auth().oauth2(token("vigil-viewer", sub)).when().get(base + "/audit-log").then().statusCode(403);
        given().auth().oauth2(token("vigil-admin", "sub-other")).when().get(base + "/audit-log").then()
                .statusCode(404);
        // another subscription's log holds none of this
        assertThat(given().auth().oauth2(token("vigil-admin", sub + "-b")).when()
                .get("/api/v1/subscriptions/" + sub + "-b/audit-log").then().statusCode(200).extract().jsonPath()
                .getList("items")).isEmpty();
    }
}
