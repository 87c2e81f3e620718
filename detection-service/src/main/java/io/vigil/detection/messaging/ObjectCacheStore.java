package io.vigil.detection.messaging;

import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.internals.WrappedStateStore;

/**
 * A write-behind cache of deserialised values in front of a changelogged key-value store. A vault's or principal's
 * state is read and rewritten by every one of its events; through Kafka Streams' own record cache each of those reads
 * and writes still pays a (JSON) deserialisation and serialisation, which cost more than the detectors themselves.
 * Here a value read once stays an object, writes only mark it dirty, and the dirty values go down to the store (and
 * its changelog) when the task commits: Kafka Streams flushes every {@code CachedStateStore} before it commits the
 * transaction, so exactly-once holds. A task that is closed uncleanly drops its unflushed writes with its transaction,
 * and {@link #init} starts from an empty cache, so a revived task reads what the changelog restored.
 * <p>
 * Bounded: at each commit, once every value is clean, the least recently used beyond {@code maxEntries} are dropped;
 * between commits the cache grows by the keys written since the last one. Scans see the dirty values because they are written down first.
 * <p>
 * A key known to be absent below (read as absent, or deleted there) that is written and deleted again between two
 * commits never reaches the store or its changelog: short-lived entries, such as events held for a moment, cost
 * nothing there unless a commit finds them held.
 */
final class ObjectCacheStore<V> extends WrappedStateStore<KeyValueStore<String, V>, String, V>
        implements KeyValueStore<String, V> {

    /** A pending delete, distinguishable from a cached absence. */
    private static final Object DELETED = new Object();

    private final int maxEntries;
    /** key → value, null (known absent) or {@link #DELETED}; access-ordered for eviction. */
    private final LinkedHashMap<String, Object> cache = new LinkedHashMap<>(1024, 0.75f, true);
    private final Map<String, Object> dirty = new HashMap<>();
    /** Cached keys the wrapped store does not hold; a pending delete of one has nothing to delete. */
    private final Set<String> absentBelow = new HashSet<>();

    ObjectCacheStore(KeyValueStore<String, V> store, int maxEntries) {
        super(store);
        this.maxEntries = maxEntries;
    }

    /** Builds the store as {@code builder} does, with this cache in front. */
    static <V> StoreBuilder<KeyValueStore<String, V>> wrap(StoreBuilder<KeyValueStore<String, V>> builder,
            int maxEntries) {
        return new Builder<>(builder, maxEntries);
    }

    @Override
    public void init(StateStoreContext context, StateStore root) {
        cache.clear();
        dirty.clear();
        absentBelow.clear();
        super.init(context, root);
    }

    @Override
    @SuppressWarnings("unchecked")
    public V get(String key) {
        Object value = cache.get(key);
        if (value == null && !cache.containsKey(key)) {
            value = wrapped().get(key);
            cache.put(key, value);
            if (value == null) {
                absentBelow.add(key);
            }
        }
        return value == DELETED ? null : (V) value;
    }

    @Override
    public void put(String key, V value) {
        Object entry = value == null ? DELETED : value;
        cache.put(key, entry);
        dirty.put(key, entry);
    }

    @Override
    public V putIfAbsent(String key, V value) {
        V current = get(key);
        if (current == null) {
            put(key, value);
        }
        return current;
    }

    @Override
    public void putAll(List<KeyValue<String, V>> entries) {
        entries.forEach(entry -> put(entry.key, entry.value));
    }

    @Override
    public V delete(String key) {
        V current = get(key);
        put(key, null);
        return current;
    }

    @Override
    public KeyValueIterator<String, V> range(String from, String to) {
        writeDirty();
        return wrapped().range(from, to);
    }

    @Override
    public KeyValueIterator<String, V> reverseRange(String from, String to) {
        writeDirty();
        return wrapped().reverseRange(from, to);
    }

    @Override
    public KeyValueIterator<String, V> all() {
        writeDirty();
        return wrapped().all();
    }

    @Override
    public KeyValueIterator<String, V> reverseAll() {
        writeDirty();
        return wrapped().reverseAll();
    }

    @Override
    public <PS extends org.apache.kafka.common.serialization.Serializer<P>, P> KeyValueIterator<String, V> prefixScan(
            P prefix, PS prefixKeySerializer) {
        writeDirty();
        return wrapped().prefixScan(prefix, prefixKeySerializer);
    }

    @Override
    public long approximateNumEntries() {
        writeDirty();
        return wrapped().approximateNumEntries();
    }

    /** Called by Kafka Streams before every commit: the dirty values join the transaction's changelog records. */
    @Override
    public void flushCache() {
        writeDirty();
        super.flushCache();
    }

    @Override
    public void flush() {
        writeDirty();
        super.flush();
    }

    @Override
    public void clearCache() {
        cache.clear();
        dirty.clear();
        absentBelow.clear();
        super.clearCache();
    }

    @Override
    public void close() {
        // unflushed writes belong to a transaction that is not committed: dropped with it
        cache.clear();
        dirty.clear();
        absentBelow.clear();
        super.close();
    }

    @SuppressWarnings("unchecked")
    private void writeDirty() {
        if (dirty.isEmpty()) {
            evict();
            return;
        }
        for (Map.Entry<String, Object> entry : dirty.entrySet()) {
            if (entry.getValue() == DELETED) {
                if (absentBelow.add(entry.getKey())) {
                    wrapped().delete(entry.getKey());
                }
            } else {
                wrapped().put(entry.getKey(), (V) entry.getValue());
                absentBelow.remove(entry.getKey());
            }
        }
        dirty.clear();
        evict();
    }

    /** Once everything is clean: the least recently used go first. */
    private void evict() {
        var it = cache.entrySet().iterator();
        while (cache.size() > maxEntries && it.hasNext()) {
            absentBelow.remove(it.next().getKey());
            it.remove();
        }
    }

    private record Builder<V>(StoreBuilder<KeyValueStore<String, V>> builder, int maxEntries)
            implements StoreBuilder<KeyValueStore<String, V>> {

        @Override
        public StoreBuilder<KeyValueStore<String, V>> withCachingEnabled() {
            throw new UnsupportedOperationException("the object cache replaces the record cache");
        }

        @Override
        public StoreBuilder<KeyValueStore<String, V>> withCachingDisabled() {
            return new Builder<>(builder.withCachingDisabled(), maxEntries);
        }

        @Override
        public StoreBuilder<KeyValueStore<String, V>> withLoggingEnabled(Map<String, String> config) {
            return new Builder<>(builder.withLoggingEnabled(config), maxEntries);
        }

        @Override
        public StoreBuilder<KeyValueStore<String, V>> withLoggingDisabled() {
            return new Builder<>(builder.withLoggingDisabled(), maxEntries);
        }

        @Override
        public KeyValueStore<String, V> build() {
            return new ObjectCacheStore<>(builder.build(), maxEntries);
        }

        @Override
        public Map<String, String> logConfig() {
            return builder.logConfig();
        }

        @Override
        public boolean loggingEnabled() {
            return builder.loggingEnabled();
        }

        @Override
        public String name() {
            return builder.name();
        }
    }
}
