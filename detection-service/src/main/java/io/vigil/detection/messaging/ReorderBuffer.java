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
 * still takes its place.
 */
final class ReorderBuffer {

    /** Between the sortable time, the event id and the record key in a store key. */
    private static final char SEP = '\u001f';

    private final KeyValueStore<String, ReadEvent> store;
    private final int maxEvents;
    /** Store key → record key and event, sorted as the store keys sort: by time, then event id. */
    private final TreeMap<String, Held> held = new TreeMap<>();
    /** What the next tick releases up to: the newest store key held at the last tick. */
    private String releaseUpTo;

    /** A held event with the key it came with. */
    record Held(String key, ReadEvent read) {
    }

    /** Takes over what the store holds: restored from the changelog after a crash or a move, all of it due. */
    ReorderBuffer(KeyValueStore<String, ReadEvent> store, int maxEvents) {
        this.store = store;
        this.maxEvents = maxEvents;
        try (KeyValueIterator<String, ReadEvent> it = store.all()) {
            while (it.hasNext()) {
                KeyValue<String, ReadEvent> entry = it.next();
                held.put(entry.key, new Held(entry.key.substring(entry.key.lastIndexOf(SEP) + 1), entry.value));
            }
        }
        releaseUpTo = held.isEmpty() ? null : held.lastKey();
    }

    /** Holds the event, then hands on (oldest first) those beyond the limit. */
    void add(String key, ReadEvent read, BiConsumer<String, ReadEvent> analyse) {
        String storeKey = sortable(read.event().time().toEpochMilli()) + SEP + read.event().eventId() + SEP + key;
        if (held.putIfAbsent(storeKey, new Held(key, read)) == null) {
            store.putIfAbsent(storeKey, read);
        }
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

    int size() {
        return held.size();
    }

    private void release(Map.Entry<String, Held> entry, BiConsumer<String, ReadEvent> analyse) {
        store.delete(entry.getKey());
        analyse.accept(entry.getValue().key(), entry.getValue().read());
    }

    /** Sixteen hex digits that sort as the signed epoch milliseconds do. */
    private static String sortable(long epochMillis) {
        String hex = Long.toHexString(epochMillis ^ Long.MIN_VALUE);
        return "0".repeat(16 - hex.length()) + hex;
    }
}
