package io.vigil.notification.it;

import static io.restassured.RestAssured.given;
import static io.vigil.notification.it.Fixtures.JSON;
import static io.vigil.notification.it.Fixtures.alert;
import static io.vigil.notification.it.Fixtures.publish;
import static io.vigil.notification.it.Fixtures.statuses;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.test.junit.QuarkusTest;
import io.vigil.events.AlertEvent;
import io.vigil.events.AlertStatus;
import io.vigil.events.Severity;
import io.vigil.testsupport.OidcResource;

/**
 * Snapshot export: every current alert of a subscription, latest version only (an older version arriving late
 * changes nothing), in OCSF, JSON and CEF, marked as snapshot records; responders and admins of the subscription.
 */
@QuarkusTest
class SnapshotExportTest {

    private static String token(String role, String... subscriptions) {
        return OidcResource.server().tokenFor(Set.of(role), List.of(subscriptions));
    }

    @Test
    void theCurrentVersionOfEveryAlertInEachFormat() throws Exception {
        var a1 = alert("sub-snapshot", Severity.HIGH);
        var a2 = a1.next(AlertEvent.Change.STATUS_CHANGED).with(a -> a.status = AlertStatus.IN_PROGRESS);
        var a3 = a2.next(AlertEvent.Change.UPDATED);
        var b = alert("sub-snapshot", Severity.LOW).with(a -> a.userAgent = "curl|8 a=b");
        var elsewhere = alert("sub-snapshot-other", Severity.HIGH);
        publish(a1, a3, b, elsewhere);
        publish(a2); // late and older than a3
        await().atMost(Duration.ofSeconds(30)).until(() -> Fixtures.rows("select 1 from delivery where alert_id = ?"
                + " and alert_version = 2 and channel = 'ocsf'", a1.alertId).size() == 1
                && !statuses(b.alertId, "ocsf").isEmpty());

        String responder = token("vigil-responder", "sub-snapshot");
        String json = given().auth().oauth2(responder).queryParam("format", "json").when()
                .get("/api/v1/subscriptions/sub-snapshot/export").then().statusCode(200)
                .contentType("application/json").extract().asString();
        JsonNode records = JSON.readTree(json);
        assertThat(records).hasSize(2);
        JsonNode a = find(records, "/alert/alertId", a1.alertId);
        assertThat(a.at("/alert/version").asLong()).isEqualTo(3);
        assertThat(a.at("/alert/status").asText()).isEqualTo("IN_PROGRESS");
        assertThat(a.get("isSnapshot").asBoolean()).isTrue();

        JsonNode ocsf = JSON.readTree(given().auth().oauth2(responder).when()
                .get("/api/v1/subscriptions/sub-snapshot/export").then().statusCode(200).extract().asString());
        assertThat(ocsf).hasSize(2);
        JsonNode finding = find(ocsf, "/finding_info/uid", a1.alertId);
        assertThat(finding.get("class_uid").asInt()).isEqualTo(2004);
        assertThat(finding.get("status_id").asInt()).isEqualTo(2);
        assertThat(finding.at("/unmapped/vigil/is_snapshot").asBoolean()).isTrue();
        assertThat(finding.at("/unmapped/vigil/alert_version").asLong()).isEqualTo(3);

        String cef = given().auth().oauth2(token("vigil-admin", "sub-snapshot")).queryParam("format", "cef").when()
                .get("/api/v1/subscriptions/sub-snapshot/export").then().statusCode(200)
                .contentType("text/plain").extract().asString();
        List<String> lines = cef.lines().toList();
        assertThat(lines).hasSize(2).allMatch(l -> l.startsWith("CEF:0|Vigil|Vigil|"))
                .allMatch(l -> l.contains("flexString1Label=isSnapshot flexString1=true"));
        assertThat(lines).anyMatch(l -> l.contains("requestClientApplication=curl|8 a\\=b"));

        given().auth().oauth2(responder).queryParam("format", "xml").when()
                .get("/api/v1/subscriptions/sub-snapshot/export").then().statusCode(400);
        given().auth().oauth2(token("vigil-viewer", "sub-snapshot")).when()
                .get("/api/v1/subscriptions/sub-snapshot/export").then().statusCode(403);
        given().auth().oauth2(token("vigil-responder", "sub-snapshot-other")).when()
                .get("/api/v1/subscriptions/sub-snapshot/export").then().statusCode(404);
        JsonNode empty = JSON.readTree(given().auth().oauth2(token("vigil-admin", "*")).when()
                .get("/api/v1/subscriptions/sub-nothing/export").then().statusCode(200).extract().asString());
        assertThat(empty).isEmpty();
    }

    private static JsonNode find(JsonNode array, String pointer, String value) {
        for (JsonNode node : array) {
            if (value.equals(node.at(pointer).asText())) {
                return node;
            }
        }
        throw new AssertionError("no record with " + pointer + " = " + value + " in " + array);
    }
}
