package io.vigil.detection.messaging;

import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiConsumer;

import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * A principal task's events held in event-time order until they can be analysed in it (see
 * {@code vigil.detection.reorder}). The order lives in heap; the store only makes the held events durable, so a
 * crash or a rebalance resumes with them instead of losing the events whose offsets the task already committed.
 * <p>
 * Released oldest first: the oldest beyond {@code maxEvents} at once, and at each tick every event no later than the
 * newest one held at the previous tick, so an event waits at most two ticks and one that arrives up to a tick late
 * still takes its place. Events of the same millisecond keep their order of arrival.
 */
final class ReorderBuffer {

    /** Sixteen hex digits of event time, sixteen of arrival sequence, then the record key. */
    private static final int KEY_PREFIX = 32;

    private final KeyValueStore<String, ReadEvent> store;
    private final int maxEvents;
    /** Store key → record key and event, sorted as the store keys sort: by time, then arrival. */
    private final TreeMap<String, Held> held = new TreeMap<>();
    /** What the next tick releases up to: the newest store key held at the last tick. */
    private String releaseUpTo;
    private long arrivals;

    /** A held event with the key it came with. */
    private record Held(String key, ReadEvent read) {
    }

    /** Takes over what the store holds: restored from the changelog after a crash or a move, all of it due. */
    ReorderBuffer(KeyValueStore<String, ReadEvent> store, int maxEvents) {
        this.store = store;
        this.maxEvents = maxEvents;
        try (KeyValueIterator<String, ReadEvent> it = store.all()) {
            while (it.hasNext()) {
                KeyValue<String, ReadEvent> entry = it.next();
                held.put(entry.key, new Held(entry.key.substring(KEY_PREFIX), entry.value));
                arrivals = Math.max(arrivals, Long.parseUnsignedLong(entry.key.substring(16, KEY_PREFIX), 16) + 1);
            }
        }
        releaseUpTo = held.isEmpty() ? null : held.lastKey();
    }

    /** Holds the event, then hands on (oldest first) those beyond the limit. */
    void add(String key, ReadEvent read, BiConsumer<String, ReadEvent> analyse) {
        if (maxEvents == 0 && held.isEmpty()) {
            analyse.accept(key, read);
            return;
        }
        StringBuilder storeKey = new StringBuilder(KEY_PREFIX + key.length());
        hex(storeKey, read.event().time().toEpochMilli() ^ Long.MIN_VALUE);
        hex(storeKey, arrivals++);
        String sortable = storeKey.append(key).toString();
        held.put(sortable, new Held(key, read));
        store.putIfAbsent(sortable, read);
        while (held.size() > maxEvents) {
            release(held.pollFirstEntry(), analyse);
        }
    }

    /** Hands on, oldest first, everything that was held at the previous tick or is older. */
    void tick(BiConsumer<String, ReadEvent> analyse) {
        if (releaseUpTo != null) {
            while (!held.isEmpty() && held.firstKey().compareTo(releaseUpTo) <= 0) {
                release(held.pollFirstEntry(), analyse);
            }
        }
        releaseUpTo = held.isEmpty() ? null : held.lastKey();
    }

    /** Events held now. */
    int size() {
        return held.size();
    }

    private void release(Map.Entry<String, Held> entry, BiConsumer<String, ReadEvent> analyse) {
        store.delete(entry.getKey());
        analyse.accept(entry.getValue().key(), entry.getValue().read());
    }

    /** Sixteen hex digits, so that keys sort as the (unsigned) values do. */
    private static void hex(StringBuilder out, long value) {
        String digits = Long.toHexString(value);
        out.append("0".repeat(16 - digits.length())).append(digits);
    }
}
