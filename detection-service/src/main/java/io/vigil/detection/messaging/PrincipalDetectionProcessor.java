package io.vigil.detection.messaging;

import java.time.Duration;
import java.util.function.BiConsumer;

import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vigil.detection.domain.PrincipalBaseline;
import io.vigil.detection.domain.PrincipalState;
import io.vigil.detection.service.DetectionEngine;
import io.vigil.events.AccessEvent;
import io.vigil.events.Detection;

/**
 * Runs on the principal's partition (key {@code subscription/principal}): puts the events back into event-time order,
 * then runs the cross-vault detectors and learns. Its clock for ending bursts and ageing baselines is the newest event
 * analysed, not the task's stream time, which runs ahead by whatever is still held.
 */
final class PrincipalDetectionProcessor extends DetectingProcessor {

    /** Ageing scans every principal and its TTL is weeks: once a day of event time is precise enough. */
    private static final Duration EXPIRY_INTERVAL = Duration.ofDays(1);

    private final DetectionEngine engine;
    private final MeterRegistry meters;
    /** Events analysed more than the grace after a later one: disorder the reorder buffer could not undo. */
    private final Counter outOfOrder;
    private final BiConsumer<String, ReadEvent> analyse = this::analyse;
    private KeyValueStore<String, PrincipalState> states;
    private ReorderBuffer held;
    private Gauge heldGauge;
    private long analysedUpTo;
    private long nextExpiry;

    PrincipalDetectionProcessor(DetectionEngine engine, MeterRegistry meters) {
        super(engine.config(), DetectionTopology.PRINCIPAL_BURSTS, meters);
        this.engine = engine;
        this.meters = meters;
        this.outOfOrder = meters.counter("vigil.detection.principal.events.out.of.order");
    }

    @Override
    public void init(ProcessorContext<String, Detection> context) {
        super.init(context);
        states = context.getStateStore(DetectionTopology.PRINCIPAL_STATES);
        // a revived task starts again from its restored stores, so the clocks start again too
        analysedUpTo = Long.MIN_VALUE;
        nextExpiry = Long.MIN_VALUE;
        held = new ReorderBuffer(context.getStateStore(DetectionTopology.PRINCIPAL_HELD), config.reorder().maxEvents());
        heldGauge = Gauge.builder("vigil.detection.principal.events.held", held, ReorderBuffer::size)
                .description("events a principal task holds to put them back into event-time order")
                .tag("task", context.taskId().toString()).register(meters);
        context.schedule(config.reorder().maxWait(), PunctuationType.WALL_CLOCK_TIME, now -> held.tick(analyse));
    }

    @Override
    public void process(Record<String, ReadEvent> record) {
        held.add(record.key(), record.value(), analyse);
    }

    @Override
    public void close() {
        if (heldGauge != null) {
            meters.remove(heldGauge);
        }
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
        if (analysedUpTo >= nextExpiry) {
            PrincipalBaseline.expire(states, analysedUpTo, config.entryTtl());
            nextExpiry = analysedUpTo + EXPIRY_INTERVAL.toMillis();
        }
    }
}
