package io.vigil.e2e;

import static io.restassured.RestAssured.given;
import static io.vigil.e2e.VigilSuite.DELIVERY_RECIPIENT;
import static io.vigil.e2e.VigilSuite.DELIVERY_SUBSCRIPTION;
import static io.vigil.e2e.VigilSuite.OCSF_TOPIC;
import static io.vigil.e2e.VigilSuite.WEBHOOK_SECRET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;

/**
 * Defender's "sample alerts" check of the whole chain: alert-service raises one sample alert of every catalog type,
 * and each one reaches every channel of the subscription's settings — email, a signed webhook, CEF over syslog and
 * OCSF on the tenant's Kafka topic — exactly once.
 */
@ExtendWith(VigilSuite.class)
class SampleAlertDeliveryIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void sampleAlertsReachEmailWebhookSyslogAndKafkaExportOnceEach() throws Exception {
        VigilSuite.Running suite = VigilSuite.suite();
        Instant requested = Instant.now();
        JsonNode created = JSON.readTree(given().baseUri(suite.alerts.url()).auth().oauth2(suite.adminToken())
                .when().post("/api/v1/subscriptions/" + DELIVERY_SUBSCRIPTION + "/sample-alerts")
                .then().statusCode(201).extract().asString());
        Set<String> ids = ids(created);
        assertThat(ids).hasSize(14);

        // besides the samples, the subscription's own settings change raised an alert: replacing the default
        // recipient role (vigil-admin) by one address tells fewer people, a weakening (VIGIL_DetectionWeakened)
        List<WebhookReceiver.Delivery> hooks = await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(250)).until(suite.webhook::received, list -> list.size() >= 15);
        Instant hooked = Instant.now();
        for (WebhookReceiver.Delivery hook : hooks) {
            String timestamp = hook.header("Vigil-Timestamp");
            assertThat(hook.header("Vigil-Signature")).isEqualTo("v1=" + hmac(timestamp + "." + hook.body()));
        }
        assertThat(hooks.stream().filter(h -> alert(h.body()).get("simulated").asBoolean())
                .map(h -> alert(h.body()).get("alertId").asText()).collect(Collectors.toSet())).isEqualTo(ids);
        assertThat(hooks.stream().filter(h -> !alert(h.body()).get("simulated").asBoolean())
                .map(h -> alert(h.body()).get("alertType").asText())).containsExactly("VIGIL_DetectionWeakened");

        List<String> cef = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                .until(suite.syslog::messages, list -> list.size() >= 15);
        assertThat(cef).allSatisfy(message -> assertThat(message).contains("CEF:0|Vigil|Vigil|",
                "cs3=" + DELIVERY_SUBSCRIPTION));
        assertThat(cef.stream().map(m -> m.replaceAll(".*externalId=(\\S+).*", "$1")).collect(Collectors.toSet()))
                .containsAll(ids).hasSize(15);

        try (KafkaCompanion kafka = new KafkaCompanion(suite.kafka.bootstrapServers())) {
            var findings = kafka.consumeStrings().fromTopics(OCSF_TOPIC);
            await().atMost(Duration.ofSeconds(60)).until(() -> findings.getRecords().size() >= 15);
            findings.stop();
            assertThat(findings.getRecords()).allSatisfy(record -> assertThat(
                    JSON.readTree(record.value()).get("class_uid").asInt()).isEqualTo(2004));
            assertThat(findings.getRecords().stream().map(r -> r.key()).collect(Collectors.toSet()))
                    .containsAll(ids).hasSize(15);
        }

        JsonNode inbox = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                .until(() -> JSON.readTree(suite.smtp.inbox(DELIVERY_RECIPIENT)), messages -> messages.size() > 0);
        Instant mailed = Instant.now();
        assertThat(inbox.get(0).get("mimeMessage").asText()).contains(DELIVERY_SUBSCRIPTION);

        // nothing more arrives later: each alert was delivered once per channel
        Thread.sleep(3_000);
        assertThat(suite.webhook.received()).hasSize(15);
        assertThat(suite.syslog.messages()).hasSize(15);
        System.out.printf("e2e: 14 sample alerts → 14 signed webhooks in %d ms, email in %d ms%n",
                Duration.between(requested, hooked).toMillis(), Duration.between(requested, mailed).toMillis());
    }

    private static Set<String> ids(JsonNode created) {
        return java.util.stream.StreamSupport.stream(created.get("alerts").spliterator(), false)
                .map(alert -> alert.get("id").asText()).collect(Collectors.toSet());
    }

    private static JsonNode alert(String body) {
        try {
            return JSON.readTree(body).get("alert");
        } catch (Exception e) {
            throw new AssertionError("webhook body is not JSON: " + body, e);
        }
    }

    private static String hmac(String signed) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(WEBHOOK_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(signed.getBytes(StandardCharsets.UTF_8)));
    }
}
