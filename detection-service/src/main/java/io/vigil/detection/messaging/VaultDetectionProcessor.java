package io.vigil.detection.messaging;

import java.time.Duration;

import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

import io.micrometer.core.instrument.MeterRegistry;
import io.vigil.detection.domain.Seen;
import io.vigil.detection.domain.VaultBaseline;
import io.vigil.detection.domain.VaultState;
import io.vigil.detection.service.DetectionEngine;
import io.vigil.events.AccessEvent;
import io.vigil.events.Detection;

/** Runs on the vault's partition (key {@code subscription/vault}): stateless and per-vault detectors, then learns. */
final class VaultDetectionProcessor extends DetectingProcessor {

    /** Ageing scans every entry and its TTL is weeks: once a day of event time is precise enough. */
    private static final Duration EXPIRY_INTERVAL = Duration.ofDays(1);
    /** How often, in event time, ended cooldowns are flushed; alerts lag their burst's end by at most this. */
    private static final Duration FLUSH_INTERVAL = Duration.ofMinutes(1);

    private final DetectionEngine engine;
    private KeyValueStore<String, VaultState> states;
    private KeyValueStore<String, Seen> entries;

    VaultDetectionProcessor(DetectionEngine engine, MeterRegistry meters) {
        super(engine.config(), DetectionTopology.VAULT_BURSTS, meters);
        this.engine = engine;
    }

    @Override
    public void init(ProcessorContext<String, Detection> context) {
        super.init(context);
        states = context.getStateStore(DetectionTopology.VAULT_STATES);
        entries = context.getStateStore(DetectionTopology.VAULT_ENTRIES);
        context.schedule(EXPIRY_INTERVAL, PunctuationType.STREAM_TIME,
                now -> VaultBaseline.expire(states, entries, now, config.entryTtl()));
        context.schedule(FLUSH_INTERVAL, PunctuationType.STREAM_TIME, this::expireBursts);
    }

    @Override
    public void process(Record<String, ReadEvent> record) {
        AccessEvent event = record.value().event();
        VaultBaseline baseline = new VaultBaseline(states, entries, config, event.partitionKey(), event);
        emit(event, engine.evaluate(event, baseline));
        baseline.learn();
    }
}
