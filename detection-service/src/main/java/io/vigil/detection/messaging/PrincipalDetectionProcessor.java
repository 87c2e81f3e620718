package io.vigil.detection.messaging;

import java.time.Duration;

import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vigil.detection.domain.PrincipalBaseline;
import io.vigil.detection.domain.PrincipalState;
import io.vigil.detection.service.DetectionEngine;
import io.vigil.events.AccessEvent;
import io.vigil.events.Detection;

/**
 * Runs on the principal's partition (key {@code subscription/principal}): puts the events back into event-time order,
 * then runs the cross-vault detectors and learns. Its clock for ending bursts is the newest event analysed, not the
 * task's stream time, which runs ahead by whatever is still held.
 */
final class PrincipalDetectionProcessor extends DetectingProcessor {

    private static final Duration EXPIRY_INTERVAL = Duration.ofDays(1);

    private final DetectionEngine engine;
    /** Events analysed more than the grace after a later one: disorder the reorder buffer could not undo. */
    private final Counter outOfOrder;
    private KeyValueStore<String, PrincipalState> states;
    private ReorderBuffer held;
    private long analysedUpTo = Long.MIN_VALUE;

    PrincipalDetectionProcessor(DetectionEngine engine, MeterRegistry meters) {
        super(engine.config(), DetectionTopology.PRINCIPAL_BURSTS, meters);
        this.engine = engine;
        this.outOfOrder = meters.counter("vigil.detection.principal.events.out.of.order");
    }

    @Override
    public void init(ProcessorContext<String, Detection> context) {
        super.init(context);
        states = context.getStateStore(DetectionTopology.PRINCIPAL_STATES);
        held = new ReorderBuffer(context.getStateStore(DetectionTopology.PRINCIPAL_HELD), config.reorder().maxEvents());
        context.schedule(config.reorder().maxWait(), PunctuationType.WALL_CLOCK_TIME, now -> held.tick(this::analyse));
        context.schedule(EXPIRY_INTERVAL, PunctuationType.STREAM_TIME,
                now -> PrincipalBaseline.expire(states, now, config.entryTtl()));
    }

    @Override
    public void process(Record<String, ReadEvent> record) {
        held.add(record.key(), record.value(), this::analyse);
    }

    private void analyse(String principalKey, ReadEvent read) {
        AccessEvent event = read.event();
        PrincipalBaseline baseline = new PrincipalBaseline(states, config, principalKey, event);
        emit(event, engine.evaluate(event, baseline));
        baseline.learn();
        long time = event.time().toEpochMilli();
        if (analysedUpTo > time + config.grace().toMillis()) {
            outOfOrder.increment();
        }
        analysedUpTo = Math.max(analysedUpTo, time);
        expireBursts(analysedUpTo);
    }
}
