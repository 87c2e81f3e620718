package io.vigil.detection.messaging;

import java.time.Duration;

import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

import io.micrometer.core.instrument.MeterRegistry;
import io.vigil.detection.domain.PrincipalBaseline;
import io.vigil.detection.domain.PrincipalState;
import io.vigil.detection.service.DetectionEngine;
import io.vigil.events.AccessEvent;
import io.vigil.events.Detection;

/** Runs on the principal's partition (key {@code subscription/principal}): cross-vault detectors, then learns. */
final class PrincipalDetectionProcessor extends DetectingProcessor {

    private static final Duration EXPIRY_INTERVAL = Duration.ofDays(1);

    private final DetectionEngine engine;
    private KeyValueStore<String, PrincipalState> states;

    PrincipalDetectionProcessor(DetectionEngine engine, MeterRegistry meters) {
        super(engine.config(), DetectionTopology.PRINCIPAL_BURSTS, meters);
        this.engine = engine;
    }

    @Override
    public void init(ProcessorContext<String, Detection> context) {
        super.init(context);
        states = context.getStateStore(DetectionTopology.PRINCIPAL_STATES);
        context.schedule(EXPIRY_INTERVAL, PunctuationType.STREAM_TIME,
                now -> PrincipalBaseline.expire(states, now, config.entryTtl()));
    }

    @Override
    public void process(Record<String, ReadEvent> record) {
        AccessEvent event = record.value().event();
        PrincipalBaseline baseline = new PrincipalBaseline(states, config, record.key(), event);
        emit(event, engine.evaluate(event, baseline));
        baseline.learn();
    }
}
