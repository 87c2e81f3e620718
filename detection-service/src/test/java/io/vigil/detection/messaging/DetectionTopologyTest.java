package io.vigil.detection.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import io.quarkus.kafka.client.serialization.ObjectMapperSerde;
import io.vigil.detection.TestEvents;
import io.vigil.detection.config.DetectionConfig;
import io.vigil.detection.service.DetectionEngine;
import io.vigil.events.AccessEvent;
import io.vigil.events.AlertType;
import io.vigil.events.Detection;
import io.vigil.events.IpEnrichment;
import io.vigil.events.Outcome;
import io.vigil.events.Severity;
import io.vigil.events.Topics;

/** The topology in isolation, with the IP-reputation detectors. */
class DetectionTopologyTest {

    private static final Instant T0 = Instant.parse("2026-11-20T10:15:00Z");

    private final ObjectMapper mapper = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    private TopologyTestDriver driver;
    private TestInputTopic<String, AccessEvent> events;
    private TestOutputTopic<String, Detection> detections;

    @BeforeEach
    void start() {
        DetectionEngine engine = new DetectionEngine(allEnabled());
        driver = new TopologyTestDriver(new DetectionTopology(engine, mapper).topology());
        events = driver.createInputTopic(Topics.ACCESS_EVENTS, Serdes.String().serializer(),
                new ObjectMapperSerde<>(AccessEvent.class, mapper).serializer());
        detections = driver.createOutputTopic(Topics.DETECTIONS, Serdes.String().deserializer(),
                new ObjectMapperSerde<>(Detection.class, mapper).deserializer());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    @Test
    void torAccessRaisesADetectionThatNamesCallerVaultSecretAndIp() {
        AccessEvent event = TestEvents.secretRead("185.220.101.45", TestEvents.tor(), Outcome.SUCCESS, T0);
        events.pipeInput(event.partitionKey(), event);

        List<KeyValue<String, Detection>> out = detections.readKeyValuesToList();
        assertThat(out).hasSize(1);
        Detection detection = out.get(0).value;
        assertThat(out.get(0).key).isEqualTo(detection.correlationKey());
        assertThat(detection.alertType()).isEqualTo(AlertType.KV_TORAccess);
        assertThat(detection.severity()).isEqualTo(Severity.MEDIUM);
        assertThat(detection.tactics()).containsExactly("Credential Access");
        assertThat(detection.principal().upn()).isEqualTo("mallory@contoso.com");
        assertThat(detection.objects()).singleElement().satisfies(o -> {
            assertThat(o.name()).isEqualTo("db-password");
            assertThat(o.time()).isEqualTo(T0);
        });
        assertThat(detection.evidence().summary())
                .contains("mallory@contoso.com", "kv-prod", "185.220.101.45", "Tor exit node");
        assertThat(detection.eventIds()).containsExactly(event.eventId());
    }

    @Test
    void sameEventTwiceYieldsTheSameDetectionId() {
        AccessEvent event = TestEvents.secretRead("185.220.101.45", TestEvents.tor(), Outcome.SUCCESS, T0);
        events.pipeInput(event.partitionKey(), event);
        events.pipeInput(event.partitionKey(), event);

        List<Detection> out = detections.readValuesToList();
        assertThat(out).hasSize(2);
        assertThat(out.get(0).detectionId()).isEqualTo(out.get(1).detectionId());
    }

    @Test
    void ordinaryAccessStaysSilent() {
        AccessEvent event = TestEvents.secretRead("20.50.1.1", IpEnrichment.none(), Outcome.SUCCESS, T0);
        events.pipeInput(event.partitionKey(), event);
        assertThat(detections.isEmpty()).isTrue();
    }

    @Test
    void trustedNetworkWinsOverTor() {
        AccessEvent event = TestEvents.secretRead("185.220.101.45", new IpEnrichment(true, List.of(), true, false),
                Outcome.SUCCESS, T0);
        events.pipeInput(event.partitionKey(), event);
        assertThat(detections.isEmpty()).isTrue();
    }

    @Test
    void deniedAccessFromAThreatListedIpIsLowSeverity() {
        IpEnrichment listed = new IpEnrichment(false, List.of(new IpEnrichment.ThreatListMatch("feodo", "ab12")),
                false, false);
        AccessEvent event = TestEvents.secretRead("50.16.16.211", listed, Outcome.DENIED, T0);
        events.pipeInput(event.partitionKey(), event);

        Detection detection = detections.readValue();
        assertThat(detection.alertType()).isEqualTo(AlertType.KV_SuspiciousIPAccessDenied);
        assertThat(detection.severity()).isEqualTo(Severity.LOW);
        assertThat(detection.evidence().summary()).contains("feodo", "denied");
    }

    private static DetectionConfig allEnabled() {
        DetectionConfig.Toggle on = () -> true;
        return new DetectionConfig() {
            @Override
            public int maxObjectsPerDetection() {
                return 50;
            }

            @Override
            public Toggle tor() {
                return on;
            }

            @Override
            public Toggle suspiciousIp() {
                return on;
            }
        };
    }
}
