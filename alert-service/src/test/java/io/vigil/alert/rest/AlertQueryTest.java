package io.vigil.alert.rest;

import static io.restassured.RestAssured.given;
import static io.vigil.alert.rest.QueryFixtures.alertId;
import static io.vigil.alert.rest.QueryFixtures.alertsPath;
import static io.vigil.alert.rest.QueryFixtures.all;
import static io.vigil.alert.rest.QueryFixtures.app;
import static io.vigil.alert.rest.QueryFixtures.awaitTotal;
import static io.vigil.alert.rest.QueryFixtures.detection;
import static io.vigil.alert.rest.QueryFixtures.ids;
import static io.vigil.alert.rest.QueryFixtures.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;


import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vigil.alert.AlertServiceTest;
import io.vigil.events.AlertType;
import io.vigil.events.Detection;
import io.vigil.events.Severity;

/**
 * The filtered list against the running service (real PostgreSQL, Kafka, OIDC tokens): each filter narrows, keyset
 * pages visit every alert exactly once in every sort order however many alerts share a timestamp, totals, and bad
 * parameters or cursors answer 400 naming the parameter. Each test works in its own subscription.
 */
@QuarkusTest
class AlertQueryTest extends AlertServiceTest {

    @Test
    void eachFilterNarrowsTheListAndTotalsCountTheMatches() throws Exception {
        String sub = subscription("filters");
        Instant t = Instant.parse("2026-11-20T10:00:00Z");
        Detection tor = detection(sub).principal(user("OID-Mallory", "Mallory@Contoso.com"))
                .ip("185.220.101.45", true).at(t).build();
        Detection tor2 = detection(sub).principal(user("oid-eve", "eve@contoso.com"))
                .ip("185.220.101.46", true).at(t.plusSeconds(60)).build();
        Detection denied = detection(sub).type(AlertType.KV_UserAccessDeniedAnomaly).vault("kv-dev")
                .principal(user("oid-mallory", "mallory@contoso.com")).ip("10.1.2.3", false)
                .at(t.plusSeconds(120)).build();
        Detection appAnomaly = detection(sub).type(AlertType.KV_AppAnomaly).vault("kv-dev")
                .principal(app("sp-backup", "APP-123")).ip("10.1.2.4", false).at(t.plusSeconds(180)).build();
        Detection suspicious = detection(sub).type(AlertType.KV_SuspiciousIPAccess).severity(Severity.HIGH)
                .principal(user("oid-trent", "trent@contoso.com")).ip("2001:db8::5", false)
                .at(t.plusSeconds(240)).build();
        Detection old = detection(sub).principal(user("oid-mallory", "mallory@contoso.com"))
                .ip("185.220.101.45", true).at(Instant.parse("2026-11-01T08:00:00Z")).build();
        send(List.of(tor, tor2, denied, appAnomaly, suspicious, old));
        awaitTotal(sub, 6);
        String responder = token("vigil-responder", sub);
        QueryFixtures.changeStatus(sub, alertId(tor2), "IN_PROGRESS", responder);
        QueryFixtures.changeStatus(sub, alertId(denied), "RESOLVED", responder);

        String a1 = alertId(tor);
        String a2 = alertId(tor2);
        String a3 = alertId(denied);
        String a4 = alertId(appAnomaly);
        String a5 = alertId(suspicious);
        String a6 = alertId(old);
        // default: every alert, last activity newest first
        assertThat(ids(sub, "")).containsExactly(a5, a4, a3, a2, a1, a6);
        assertThat(ids(sub, "vault=kv-dev")).containsExactly(a4, a3);
        assertThat(ids(sub, "vault=KV-DEV")).containsExactly(a4, a3);
        assertThat(ids(sub, "vault=" + QueryFixtures.vault(sub, "kv-dev").id())).containsExactly(a4, a3);
        assertThat(ids(sub, "vault=kv-dev&vault=nope")).containsExactly(a4, a3);
        assertThat(ids(sub, "type=KV_TORAccess")).containsExactly(a2, a1, a6);
        assertThat(ids(sub, "type=KV_AppAnomaly&type=KV_SuspiciousIPAccess")).containsExactly(a5, a4);
        assertThat(ids(sub, "type=kv_appanomaly,KV_SuspiciousIPAccess")).containsExactly(a5, a4);
        assertThat(ids(sub, "severity=LOW")).containsExactly(a3);
        assertThat(ids(sub, "severity=HIGH&severity=LOW")).containsExactly(a5, a3);
        assertThat(ids(sub, "minSeverity=MEDIUM")).containsExactly(a5, a4, a2, a1, a6);
        assertThat(ids(sub, "minSeverity=HIGH")).containsExactly(a5);
        assertThat(ids(sub, "status=ACTIVE")).containsExactly(a5, a4, a1, a6);
        assertThat(ids(sub, "status=IN_PROGRESS&status=RESOLVED")).containsExactly(a3, a2);
        assertThat(ids(sub, "from=2026-11-20T10:01:00Z")).containsExactly(a5, a4, a3, a2);
        assertThat(ids(sub, "from=2026-11-20T10:01:00Z&to=2026-11-20T10:03:00Z")).containsExactly(a3, a2);
        assertThat(ids(sub, "to=2026-11-20")).containsExactly(a6);
        // the caller by object id, UPN or app id, without case
        assertThat(ids(sub, "principal=mallory@contoso.com")).containsExactly(a3, a1, a6);
        assertThat(ids(sub, "principal=oid-MALLORY")).containsExactly(a3, a1, a6);
        assertThat(ids(sub, "principal=app-123")).containsExactly(a4);
        assertThat(ids(sub, "principal=sp-backup")).containsExactly(a4);
        assertThat(ids(sub, "principal=eve@contoso.com&principal=oid-trent")).containsExactly(a5, a2);
        assertThat(ids(sub, "ip=185.220.101.45")).containsExactly(a1, a6);
        assertThat(ids(sub, "ip=185.220.101.0/24")).containsExactly(a2, a1, a6);
        assertThat(ids(sub, "ip=2001:db8::/32")).containsExactly(a5);
        assertThat(ids(sub, "ip=2001:0db8:0:0::5")).containsExactly(a5);
        assertThat(ids(sub, "ip=10.1.2.3,10.1.2.4")).containsExactly(a4, a3);
        // filters combine
        assertThat(ids(sub, "vault=kv-prod&principal=mallory@contoso.com&status=ACTIVE"))
                .containsExactly(a1, a6);
        assertThat(ids(sub, "principal=mallory@contoso.com&vault=kv-dev")).containsExactly(a3);
        assertThat(ids(sub, "type=KV_TORAccess&from=2026-11-10&ip=185.220.101.0/24&minSeverity=MEDIUM"))
                .containsExactly(a2, a1);
        assertThat(ids(sub, "vault=kv-none")).isEmpty();

        JsonPath first = given().auth().oauth2(token("vigil-viewer", sub)).when()
                .get(alertsPath(sub) + "?principal=mallory@contoso.com&limit=2").then().statusCode(200)
                .extract().jsonPath();
        assertThat(first.getLong("total")).isEqualTo(3);
        assertThat(first.getList("items")).hasSize(2);
        assertThat(first.getString("items[0].principal.upn")).isEqualTo("mallory@contoso.com");
        assertThat(first.getString("items[0].vault.name")).isEqualTo("kv-dev");
        assertThat(first.getInt("items[0].objectCount")).isEqualTo(1);
        assertThat(first.getString("items[0].summary")).contains("db-password");
        assertThat(first.getString("items[1].client.ip")).isEqualTo("185.220.101.45");
        assertThat(first.getBoolean("items[1].ip.tor")).isTrue();
        given().auth().oauth2(token("vigil-viewer", sub)).when().get(alertsPath(sub) + "?vault=kv-none")
                .then().statusCode(200).body("total", equalTo(0)).body("next", nullValue());
    }

