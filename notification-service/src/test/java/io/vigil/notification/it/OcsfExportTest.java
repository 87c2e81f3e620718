package io.vigil.notification.it;

import static io.vigil.notification.it.Fixtures.JSON;
import static io.vigil.notification.it.Fixtures.alert;
import static io.vigil.notification.it.Fixtures.publish;
import static io.vigil.notification.it.Fixtures.settings;
import static io.vigil.notification.it.Fixtures.statuses;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import io.vigil.events.AlertEvent;
import io.vigil.events.AlertStatus;
import io.vigil.events.ExportDestination;
import io.vigil.events.ExportDestination.Kind;
import io.vigil.events.NotificationSettings;
import io.vigil.events.Severity;
import io.vigil.notification.settings.SubscriptionSettings;
import io.vigil.testsupport.KafkaResource;

/**
 * OCSF Detection Findings on Kafka, consumed from the real broker: the service-wide topic gets every change, a
 * subscription's KAFKA_OCSF destination only what passes its filter; fields checked against OCSF 1.1.
 */
@QuarkusTest
class OcsfExportTest {

    static final String EXPORT = "vigil.export.ocsf.v1";
    static final String SIEM_TOPIC = "siem.ocsf.test";

    @Inject
    SubscriptionSettings known;

    @Test
    void everyAlertChangeIsAnOcsfDetectionFindingKeyedByAlertId() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                KafkaResource.broker().bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(SIEM_TOPIC, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        settings("sub-ocsf", new NotificationSettings(false, Severity.HIGH, List.of(), List.of()),
                List.of(new ExportDestination("siem-kafka", Kind.KAFKA_OCSF, SIEM_TOPIC, Severity.HIGH, List.of(),
                        null)));
        await().atMost(Duration.ofSeconds(20)).until(() -> known.destination("sub-ocsf", "siem-kafka").isPresent());

        var medium = alert("sub-ocsf", Severity.MEDIUM);
        var high = alert("sub-ocsf", Severity.HIGH);
        var resolved = high.next(AlertEvent.Change.STATUS_CHANGED).with(a -> a.status = AlertStatus.RESOLVED);
        publish(medium, high, resolved, medium);

        try (KafkaCompanion kafka = new KafkaCompanion(KafkaResource.broker().bootstrapServers())) {
            ConsumerTask<String, String> export = kafka.consumeStrings().fromTopics(EXPORT);
            ConsumerTask<String, String> siem = kafka.consumeStrings().fromTopics(SIEM_TOPIC);
            await().atMost(Duration.ofSeconds(30)).until(() -> mine(export, medium.alertId, high.alertId).size() == 3);
            await().atMost(Duration.ofSeconds(30)).until(() -> mine(siem, medium.alertId, high.alertId).size() == 2);
            Thread.sleep(1500);
            List<ConsumerRecord<String, String>> exported = mine(export, medium.alertId, high.alertId);
            assertThat(exported).hasSize(3);
            assertThat(mine(siem, medium.alertId, high.alertId)).extracting(ConsumerRecord::key)
                    .containsOnly(high.alertId);

            ConsumerRecord<String, String> created = exported.stream().filter(r -> r.key().equals(medium.alertId))
                    .findFirst().orElseThrow();
            assertThat(new String(created.headers().lastHeader("vigil-event-id").value(), StandardCharsets.UTF_8))
                    .isEqualTo(medium.alertId + ".1");
            JsonNode f = JSON.readTree(created.value());
            assertThat(f.get("class_uid").asInt()).isEqualTo(2004);
            assertThat(f.get("category_uid").asInt()).isEqualTo(2);
            assertThat(f.get("activity_id").asInt()).isEqualTo(1);
            assertThat(f.get("type_uid").asInt()).isEqualTo(200401);
            assertThat(f.get("severity_id").asInt()).isEqualTo(3);
            assertThat(f.get("severity").asText()).isEqualTo("Medium");
            assertThat(f.get("status_id").asInt()).isEqualTo(1);
            assertThat(f.get("time").asLong()).isEqualTo(Fixtures.TIME.plusSeconds(60).toEpochMilli());
            assertThat(f.at("/finding_info/uid").asText()).isEqualTo(medium.alertId);
            assertThat(f.at("/finding_info/title").asText()).isEqualTo("Access from a TOR exit node to a key vault");
            assertThat(f.at("/finding_info/types/0").asText()).isEqualTo("KV_TORAccess");
            assertThat(f.at("/finding_info/attacks/0/technique/uid").asText()).isEqualTo("T1555.006");
            assertThat(f.at("/finding_info/attacks/0/tactic/uid").asText()).isEqualTo("TA0006");
            assertThat(f.at("/metadata/product/name").asText()).isEqualTo("Vigil");
            assertThat(f.at("/metadata/version").asText()).startsWith("1.");
            assertThat(f.at("/metadata/uid").asText()).isEqualTo(medium.alertId + ".1");
            assertThat(f.at("/resources/0/name").asText()).isEqualTo("kv-prod");
            assertThat(f.at("/resources/1/name").asText()).isEqualTo("db-password");
            assertThat(f.at("/actor/user/name").asText()).isEqualTo("mallory@contoso.com");
            assertThat(f.at("/actor/user/uid").asText()).isEqualTo("oid-mallory");
            assertThat(f.at("/src_endpoint/ip").asText()).isEqualTo("185.220.101.45");
            assertThat(f.at("/cloud/provider").asText()).isEqualTo("Azure");
            assertThat(f.get("observables").findValuesAsText("value")).contains("185.220.101.45", "curl/8.5.0");
            assertThat(f.at("/unmapped/vigil/is_snapshot").asBoolean()).isFalse();

            JsonNode closed = JSON.readTree(exported.stream().filter(r -> r.key().equals(high.alertId)
                    && r.value().contains("\"Close\"")).findFirst().orElseThrow().value());
            assertThat(closed.get("activity_id").asInt()).isEqualTo(3);
            assertThat(closed.get("status_id").asInt()).isEqualTo(4);
            assertThat(closed.get("status").asText()).isEqualTo("Resolved");
            assertThat(closed.get("severity_id").asInt()).isEqualTo(4);
            export.stop();
            siem.stop();
        }
        assertThat(statuses(medium.alertId, "ocsf")).containsExactly(Map.entry(EXPORT, "SENT"));
    }

    @Test
    void aSubscriptionCannotExportIntoVigilsOwnTopics() {
        settings("sub-ocsf-reserved", new NotificationSettings(false, Severity.HIGH, List.of(), List.of()),
                List.of(new ExportDestination("sneaky", Kind.KAFKA_OCSF, "vigil.config.v1", Severity.LOW, List.of(),
                        null)));
        await().atMost(Duration.ofSeconds(20)).until(() -> known.destination("sub-ocsf-reserved", "sneaky")
                .isPresent());
        var alert = alert("sub-ocsf-reserved", Severity.HIGH);
        publish(alert);
        await().atMost(Duration.ofSeconds(30)).until(() -> "FAILED".equals(statuses(alert.alertId, "kafka")
                .get("sneaky")));
        assertThat(Fixtures.rows("select reason from delivery where alert_id = ? and channel = 'kafka'",
                alert.alertId).get(0).get("reason")).isEqualTo("Topic 'vigil.config.v1' is reserved for Vigil itself");
    }

    private static List<ConsumerRecord<String, String>> mine(ConsumerTask<String, String> task, String... ids) {
        List<String> keys = List.of(ids);
        return task.getRecords().stream().filter(r -> keys.contains(r.key())).toList();
    }
}
