package io.vigil.notification.it;

import static io.vigil.notification.it.Fixtures.JSON;
import static io.vigil.notification.it.Fixtures.alert;
import static io.vigil.notification.it.Fixtures.publish;
import static io.vigil.notification.it.Fixtures.rows;
import static io.vigil.notification.it.Fixtures.settings;
import static io.vigil.notification.it.Fixtures.statuses;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.test.junit.QuarkusTest;
import io.vigil.events.AlertType;
import io.vigil.events.ExportDestination;
import io.vigil.events.ExportDestination.Kind;
import io.vigil.events.NotificationSettings;
import io.vigil.events.Severity;
import io.vigil.notification.settings.SubscriptionSettings;

/**
 * Webhooks against a real HTTP receiver in the test: HMAC signatures the receiver verifies, 500s then 200 → exactly
 * one accepted delivery after retries from the ledger, the Slack preset, per-destination filters, a missing secret,
 * and giving up after the maximum age.
 */
@QuarkusTest
class WebhookTest {

    static final String SECRET = "test-signing-secret"; // %test vigil.notification.webhook-secrets.test-hook
    static WebhookReceiver receiver;

    @Inject
    SubscriptionSettings known;

    @BeforeAll
    static void startReceiver() {
        receiver = new WebhookReceiver(SECRET, 3);
    }

    @AfterAll
    static void stopReceiver() {
        receiver.close();
    }

    private void configure(String sub, List<ExportDestination> exports) {
        settings(sub, new NotificationSettings(false, Severity.HIGH, List.of(), List.of()), exports);
        await().atMost(Duration.ofSeconds(20)).until(() -> known.of(sub).map(c -> c.exports().size())
                .orElse(-1) == exports.size());
    }

    @Test
    void aSignedWebhookIsAcceptedExactlyOnceAfterTheReceiverFailedThreeTimes() throws Exception {
        configure("sub-hook", List.of(
                new ExportDestination("siem-hook", Kind.WEBHOOK, receiver.url("/hook"), Severity.MEDIUM, List.of(),
                        "test-hook"),
                new ExportDestination("app-anomalies-only", Kind.WEBHOOK, receiver.url("/apps"), Severity.LOW,
                        List.of(AlertType.KV_AppAnomaly.name()), "test-hook"),
                new ExportDestination("high-only", Kind.WEBHOOK, receiver.url("/high"), Severity.HIGH, List.of(),
                        "test-hook")));
        var alert = alert("sub-hook", Severity.MEDIUM);
        publish(alert, alert); // and redelivered

        await().atMost(Duration.ofSeconds(40)).until(() -> "SENT".equals(statuses(alert.alertId, "webhook")
                .get("siem-hook")));
        Thread.sleep(2000);
        String eventId = alert.alertId + ".1";
        List<WebhookReceiver.Request> requests = receiver.to("/hook").stream()
                .filter(r -> eventId.equals(r.header("Vigil-Event-Id"))).toList();
        assertThat(requests).hasSize(4).allMatch(WebhookReceiver.Request::signatureValid);
        assertThat(requests).extracting(WebhookReceiver.Request::status).containsExactly(500, 500, 500, 200);
        assertThat(receiver.accepted.get(eventId + " /hook").get()).isEqualTo(1);
        assertThat(requests).extracting(r -> r.header("Vigil-Delivery-Attempt")).containsExactly("1", "2", "3", "4");

        JsonNode body = JSON.readTree(requests.get(3).body());
        assertThat(body.get("id").asText()).isEqualTo(eventId);
        assertThat(body.get("type").asText()).isEqualTo("alert.created");
        assertThat(body.get("subscriptionId").asText()).isEqualTo("sub-hook");
        assertThat(body.at("/alert/alertId").asText()).isEqualTo(alert.alertId);
        assertThat(body.at("/alert/severity").asText()).isEqualTo("MEDIUM");
        assertThat(body.get("link").asText()).endsWith("/alerts/sub-hook/" + alert.alertId);
        assertThat(requests.get(3).header("Content-Type")).startsWith("application/json");

        Map<String, Object> row = rows("select attempts, reason, event from delivery where alert_id = ? and"
                + " channel = 'webhook' and recipient = 'siem-hook'", alert.alertId).get(0);
        assertThat(row.get("attempts")).isEqualTo(4);
        assertThat(row.get("event")).isNull();
        // filtered out by type and by severity: never claimed
        assertThat(statuses(alert.alertId, "webhook")).containsOnlyKeys("siem-hook");
    }

