package io.vigil.detection.messaging;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vigil.events.Usage;

/**
 * Counts transactions per subscription (the record key) and hour of event time, and publishes an hour once stream
 * time has passed its end plus the grace; events that still arrive for a published hour publish a correction with
 * the new total (same {@code usageId}, larger count), so a backlog read out of event-time order is counted in full.
 * A windowed count would drop those events instead: a catch-up interleaves partitions, and the hours of the slower
 * ones are already closed when their events arrive. Hours are kept for {@code retention} behind stream time.
 */
final class UsageProcessor implements Processor<String, Long, String, Usage> {

    private static final long HOUR = Duration.ofHours(1).toMillis();
    /** In stream time: how often closed hours with unpublished counts are looked for. */
    private static final Duration PUBLISH_INTERVAL = Duration.ofMinutes(1);

    private final long graceMs;
    private final long retentionMs;
    private final Counter uncounted;
    /** Keys with unpublished counts; rebuilt from the store on start, so it needs no changelog of its own. */
    private final Set<String> unpublished = new HashSet<>();
    /** Hours before this are already forgotten: a scan for them runs once per hour of stream time, not per minute. */
    private long forgottenBefore = Long.MIN_VALUE;
    private ProcessorContext<String, Usage> context;
    private KeyValueStore<String, UsageHour> hours;

    UsageProcessor(Duration grace, Duration retention, MeterRegistry meters) {
        this.graceMs = grace.toMillis();
        this.retentionMs = retention.toMillis();
        this.uncounted = meters.counter("vigil.detection.usage.uncounted");
    }

    @Override
    public void init(ProcessorContext<String, Usage> context) {
        this.context = context;
        this.hours = context.getStateStore(DetectionTopology.USAGE_HOURS);
        try (KeyValueIterator<String, UsageHour> all = hours.all()) {
            all.forEachRemaining(entry -> {
                if (entry.value.unpublished()) {
                    unpublished.add(entry.key);
                }
            });
        }
        context.schedule(PUBLISH_INTERVAL, PunctuationType.STREAM_TIME, this::publishClosedHours);
    }

    @Override
    public void process(Record<String, Long> record) {
        long hour = record.timestamp() - Math.floorMod(record.timestamp(), HOUR);
        if (hour + HOUR + retentionMs < context.currentStreamTimeMs()) {
            uncounted.increment();
            return;
        }
        String key = key(hour, record.key());
        UsageHour counted = hours.get(key);
        hours.put(key, counted == null ? new UsageHour(1, 0) : counted.counted());
        unpublished.add(key);
    }

    private void publishClosedHours(long streamTime) {
        List<String> closed = new ArrayList<>();
        for (String key : unpublished) {
            if (hourOf(key) + HOUR + graceMs <= streamTime) {
                closed.add(key);
            }
        }
        closed.sort(null);
        for (String key : closed) {
            UsageHour counted = hours.get(key);
            long hour = hourOf(key);
            String subscription = key.substring(key.indexOf('|') + 1);
            context.forward(new Record<>(subscription,
                    Usage.of(subscription, Instant.ofEpochMilli(hour), counted.transactions()), hour + HOUR));
            hours.put(key, counted.publishedNow());
            unpublished.remove(key);
        }
        forgetHoursBefore(streamTime - retentionMs - HOUR);
    }

    private void forgetHoursBefore(long time) {
        long cutoff = time - Math.floorMod(time, HOUR);
        if (cutoff <= forgottenBefore) {
            return;
        }
        forgottenBefore = cutoff;
        List<String> expired = new ArrayList<>();
        try (KeyValueIterator<String, UsageHour> old = hours.range(null, key(cutoff, ""))) {
            old.forEachRemaining(entry -> expired.add(entry.key));
        }
        expired.forEach(key -> {
            hours.delete(key);
            unpublished.remove(key);
        });
    }

    /** Hour first, zero-padded, so that a range scan finds every expired hour. */
    private static String key(long hour, String subscription) {
        String digits = Long.toString(hour);
        return "0".repeat(Math.max(0, 15 - digits.length())) + digits + '|' + subscription;
    }

    private static long hourOf(String key) {
        return Long.parseLong(key.substring(0, key.indexOf('|')));
    }
}
