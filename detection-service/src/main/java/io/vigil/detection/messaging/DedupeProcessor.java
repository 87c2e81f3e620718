package io.vigil.detection.messaging;

import java.time.Duration;

import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.WindowStore;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vigil.events.AccessEvent;

/**
 * Lets each event through once and in time: an event id already seen is a redelivery (ingest retries, replays), and
 * an event older than the grace behind the partition's newest one would judge against baselines that have moved on.
 * Event ids are kept in a window store, so they expire with its retention instead of growing for ever.
 */
final class DedupeProcessor implements FixedKeyProcessor<String, ReadEvent, ReadEvent> {

    private static final Logger LOG = Logger.getLogger(DedupeProcessor.class);

    private final Duration grace;
    private final Counter late;
    private final Counter duplicates;
    private FixedKeyProcessorContext<String, ReadEvent> context;
    private WindowStore<String, Long> seen;

    DedupeProcessor(Duration grace, MeterRegistry meters) {
        this.grace = grace;
        this.late = meters.counter("vigil.detection.events.dropped", "reason", "late");
        this.duplicates = meters.counter("vigil.detection.events.dropped", "reason", "duplicate");
    }

    @Override
    public void init(FixedKeyProcessorContext<String, ReadEvent> context) {
        this.context = context;
        this.seen = context.getStateStore(DetectionTopology.EVENT_IDS);
    }

    @Override
    public void process(FixedKeyRecord<String, ReadEvent> record) {
        AccessEvent event = record.value().event();
        long time = record.timestamp();
        if (time < context.currentStreamTimeMs() - grace.toMillis()) {
            LOG.debugf("dropped event %s: %s is beyond the grace of %s", event.eventId(), event.time(), grace);
            late.increment();
            return;
        }
        // the same source record always has the same id and time, so the id's window at that time is where it is.
        // Scoped by subscription: canonical events may bring their own ids, and one tenant's "evt-1" must not make
        // another tenant's "evt-1" on the same partition a duplicate
        String id = event.subscriptionId() + '/' + event.eventId();
        if (seen.fetch(id, time) != null) {
            duplicates.increment();
            return;
        }
        seen.put(id, time, time);
        context.forward(record);
    }
}
