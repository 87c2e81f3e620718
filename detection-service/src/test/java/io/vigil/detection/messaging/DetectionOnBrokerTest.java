package io.vigil.detection.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import io.vigil.detection.TestEvents;
import io.vigil.events.AccessEvent;
import io.vigil.events.Outcome;
import io.vigil.events.Topics;
import io.vigil.testsupport.KafkaResource;
import jakarta.inject.Inject;

/** The packaged topology running in Quarkus against a real broker, exactly-once included. */
@QuarkusTest
@QuarkusTestResource(value = KafkaResource.class, restrictToAnnotatedClass = false)
class DetectionOnBrokerTest {

    @Inject
    ObjectMapper mapper;

    @Test
    void torEventOnTheBrokerBecomesADetectionOnTheBroker() throws Exception {
        AccessEvent event = TestEvents.secretRead("185.220.101.45", TestEvents.tor(), Outcome.SUCCESS,
                Instant.parse("2026-11-20T10:15:00Z"));
        try (KafkaCompanion kafka = new KafkaCompanion(KafkaResource.broker().bootstrapServers())) {
            kafka.produceStrings().fromRecords(new ProducerRecord<>(Topics.ACCESS_EVENTS, event.partitionKey(),
                    mapper.writeValueAsString(event))).awaitCompletion(Duration.ofSeconds(20));

            var records = kafka.consumeStrings().withIsolationLevel(
                    org.apache.kafka.common.IsolationLevel.READ_COMMITTED)
                    .fromTopics(Topics.DETECTIONS, 1).awaitCompletion(Duration.ofSeconds(60)).getRecords();
            JsonNode detection = mapper.readTree(records.get(0).value());
            assertThat(detection.get("alertType").asText()).isEqualTo("KV_TORAccess");
            assertThat(detection.at("/client/ip").asText()).isEqualTo("185.220.101.45");
            assertThat(records.get(0).key()).isEqualTo(detection.get("correlationKey").asText());
        }
    }

    @Test
    void aClosedHourOfEventTimeIsPublishedAsUsage() throws Exception {
        Instant hour = Instant.parse("2026-11-21T08:00:00Z");
        AccessEvent first = TestEvents.by(TestEvents.PAYMENTS).at(hour.plusSeconds(60));
        // past the hour's end plus the usage grace (a day), so the hour is closed
        AccessEvent later = TestEvents.by(TestEvents.PAYMENTS).at(hour.plus(Duration.ofHours(26)));
        try (KafkaCompanion kafka = new KafkaCompanion(KafkaResource.broker().bootstrapServers())) {
            for (AccessEvent event : new AccessEvent[] {first, later}) {
                kafka.produceStrings().fromRecords(new ProducerRecord<>(Topics.ACCESS_EVENTS, event.partitionKey(),
                        mapper.writeValueAsString(event))).awaitCompletion(Duration.ofSeconds(20));
            }
            var consumer = kafka.consumeStrings().withIsolationLevel(
                    org.apache.kafka.common.IsolationLevel.READ_COMMITTED).fromTopics(Topics.USAGE);
            // other tests' hours close too, in any order: wait for this one
            JsonNode usage = org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60))
                    .until(() -> consumer.getRecords().stream().map(record -> readTree(record.value()))
                            .filter(record -> record.get("hourStart").asText().equals(hour.toString()))
                            .findFirst().orElse(null), java.util.Objects::nonNull);
            consumer.stop();
            assertThat(usage.get("subscriptionId").asText()).isEqualTo(TestEvents.SUBSCRIPTION);
            assertThat(usage.get("transactions").asLong()).isEqualTo(1);
        }
    }

    private JsonNode readTree(String json) {
        try {
            return mapper.readTree(json);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