    @Test
    void theSlackPresetPostsTextAndBlocksWithEscapedAlertText() throws Exception {
        var receiverOk = new WebhookReceiver(SECRET, 0);
        try {
            configure("sub-slack", List.of(new ExportDestination("team-channel", Kind.SLACK,
                    receiverOk.url("/services/T000/B000/XXXX"), Severity.HIGH, List.of(), null)));
            var medium = alert("sub-slack", Severity.MEDIUM);
            var high = alert("sub-slack", Severity.HIGH)
                    .with(a -> a.evidence = "read <b>db&password</b> from a Tor exit node");
            publish(medium, high);

            await().atMost(Duration.ofSeconds(30)).until(() -> !receiverOk.to("/services/T000/B000/XXXX").isEmpty());
            Thread.sleep(1500);
            var requests = receiverOk.to("/services/T000/B000/XXXX");
            assertThat(requests).hasSize(1);
            JsonNode body = JSON.readTree(requests.get(0).body());
            assertThat(body.get("text").asText()).contains("[Vigil][High] Access from a TOR exit node")
                    .contains("/alerts/sub-slack/" + high.alertId);
            assertThat(body.get("blocks").isArray()).isTrue();
            assertThat(body.at("/blocks/0/type").asText()).isEqualTo("header");
            assertThat(body.toString()).contains("read &lt;b&gt;db&amp;password&lt;/b&gt; from a Tor exit node")
                    .doesNotContain("<b>");
            assertThat(requests.get(0).header("Vigil-Signature")).as("no secret named: unsigned").isNull();
            assertThat(statuses(medium.alertId, "slack")).isEmpty();
        } finally {
            receiverOk.close();
        }
    }

    @Test
    void aWebhookWhoseSecretIsNotConfiguredFailsWithTheReasonAndNothingIsSent() {
        configure("sub-hook-nosecret", List.of(new ExportDestination("unsigned", Kind.WEBHOOK,
                receiver.url("/unsigned"), Severity.LOW, List.of(), "missing-secret")));
        var alert = alert("sub-hook-nosecret", Severity.HIGH);
        publish(alert);

        await().atMost(Duration.ofSeconds(30)).until(() -> "FAILED".equals(statuses(alert.alertId, "webhook")
                .get("unsigned")));
        String reason = (String) rows("select reason from delivery where alert_id = ? and channel = 'webhook'",
                alert.alertId).get(0).get("reason");
        assertThat(reason).contains("Signing secret 'missing-secret' is not configured");
        assertThat(receiver.to("/unsigned")).isEmpty();
    }

    @Test
    void aWebhookIntoACloudMetadataEndpointFailsForGoodUnsent() {
        configure("sub-hook-metadata", List.of(new ExportDestination("metadata", Kind.WEBHOOK,
                "http://169.254.169.254/latest/meta-data/iam/security-credentials/", Severity.LOW, List.of(),
                "test-hook")));
        var alert = alert("sub-hook-metadata", Severity.HIGH);
        publish(alert);

        await().atMost(Duration.ofSeconds(30)).until(() -> "FAILED".equals(statuses(alert.alertId, "webhook")
                .get("metadata")));
        Map<String, Object> row = rows("select attempts, reason from delivery where alert_id = ? and"
                + " channel = 'webhook'", alert.alertId).get(0);
        assertThat(row.get("attempts")).as("refused before any request, not retried").isEqualTo(1);
        assertThat((String) row.get("reason")).contains("resolves to 169.254.169.254")
                .contains("denied network 169.254.0.0/16").doesNotContain("security-credentials");
    }

    @Test
    void aWebhookThatKeepsFailingIsGivenUpAfterTheMaximumAge() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        configure("sub-hook-dead", List.of(new ExportDestination("dead", Kind.WEBHOOK,
                "http://127.0.0.1:" + closedPort + "/hook", Severity.LOW, List.of(), "test-hook")));
        var alert = alert("sub-hook-dead", Severity.HIGH);
        publish(alert);

        await().atMost(Duration.ofSeconds(30)).until(() -> "RETRYING".equals(statuses(alert.alertId, "webhook")
                .get("dead")));
        // a day has passed since the row was claimed
        Fixtures.update("update delivery set claimed_at = claimed_at - interval '25 hours' where alert_id = ?"
                + " and channel = 'webhook'", alert.alertId);
        await().atMost(Duration.ofSeconds(30)).until(() -> "FAILED".equals(statuses(alert.alertId, "webhook")
                .get("dead")));
        String reason = (String) rows("select reason from delivery where alert_id = ? and channel = 'webhook'",
                alert.alertId).get(0).get("reason");
        assertThat(reason).startsWith("Given up after").contains("last error");
    }
}
