package io.vigil.detection.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import io.vigil.events.AccessedObject;
import io.vigil.events.Detection;
import io.vigil.events.DeterministicId;
import io.vigil.events.Evidence;

/**
 * Keeps a burst from raising hundreds of detections: after one is emitted, others with the same correlation key are
 * held and counted for the cooldown; when it ends, one update with the totals and the objects touched follows. All
 * on event time, so a replay emits the same.
 */
public final class BurstGate {

    private final KeyValueStore<String, Burst> bursts;
    private final Duration cooldown;
    private final int maxObjects;
    /**
     * No cooldown ends before this: the store is scanned only when one may have. Unknown (so scanned) after a start,
     * since the bursts in the store came from the changelog.
     */
    private long nextEnd = Long.MIN_VALUE;

    public BurstGate(KeyValueStore<String, Burst> bursts, Duration cooldown, int maxObjects) {
        this.bursts = bursts;
        this.cooldown = cooldown;
        this.maxObjects = maxObjects;
    }

    /** What to emit for a new detection: itself, preceded by the previous burst's update when that one is over. */
    public List<Detection> admit(Detection detection) {
        String key = detection.correlationKey();
        Burst burst = bursts.get(key);
        long time = detection.lastSeen().toEpochMilli();
        if (burst != null && time < burst.until()) {
            bursts.put(key, hold(burst, detection));
            return List.of();
        }
        List<Detection> out = new ArrayList<>(2);
        if (burst != null && burst.held() > 0) {
            out.add(update(burst));
        }
        out.add(detection);
        long until = time + cooldown.toMillis();
        bursts.put(key, new Burst(detection, until, 0, List.of(), 0, List.of(), time));
        nextEnd = Math.min(nextEnd, until);
        return out;
    }

    /** Ends the cooldowns that are over by {@code streamTime}, returning an update for each burst that went on. */
    public List<Detection> expire(long streamTime) {
        if (streamTime < nextEnd) {
            return List.of();
        }
        List<Detection> out = new ArrayList<>();
        List<String> ended = new ArrayList<>();
        long next = Long.MAX_VALUE;
        try (KeyValueIterator<String, Burst> it = bursts.all()) {
            while (it.hasNext()) {
                KeyValue<String, Burst> burst = it.next();
                if (burst.value.until() <= streamTime) {
                    ended.add(burst.key);
                    if (burst.value.held() > 0) {
                        out.add(update(burst.value));
                    }
                } else {
                    next = Math.min(next, burst.value.until());
                }
            }
        }
        ended.forEach(bursts::delete);
        nextEnd = next;
        return out;
    }

    private Burst hold(Burst burst, Detection detection) {
        List<AccessedObject> objects = new ArrayList<>(burst.objects());
        for (AccessedObject object : detection.objects()) {
            if (objects.size() < maxObjects && !objects.contains(object)) {
                objects.add(object);
            }
        }
        List<String> eventIds = new ArrayList<>(burst.eventIds());
        detection.eventIds().stream().limit(Math.max(0, maxObjects - eventIds.size())).forEach(eventIds::add);
        return new Burst(burst.emitted(), burst.until(), burst.held() + 1, objects,
                burst.objectCount() + detection.objectCount(), eventIds,
                Math.max(burst.lastSeen(), detection.lastSeen().toEpochMilli()));
    }

    /** The emitted detection extended by what was held: same correlation key, so downstream it updates one alert. */
    private Detection update(Burst burst) {
        Detection first = burst.emitted();
        List<AccessedObject> objects = new ArrayList<>(first.objects());
        burst.objects().stream().filter(o -> !objects.contains(o)).limit(Math.max(0, maxObjects - objects.size()))
                .forEach(objects::add);
        List<String> eventIds = new ArrayList<>(first.eventIds());
        burst.eventIds().stream().limit(Math.max(0, maxObjects - eventIds.size())).forEach(eventIds::add);
        Instant lastSeen = Instant.ofEpochMilli(burst.lastSeen());
        Map<String, Object> facts = new HashMap<>(first.evidence().facts());
        facts.put("burstDetections", burst.held() + 1);
        String sentence = first.evidence().summary();
        String summary = (sentence.endsWith(".") ? sentence.substring(0, sentence.length() - 1) : sentence)
                + String.format("; it went on with %d more matching events until %s.", burst.held(), lastSeen);
        return new Detection(DeterministicId.of(first.detectionId(), "burst", lastSeen.toString()),
                first.schemaVersion(), first.alertType(), first.subscriptionId(), first.source(), first.vault(),
                first.principal(), first.client(), first.ip(), first.severity(), first.tactics(), first.techniques(),
                first.firstSeen(), lastSeen, new Evidence(summary, facts), objects,
                first.objectCount() + burst.objectCount(), eventIds, first.correlationKey());
    }
}
