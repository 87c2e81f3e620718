package io.vigil.notification.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import io.vigil.events.AccessEvent;
import io.vigil.events.AccessedObject;
import io.vigil.events.AlertEvent;
import io.vigil.events.AlertStatus;
import io.vigil.events.AlertType;
import io.vigil.events.Evidence;
import io.vigil.events.IpEnrichment;
import io.vigil.events.Principal;
import io.vigil.events.PrincipalType;
import io.vigil.events.Severity;
import io.vigil.events.Source;
import io.vigil.events.Topics;
import io.vigil.events.Vault;
import io.vigil.testsupport.GreenMailResource;
import io.vigil.testsupport.KafkaResource;
import io.vigil.testsupport.PostgresResource;
import jakarta.inject.Inject;

/** Alert events from a real broker are emailed over real SMTP, once per person, with escaped HTML. */
@QuarkusTest
@QuarkusTestResource(value = KafkaResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = PostgresResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = GreenMailResource.class, restrictToAnnotatedClass = false)
class AlertEmailTest {

    @Inject
    ObjectMapper mapper;

    @Test
    void newAlertIsEmailedOnceWithEverythingAResponderNeeds() throws Exception {
        AlertEvent alert = alert("sub-mail", AlertEvent.Change.CREATED, "curl/8.5.0 <script>alert(1)</script>");

        try (KafkaCompanion kafka = new KafkaCompanion(KafkaResource.broker().bootstrapServers())) {
            // delivered twice, as at-least-once delivery may do
            send(kafka, alert);
            send(kafka, alert);
            send(kafka, alert("sub-mail", AlertEvent.Change.UPDATED, "curl/8.5.0"));
        }

        String inbox = await().atMost(Duration.ofSeconds(30))
                .until(() -> GreenMailResource.server().inbox("soc@vigil.local"), body -> body.contains(alert.alertId()));
        // give a duplicate the time it would need to arrive, then count
        Thread.sleep(2000);
        inbox = GreenMailResource.server().inbox("soc@vigil.local");
        var messages = mapper.readTree(inbox);
        long forThisAlert = 0;
        String mime = null;
        for (var message : messages) {
            if (message.toString().contains(alert.alertId())) {
                forThisAlert++;
                // quoted-printable lines break anywhere, a link too: read the text with soft breaks undone
                mime = message.get("subject").asText() + "\n"
                        + message.get("mimeMessage").asText().replace("=\r\n", "").replace("=3D", "=");
            }
        }
        assertThat(forThisAlert).isEqualTo(1);
        assertThat(mime).contains("[Vigil][Medium] Access from a TOR exit node to a key vault: kv-prod")
                .contains("mallory@contoso.com", "oid-mallory", "185.220.101.45", "db-password",
                        "2026-11-20 10:15:00 UTC", "Rotate", "/alerts/sub-mail/" + alert.alertId())
                .contains("curl/8.5.0 <script>alert(1)</script>");
        String htmlPart = mime.substring(mime.indexOf("text/html"));
        assertThat(htmlPart).contains("&lt;script&gt;").doesNotContain("<script>");
    }

    @Test
    void anAlertDismissedOnArrivalByASuppressionRuleIsNotEmailed() throws Exception {
        AlertEvent suppressed = withStatus(alert("sub-quiet", AlertEvent.Change.CREATED, "curl/8"),
                AlertStatus.DISMISSED, freshId());
        AlertEvent marker = withStatus(alert("sub-quiet", AlertEvent.Change.CREATED, "curl/8"), AlertStatus.ACTIVE,
                freshId());
        try (KafkaCompanion kafka = new KafkaCompanion(KafkaResource.broker().bootstrapServers())) {
            send(kafka, suppressed);
            send(kafka, marker);
        }
        // the marker, sent after it on the same partition order of processing, proves the dismissed one was handled
        String inbox = await().atMost(Duration.ofSeconds(30)).until(
                () -> GreenMailResource.server().inbox("soc@vigil.local"), body -> body.contains(marker.alertId()));
        assertThat(inbox).doesNotContain(suppressed.alertId());
    }

    /** An id of its own: one derived from ALERT_ID could equal it and get the other test's emails counted. */
    private static String freshId() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    private static AlertEvent withStatus(AlertEvent a, AlertStatus status, String id) {
        return new AlertEvent(id, a.schemaVersion(), a.version(), a.change(), a.subscriptionId(), a.alertType(),
                a.displayName(), a.description(), a.severity(), status, a.tactics(), a.techniques(), a.source(),
                a.vault(), a.principal(), a.client(), a.ip(), a.firstSeen(), a.lastSeen(), a.detectionCount(),
                a.objects(), a.evidence(), a.remediationSteps(), a.correlationKey(), a.createdAt(), a.updatedAt(),
                a.suppressedBy(), a.simulated());
    }

    private void send(KafkaCompanion kafka, AlertEvent alert) throws Exception {
        kafka.produceStrings().fromRecords(new ProducerRecord<>(Topics.ALERTS, alert.partitionKey(),
                mapper.writeValueAsString(alert))).awaitCompletion(Duration.ofSeconds(20));
    }

    private static AlertEvent alert(String subscription, AlertEvent.Change change, String userAgent) {
        Instant time = Instant.parse("2026-11-20T10:15:00Z");
        return new AlertEvent(ALERT_ID, AlertEvent.SCHEMA_VERSION, change == AlertEvent.Change.CREATED ? 1 : 2,
                change, subscription, AlertType.KV_TORAccess, AlertType.KV_TORAccess.displayName(),
                "The vault was accessed from a known Tor exit node.", Severity.MEDIUM, AlertStatus.ACTIVE,
                AlertType.KV_TORAccess.tactics(), AlertType.KV_TORAccess.techniques(), Source.AZURE_KEY_VAULT,
                new Vault("/subscriptions/sub-mail/vaults/kv-prod", "kv-prod"),
                new Principal(PrincipalType.USER, "oid-mallory", "mallory@contoso.com", null, null),
                new AccessEvent.Client("185.220.101.45", userAgent), new IpEnrichment(true, List.of(), false, false),
                time, time, 1,
                List.of(new AccessedObject("https://kv-prod.vault.azure.net/secrets/db-password", "db-password",
                        "SecretGet", time)),
                new Evidence("mallory@contoso.com read secret db-password in vault kv-prod from 185.220.101.45, a "
                        + "Tor exit node.", Map.of()),
                List.of("Identify the source.", "Contain.", "Measure the impact.", "Rotate the secrets."),
                "key", time, time, null, false);
    }

    private static final String ALERT_ID = UUID.randomUUID().toString().replace("-", "");
}