    @Test
    void pagesWalkEveryAlertExactlyOnceInEverySortOrderAcrossTies() throws Exception {
        String sub = subscription("pages");
        Instant base = Instant.parse("2026-11-20T08:00:00Z");
        List<Detection> detections = new ArrayList<>();
        AlertType[] types = {AlertType.KV_TORAccess, AlertType.KV_UserAccessDeniedAnomaly, AlertType.KV_UserAnomaly};
        Severity[] severities = {Severity.MEDIUM, Severity.LOW, Severity.HIGH, Severity.MEDIUM};
        for (int i = 0; i < 130; i++) {
            // five distinct last-seen times shared by 26 alerts each; first-seen times tie in threes
            Instant last = base.plusSeconds(600L * (i % 5));
            Instant firstSeen = last.minusSeconds(60L * (i % 3));
            detections.add(detection(sub).type(types[i % 3]).severity(severities[i % 4])
                    .principal(user("oid-" + i, "user" + i + "@contoso.com")).seen(firstSeen, last).build());
        }
        send(detections);
        awaitTotal(sub, 130);

        for (String query : List.of("limit=7", "limit=7&order=asc", "sort=severity&limit=9",
                "sort=severity&order=asc&limit=11", "sort=firstSeen&order=asc&limit=13", "sort=firstSeen&limit=200",
                "limit=3&status=ACTIVE&minSeverity=LOW")) {
            List<Map<String, Object>> walked = all(sub, query);
            assertThat(walked).as(query).hasSize(130);
            assertThat(new HashSet<>(walked.stream().map(a -> a.get("id")).toList())).as(query).hasSize(130);
            Comparator<Map<String, Object>> order = order(query);
            for (int i = 1; i < walked.size(); i++) {
                assertThat(order.compare(walked.get(i - 1), walked.get(i))).as(query + " at " + i).isLessThan(0);
            }
        }

        String viewer = token("vigil-viewer", sub);
        var first = given().auth().oauth2(viewer).when().get(alertsPath(sub) + "?type=KV_TORAccess&limit=20")
                .then().statusCode(200).extract();
        JsonPath page = first.jsonPath();
        assertThat(page.getLong("total")).isEqualTo(44);
        assertThat(page.getInt("limit")).isEqualTo(20);
        String next = page.getString("next");
        assertThat(page.getString("links.next")).isEqualTo(alertsPath(sub) + "?type=KV_TORAccess&limit=20&cursor="
                + next);
        assertThat(first.header("Link")).isEqualTo("<" + page.getString("links.next") + ">; rel=\"next\"");
        // later pages count only when asked
        JsonPath second = given().auth().oauth2(viewer).when().get(page.getString("links.next")).then()
                .statusCode(200).extract().jsonPath();
        assertThat(second.get("total") == null).isTrue();
        assertThat(given().auth().oauth2(viewer).when()
                .get(alertsPath(sub) + "?type=KV_TORAccess&limit=20&includeTotal=true&cursor=" + next).then()
                .statusCode(200).extract().jsonPath().getLong("total")).isEqualTo(44);
        assertThat(given().auth().oauth2(viewer).when()
                .get(alertsPath(sub) + "?type=KV_TORAccess&limit=20&includeTotal=false").then()
                .statusCode(200).extract().jsonPath().get("total") == null).isTrue();
        // totals are counted up to a bound (100 in tests, vigil.alert.query.total-limit), or exactly on request
        given().auth().oauth2(viewer).when().get(alertsPath(sub)).then().statusCode(200)
                .body("total", equalTo(100)).body("totalExact", equalTo(false));
        given().auth().oauth2(viewer).when().get(alertsPath(sub) + "?includeTotal=exact").then().statusCode(200)
                .body("total", equalTo(130)).body("totalExact", equalTo(true));
        assertThat(page.getBoolean("totalExact")).isTrue();
        JsonPath last = given().auth().oauth2(viewer).when().get(second.getString("links.next")).then()
                .statusCode(200).extract().jsonPath();
        assertThat(last.getList("items")).hasSize(4);
        assertThat(last.getString("next")).isNull();
    }

