package io.vigil.detection.messaging;

import static io.vigil.detection.TestEvents.ALICE;
import static io.vigil.detection.TestEvents.MALLORY;
import static io.vigil.detection.TestEvents.by;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import io.vigil.detection.Harness;
import io.vigil.detection.TestEvents;
import io.vigil.detection.service.DetectionEngine;
import io.vigil.events.AccessEvent;
import io.vigil.events.AlertType;
import io.vigil.events.Detection;
import io.vigil.events.Topics;
import io.vigil.testsupport.KafkaBroker;

/**
 * Exactly-once with changelogged stores: an instance that comes back with its local state gone restores the
 * baselines from the changelogs, so it still knows the vault (out of learning, its users) and repeats nothing.
 */
class RestartOnBrokerTest {

    private static final Instant T0 = Instant.parse("2026-11-22T08:00:00Z");
    private static KafkaBroker broker;

    @BeforeAll
    static void startBroker() {
        broker = new KafkaBroker(3).start().createVigilTopics();
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @Test
    void baselinesSurviveTheLossOfLocalState() throws Exception {
        try (KafkaCompanion kafka = new KafkaCompanion(broker.bootstrapServers())) {
            ConsumerTask<String, String> detections = kafka.consumeStrings()
                    .withIsolationLevel(IsolationLevel.READ_COMMITTED).fromTopics(Topics.DETECTIONS);

            try (KafkaStreams first = start()) {
                for (int i = 0; i <= 12; i++) {
                    send(kafka, by(ALICE).from("203.0.113.10").at(T0.plus(Duration.ofMinutes(10L * i))));
                }
                // a Tor access marks the end of the history: once it is out, the history is committed
                send(kafka, by(ALICE).from("185.220.101.45", TestEvents.tor()).at(T0.plus(Duration.ofMinutes(121))));
                await().atMost(Duration.ofSeconds(60)).until(() -> types(detections).contains(AlertType.KV_TORAccess));
            }

            try (KafkaStreams second = start()) {
                send(kafka, by(MALLORY).reads("db-password").at(T0.plus(Duration.ofMinutes(125))));
                await().atMost(Duration.ofSeconds(90))
                        .until(() -> types(detections).contains(AlertType.KV_UserAnomaly));
            }
            assertThat(types(detections)).containsExactlyInAnyOrder(AlertType.KV_TORAccess, AlertType.KV_UserAnomaly);
            detections.stop();
        }
    }

    /** An instance with an empty state directory of its own: all it knows must come from the changelogs. */
    private KafkaStreams start() throws IOException {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "restart-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
        props.put(StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory("restart-test").toString());
        DetectionEngine engine = new DetectionEngine(Harness.config(Map.of("learning-period", "PT1H",
                "persistent-stores", "true")));
        KafkaStreams streams = new KafkaStreams(new DetectionTopology(engine, Harness.MAPPER,
                new SimpleMeterRegistry()).topology(), props);
        streams.start();
        await().atMost(Duration.ofSeconds(60)).until(() -> streams.state() == KafkaStreams.State.RUNNING);
        return streams;
    }

    private static void send(KafkaCompanion kafka, AccessEvent event) throws Exception {
        kafka.produceStrings().fromRecords(new ProducerRecord<>(Topics.ACCESS_EVENTS, event.partitionKey(),
                Harness.MAPPER.writeValueAsString(event))).awaitCompletion(Duration.ofSeconds(20));
    }

    private static List<AlertType> types(ConsumerTask<String, String> detections) {
        return detections.getRecords().stream().map(record -> {
            try {
                return Harness.MAPPER.readValue(record.value(), Detection.class).alertType();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }
}
