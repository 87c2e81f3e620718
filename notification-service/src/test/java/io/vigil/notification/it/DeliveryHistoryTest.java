package io.vigil.notification.it;

import static io.restassured.RestAssured.given;
import static io.vigil.notification.it.Fixtures.alert;
import static io.vigil.notification.it.Fixtures.publish;
import static io.vigil.notification.it.Fixtures.settings;
import static io.vigil.notification.it.Fixtures.statuses;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vigil.events.ExportDestination;
import io.vigil.events.ExportDestination.Kind;
import io.vigil.events.NotificationSettings;
import io.vigil.events.Severity;
import io.vigil.notification.settings.SubscriptionSettings;
import io.vigil.testsupport.OidcResource;

/**
 * The delivery history of an alert, for admins only and only within their subscriptions, with real OIDC tokens:
 * who got what, when, and why something was throttled or failed; never a secret.
 */
@QuarkusTest
class DeliveryHistoryTest {

    @Inject
    SubscriptionSettings known;

    private static String token(String role, String... subscriptions) {
        return OidcResource.server().tokenFor(Set.of(role), List.of(subscriptions));
    }

    @Test
    void adminsSeeWhoGotWhatAndWhyOthersDoNot() {
        // one address, and a webhook whose secret this service does not have
        settings("sub-history", new NotificationSettings(true, Severity.LOW, List.of("history@vigil.local"),
                List.of()), List.of(new ExportDestination("no-secret", Kind.WEBHOOK, "http://127.0.0.1:9/hook",
                        Severity.LOW, List.of(), "missing-secret")));
        await().atMost(Duration.ofSeconds(20)).until(() -> known.of("sub-history").isPresent());
        var alert = alert("sub-history", Severity.HIGH);
        publish(alert);
        await().atMost(Duration.ofSeconds(30)).until(() -> "SENT".equals(statuses(alert.alertId, "email")
                .get("history@vigil.local")) && "FAILED".equals(statuses(alert.alertId, "webhook").get("no-secret"))
                && "SENT".equals(statuses(alert.alertId, "ocsf").get("vigil.export.ocsf.v1")));

        String path = "/api/v1/subscriptions/sub-history/alerts/" + alert.alertId + "/deliveries";
        String body = given().auth().oauth2(token("vigil-admin", "sub-history")).when().get(path)
                .then().statusCode(200).extract().asString();
        JsonPath json = JsonPath.from(body);
        assertThat(json.getString("alertId")).isEqualTo(alert.alertId);
        List<Map<String, Object>> deliveries = json.getList("deliveries");
        assertThat(deliveries).extracting(d -> d.get("channel") + ":" + d.get("destination") + ":" + d.get("status"))
                .containsExactlyInAnyOrder("email:history@vigil.local:SENT", "webhook:no-secret:FAILED",
                        "ocsf:vigil.export.ocsf.v1:SENT");
        Map<String, Object> email = deliveries.stream().filter(d -> "email".equals(d.get("channel"))).findFirst()
                .orElseThrow();
        assertThat(email.get("sentAt")).isNotNull();
        assertThat(email.get("attempts")).isEqualTo(1);
        assertThat(email.get("alertVersion")).isEqualTo(1);
        Map<String, Object> webhook = deliveries.stream().filter(d -> "webhook".equals(d.get("channel")))
                .findFirst().orElseThrow();
        assertThat((String) webhook.get("reason")).contains("Signing secret 'missing-secret' is not configured");
        assertThat(body).doesNotContain("test-signing-secret").doesNotContain("\"event\"");

        // an operator token covering every subscription
        given().auth().oauth2(token("vigil-admin", "*")).when().get(path).then().statusCode(200);
        // not an admin
        given().auth().oauth2(token("vigil-responder", "sub-history")).when().get(path).then().statusCode(403);
        given().auth().oauth2(token("vigil-viewer", "sub-history")).when().get(path).then().statusCode(403);
        // another tenant's admin: as if it did not exist
        given().auth().oauth2(token("vigil-admin", "sub-other")).when().get(path).then().statusCode(404)
                .contentType("application/problem+json");
        // the alert is not in this subscription
        given().auth().oauth2(token("vigil-admin", "sub-other")).when()
                .get("/api/v1/subscriptions/sub-other/alerts/" + alert.alertId + "/deliveries").then().statusCode(404);
        given().auth().oauth2(token("vigil-admin", "sub-history")).when()
                .get("/api/v1/subscriptions/sub-history/alerts/" + Fixtures.newId() + "/deliveries").then()
                .statusCode(404);
        // no token
        given().when().get(path).then().statusCode(401);
    }

    @Test
    void aThrottledAlertSaysWhy() {
        // the address's one Low email of the day went out already
        String address = "history-throttle@vigil.local";
        Fixtures.update("insert into delivery (alert_id, alert_version, subscription_id, channel, recipient, status,"
                + " claimed_at, sent_at, severity) values (?, 1, 'sub-history-t', 'email', ?, 'SENT', now(), now(),"
                + " 'LOW')", Fixtures.newId(), address);
        settings("sub-history-t", new NotificationSettings(true, Severity.LOW, List.of(address), List.of()),
                List.of());
        await().atMost(Duration.ofSeconds(20)).until(() -> known.of("sub-history-t").isPresent());
        var low = alert("sub-history-t", Severity.LOW);
        publish(low);
        await().atMost(Duration.ofSeconds(30)).until(() -> "THROTTLED".equals(statuses(low.alertId, "email")
                .get(address)));

        JsonPath json = given().auth().oauth2(token("vigil-admin", "sub-history-t")).when()
                .get("/api/v1/subscriptions/sub-history-t/alerts/" + low.alertId + "/deliveries")
                .then().statusCode(200).extract().jsonPath();
        assertThat(json.getString("deliveries.find { it.channel == 'email' }.status")).isEqualTo("THROTTLED");
        assertThat(json.getString("deliveries.find { it.channel == 'email' }.reason"))
                .isEqualTo("Over the limit of 1 Low email(s) per day to this address; listed in the next email or a"
                        + " digest");
    }
}