    @Test
    void badParametersAndCursorsAreProblemsNamingTheParameter() throws Exception {
        String sub = subscription("bad");
        List<Detection> detections = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            detections.add(detection(sub).at(Instant.parse("2026-11-20T10:00:00Z").plusSeconds(i)).build());
        }
        send(detections);
        awaitTotal(sub, 3);
        String viewer = token("vigil-viewer", sub);
        Map<String, String> bad = new java.util.LinkedHashMap<>();
        bad.put("severity=CRITICAL", "severity");
        bad.put("minSeverity=SEVERE", "minSeverity");
        bad.put("minSeverity=LOW&minSeverity=HIGH", "minSeverity");
        bad.put("status=open", "status");
        bad.put("type=KV_Nope", "type");
        bad.put("limit=0", "limit");
        bad.put("limit=201", "limit");
        bad.put("limit=ten", "limit");
        bad.put("sort=name", "sort");
        bad.put("order=up", "order");
        bad.put("from=yesterday", "from");
        bad.put("from=2026-11-20&to=2026-11-19", "to");
        bad.put("ip=999.1.1.1", "ip");
        bad.put("ip=10.0.0.0/33", "ip");
        bad.put("vault=", "vault");
        bad.put("includeTotal=maybe", "includeTotal");
        bad.put("limit=5&limit=6", "limit");
        bad.put("staus=ACTIVE", "staus");
        bad.put("cursor=", "cursor");
        for (var entry : bad.entrySet()) {
            given().auth().oauth2(viewer).when().get(alertsPath(sub) + "?" + entry.getKey()).then().log().ifValidationFails()
                    .statusCode(400).contentType("application/problem+json")
                    .body("errors[0].location", equalTo(entry.getValue()))
                    .body("detail", containsString(entry.getValue()));
        }

