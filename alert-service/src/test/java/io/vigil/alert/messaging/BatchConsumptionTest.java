package io.vigil.alert.messaging;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;


import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.vigil.alert.AlertServiceTest;
import io.vigil.alert.TestDetections;
import io.vigil.events.Detection;
import io.vigil.events.DeterministicId;
import io.vigil.events.Topics;
import io.vigil.events.Vault;

/**
 * Detections are folded a poll's worth per transaction: a burst of one key in one batch still becomes one alert
 * with one version per detection, and one detection that cannot be stored sends only itself to the dead-letter
 * topic while the rest of its batch is stored.
 */
@QuarkusTest
class BatchConsumptionTest extends AlertServiceTest {

    @Test
    void aBurstInOneBatchIsOneAlertWithEveryVersionPublishedInOrder() throws Exception {
        String sub = subscription("batch");
        String caller = "oid-" + UUID.randomUUID();
        List<Detection> burst = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            burst.add(TestDetections.tor(sub, caller, "mallory@contoso.com", "185.220.101.45", "secret-" + i,
                    Instant.parse("2026-11-20T10:00:00Z").plusSeconds(i)));
        }
        burst.add(burst.get(3)); // a redelivery inside the batch changes nothing
        var consumer = kafka.consumeStrings().fromTopics(Topics.ALERTS);
        send(burst);
        String id = DeterministicId.of(burst.get(0).correlationKey(), burst.get(0).detectionId());
        String token = token("vigil-viewer", sub);
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            var response = given().auth().oauth2(token).when().get("/api/v1/subscriptions/" + sub + "/alerts/" + id);
            return response.statusCode() == 200 && response.jsonPath().getInt("detectionCount") == 30;
        });
        List<Long> versions = await().atMost(Duration.ofSeconds(30)).until(() -> consumer.getRecords().stream()
                .map(r -> read(r.value())).filter(e -> e.get("alertId").asText().equals(id))
                .map(e -> e.get("version").asLong()).toList(), v -> v.size() >= 30);
        consumer.stop();
        assertThat(versions).hasSize(30);
        assertThat(versions).isSorted().doesNotHaveDuplicates();
        given().auth().oauth2(token).when().get("/api/v1/subscriptions/" + sub + "/alerts").then().statusCode(200)
                .body("total", org.hamcrest.Matchers.equalTo(1));
    }

    @Test
    void aDetectionThatCannotBeStoredGoesAloneToTheDeadLetterTopic() throws Exception {
        String sub = subscription("poison");
        List<ProducerRecord<String, String>> records = new ArrayList<>();
        List<Detection> good = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            good.add(TestDetections.tor(sub, "oid-" + UUID.randomUUID(), "user" + i + "@contoso.com",
                    "185.220.101.45", "db-password", Instant.parse("2026-11-20T10:00:00Z").plusSeconds(i)));
        }
        Detection base = TestDetections.tor(sub, "oid-poison", "poison@contoso.com", "185.220.101.45", "db-password",
                Instant.parse("2026-11-20T10:00:03Z"));
        // a vault name longer than the column: the database refuses the alert
        Detection poison = new Detection(base.detectionId(), base.schemaVersion(), base.alertType(),
                base.subscriptionId(), base.source(), new Vault(base.vault().id(), "v".repeat(300)),
                base.principal(), base.client(), base.ip(), base.severity(), base.tactics(), base.techniques(),
                base.firstSeen(), base.lastSeen(), base.evidence(), base.objects(), base.objectCount(),
                base.eventIds(), base.correlationKey());
        // all on one partition (one key), so they arrive in one batch
        for (int i = 0; i < 3; i++) {
            records.add(record(sub, good.get(i)));
        }
        records.add(record(sub, poison));
        records.add(new ProducerRecord<>(Topics.DETECTIONS, sub, "{\"not\": \"a detection\"}"));
        for (int i = 3; i < 6; i++) {
            records.add(record(sub, good.get(i)));
        }
        var deadLetters = kafka.consumeStrings().fromTopics(Topics.DETECTIONS + Topics.DLQ_SUFFIX);
        sendRecords(records);
        String token = token("vigil-viewer", sub);
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).until(() -> given().auth()
                .oauth2(token).when().get("/api/v1/subscriptions/" + sub + "/alerts").then().statusCode(200)
                .extract().jsonPath().getLong("total"), n -> n == 6);
        List<String> dead = await().atMost(Duration.ofSeconds(90)).until(() -> deadLetters.getRecords().stream()
                .filter(r -> sub.equals(r.key())).map(r -> String.valueOf(r.value())).toList(),
                v -> v.size() >= 2);
        deadLetters.stop();
        assertThat(dead).hasSize(2);
        assertThat(dead).anySatisfy(value -> assertThat(value).contains("oid-poison"));
    }
}
