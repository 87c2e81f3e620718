package io.vigil.detection;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.kafka.client.serialization.ObjectMapperSerde;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.vigil.detection.config.DetectionConfig;
import io.vigil.detection.messaging.DetectionTopology;
import io.vigil.detection.service.DetectionEngine;
import io.vigil.events.AccessEvent;
import io.vigil.events.AlertType;
import io.vigil.events.Detection;
import io.vigil.events.DetectionException;
import io.vigil.events.SubscriptionConfig;
import io.vigil.events.Topics;
import io.vigil.events.Usage;

/** The production topology in a {@link TopologyTestDriver}, configured as the service would be plus overrides. */
public final class Harness implements AutoCloseable {

    public static final ObjectMapper MAPPER = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final TopologyTestDriver driver;
    private final TestInputTopic<String, AccessEvent> events;
    private final TestInputTopic<String, SubscriptionConfig> configs;
    private final TestOutputTopic<String, Detection> detections;
    private final TestOutputTopic<String, Usage> usage;
    private final List<KeyValue<String, Detection>> emitted = new ArrayList<>();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final Duration tick;

    public Harness() {
        this(Map.of());
    }

    public Harness(Map<String, String> overrides) {
        DetectionConfig config = config(overrides);
        tick = config.reorder().maxWait();
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "detection-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        try {
            props.put(StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory("detection-test").toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        driver = new TopologyTestDriver(new DetectionTopology(new DetectionEngine(config), MAPPER, meters).topology(), props);
        events = driver.createInputTopic(Topics.ACCESS_EVENTS, Serdes.String().serializer(),
                new ObjectMapperSerde<>(AccessEvent.class, MAPPER).serializer());
        configs = driver.createInputTopic(Topics.CONFIG, Serdes.String().serializer(),
                new ObjectMapperSerde<>(SubscriptionConfig.class, MAPPER).serializer());
        detections = driver.createOutputTopic(Topics.DETECTIONS, Serdes.String().deserializer(),
                new ObjectMapperSerde<>(Detection.class, MAPPER).deserializer());
        usage = driver.createOutputTopic(Topics.USAGE, Serdes.String().deserializer(),
                new ObjectMapperSerde<>(Usage.class, MAPPER).deserializer());
    }

    public static DetectionConfig config(Map<String, String> overrides) {
        Map<String, String> properties = new HashMap<>();
        // a TopologyTestDriver commits (and so flushes RocksDB) after every record: memory keeps weeks of traffic fast
        properties.put("vigil.detection.persistent-stores", "false");
        overrides.forEach((key, value) -> properties.put("vigil.detection." + key, value));
        return new SmallRyeConfigBuilder()
                .withMapping(DetectionConfig.class)
                .withSources(new PropertiesConfigSource(properties, "test", 500))
                .build()
                .getConfigMapping(DetectionConfig.class);
    }

    public Harness send(List<AccessEvent> batch) {
        batch.forEach(this::send);
        return this;
    }

    public Harness send(AccessEvent event) {
        events.pipeInput(event.partitionKey(), event, event.time());
        return this;
    }

    /** Publishes the subscription's settings with one exception for the caller's object id. */
    public Harness except(String name, List<String> alertTypes, String field, String value) {
        SubscriptionConfig config = new SubscriptionConfig(SubscriptionConfig.SCHEMA_VERSION,
                TestEvents.SUBSCRIPTION, true, List.of(), Instant.EPOCH,
                List.of(new DetectionException(name, alertTypes, Map.of(field, List.of(value)))));
        configs.pipeInput(TestEvents.SUBSCRIPTION, config);
        return this;
    }

    /** Everything emitted so far, with its key: the principal stage first releases all it holds (two ticks). */
    public List<KeyValue<String, Detection>> records() {
        driver.advanceWallClockTime(tick);
        driver.advanceWallClockTime(tick);
        emitted.addAll(detections.readKeyValuesToList());
        return List.copyOf(emitted);
    }

    public List<Detection> detections() {
        return records().stream().map(record -> record.value).toList();
    }

    public List<Detection> detections(AlertType type) {
        return detections().stream().filter(d -> d.alertType() == type).toList();
    }

    /** The value of a counter, 0 when it was never incremented. */
    public double counter(String name, String... tags) {
        var counter = meters.find(name).tags(tags).counter();
        return counter == null ? 0 : counter.count();
    }

    public List<Usage> usage() {
        return usage.readValuesToList();
    }

    @Override
    public void close() {
        driver.close();
    }
}