        JsonPath page = given().auth().oauth2(viewer).when().get(alertsPath(sub) + "?limit=1&vault=kv-prod").then()
                .statusCode(200).extract().jsonPath();
        String cursor = page.getString("next");
        // the cursor works with its own query...
        given().auth().oauth2(viewer).when().get(alertsPath(sub) + "?limit=1&vault=kv-prod&cursor=" + cursor)
                .then().statusCode(200);
        // ...and is refused when edited, truncated, or used with other filters, another sort or another tenant
        String payload = cursor.substring(0, cursor.indexOf('.'));
        String decoded = new String(java.util.Base64.getUrlDecoder().decode(payload), StandardCharsets.UTF_8);
        String forged = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                decoded.replaceFirst("\\|[0-9a-f]{32}$", "|ffffffffffffffffffffffffffffffff")
                        .getBytes(StandardCharsets.UTF_8)) + cursor.substring(cursor.indexOf('.'));
        char flip = cursor.charAt(cursor.length() - 3) == 'A' ? 'B' : 'A';
        String tampered = cursor.substring(0, cursor.length() - 3) + flip + cursor.substring(cursor.length() - 2);
        for (String query : List.of("limit=1&vault=kv-prod&cursor=" + forged,
                "limit=1&vault=kv-prod&cursor=" + tampered,
                "limit=1&vault=kv-prod&cursor=" + payload,
                "limit=1&vault=kv-prod&cursor=not-a-cursor",
                "limit=1&vault=kv-prod&cursor=" + cursor.substring(0, cursor.length() - 5),
                "limit=1&vault=kv-dev&cursor=" + cursor,
                "limit=1&cursor=" + cursor,
                "limit=1&vault=kv-prod&sort=severity&cursor=" + cursor,
                "limit=1&vault=kv-prod&order=asc&cursor=" + cursor)) {
            given().auth().oauth2(viewer).when().get(alertsPath(sub) + "?" + query).then().statusCode(400)
                    .contentType("application/problem+json").body("errors[0].location", equalTo("cursor"));
        }
        String other = subscription("bad-other");
        given().auth().oauth2(token("vigil-viewer", other)).when()
                .get(alertsPath(other) + "?limit=1&vault=kv-prod&cursor=" + cursor).then().statusCode(400)
                .body("errors[0].location", equalTo("cursor"));
    }

    @Test
    void anotherTenantGets404AndNeverItsAlertsAndRolesAreChecked() throws Exception {
        String sub = subscription("tenant");
        String other = subscription("tenant-other");
        send(List.of(detection(sub).build(), detection(other).build()));
        awaitTotal(sub, 1);
        awaitTotal(other, 1);
        String[] paths = {alertsPath(sub), alertsPath(sub) + "/statistics", "/api/v1/subscriptions/" + sub + "/vaults",
                "/api/v1/subscriptions/" + sub + "/vaults/kv-prod/security"};
        for (String path : paths) {
            given().when().get(path).then().statusCode(401).contentType("application/problem+json");
            given().auth().oauth2(token("vigil-ingest", sub)).when().get(path).then().statusCode(403)
                    .contentType("application/problem+json");
            given().auth().oauth2(token("vigil-viewer", other)).when().get(path).then().statusCode(404)
                    .contentType("application/problem+json");
            for (String role : List.of("vigil-viewer", "vigil-responder", "vigil-admin")) {
                given().auth().oauth2(token(role, sub)).when().get(path).then().statusCode(200);
            }
            given().auth().oauth2(token("vigil-viewer", "*")).when().get(path).then().statusCode(200);
        }
        // whatever the filters, a subscription's list holds only its own alerts
        assertThat(all(sub, "")).extracting(a -> a.get("subscriptionId")).containsOnly(sub);
        assertThat(all(other, "vault=kv-prod")).extracting(a -> a.get("subscriptionId")).containsOnly(other);
    }

    private static Comparator<Map<String, Object>> order(String query) {
        Comparator<Map<String, Object>> byId = Comparator.comparing(a -> (String) a.get("id"));
        Comparator<Map<String, Object>> lastSeen = Comparator.comparing(a -> Instant.parse((String) a.get("lastSeen")));
        Comparator<Map<String, Object>> order;
        if (query.contains("sort=severity")) {
            order = Comparator.<Map<String, Object>, Severity>comparing(a -> Severity.valueOf((String) a.get("severity")))
                    .thenComparing(lastSeen).thenComparing(byId);
        } else if (query.contains("sort=firstSeen")) {
            order = Comparator.<Map<String, Object>, Instant>comparing(a -> Instant.parse((String) a.get("firstSeen")))
                    .thenComparing(byId);
        } else {
            order = lastSeen.thenComparing(byId);
        }
        return query.contains("order=asc") ? order : order.reversed();
    }
}
