package io.vigil.detection.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.kafka.client.serialization.ObjectMapperSerde;
import io.vigil.detection.service.DetectionEngine;
import io.vigil.events.AccessEvent;
import io.vigil.events.Detection;
import io.vigil.events.Topics;

/**
 * Access events in, detections out, re-keyed by correlation key so that every detection of one burst lands on one
 * partition and alert-service sees them in order.
 */
@ApplicationScoped
public class DetectionTopology {

    private final DetectionEngine engine;
    private final ObjectMapper mapper;

    public DetectionTopology(DetectionEngine engine, ObjectMapper mapper) {
        this.engine = engine;
        this.mapper = mapper;
    }

    @Produces
    public Topology topology() {
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(Topics.ACCESS_EVENTS, Consumed.with(Serdes.String(), new ObjectMapperSerde<>(AccessEvent.class, mapper)))
                .filter((key, event) -> event != null)
                .flatMapValues(engine::evaluate)
                .selectKey((key, detection) -> detection.correlationKey())
                .to(Topics.DETECTIONS, Produced.with(Serdes.String(), new ObjectMapperSerde<>(Detection.class, mapper)));
        return builder.build();
    }
}
