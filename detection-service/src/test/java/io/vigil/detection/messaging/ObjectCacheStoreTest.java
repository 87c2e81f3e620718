package io.vigil.detection.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The write-behind cache: values reach the store underneath only when Kafka Streams flushes before a commit. */
class ObjectCacheStoreTest {

    private ObjectCacheStore<String> store;
    private KeyValueStore<String, String> underneath;

    @BeforeEach
    void open() {
        store = (ObjectCacheStore<String>) ObjectCacheStore.wrap(Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore("states"), Serdes.String(), Serdes.String()).withLoggingDisabled(), 3)
                .build();
        store.init(new MockProcessorContext<>().getStateStoreContext(), store);
        underneath = store.wrapped();
    }

    @Test
    void writesReachTheStoreOnlyWhenItsCacheIsFlushed() {
        store.put("vault-1", "a");
        store.put("vault-1", "b");

        assertThat(store.get("vault-1")).isEqualTo("b");
        assertThat(underneath.get("vault-1")).isNull();

        store.flushCache();
        assertThat(underneath.get("vault-1")).isEqualTo("b");
    }

    @Test
    void aDeleteHidesTheValueAtOnceAndRemovesItOnFlush() {
        underneath.put("vault-1", "a");

        assertThat(store.delete("vault-1")).isEqualTo("a");
        assertThat(store.get("vault-1")).isNull();
        assertThat(underneath.get("vault-1")).isEqualTo("a");

        store.flushCache();
        assertThat(underneath.get("vault-1")).isNull();
    }

    @Test
    void scansSeeWritesNotFlushedYet() {
        store.put("vault-1", "a");
        store.put("vault-2", "b");
        store.delete("vault-1");

        assertThat(keys(store.all())).containsExactly("vault-2");
        assertThat(keys(store.prefixScan("vault-", new StringSerializer()))).containsExactly("vault-2");
    }

    @Test
    void keepsAtMostItsBoundOnceFlushedAndReadsTheRestBack() {
        for (int i = 0; i < 10; i++) {
            store.put("vault-" + i, "v" + i);
        }
        store.flushCache();
        // the store underneath changes behind the cache: only evicted keys are read from it again
        for (int i = 0; i < 10; i++) {
            underneath.put("vault-" + i, "changed");
        }

        List<String> values = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            values.add(store.get("vault-" + i));
        }
        assertThat(values).containsExactly("changed", "changed", "changed", "changed", "changed", "changed",
                "changed", "v7", "v8", "v9");
    }

    @Test
    void aReinitialisedStoreForgetsWritesThatWereNeverFlushed() {
        store.put("vault-1", "uncommitted");

        store.init(new MockProcessorContext<>().getStateStoreContext(), store);

        assertThat(store.get("vault-1")).isNull();
    }

    @Test
    void aKeyKnownAbsentThatIsWrittenAndDeletedBetweenFlushesNeverReachesTheStore() {
        List<String> calls = new ArrayList<>();
        ObjectCacheStore<String> counted = new ObjectCacheStore<>(counting(underneath, calls), 100);

        assertThat(counted.putIfAbsent("event-1", "held")).isNull();
        counted.delete("event-1");
        counted.flushCache();
        assertThat(calls).as("held and released within one commit").isEmpty();

        counted.putIfAbsent("event-2", "held");
        counted.flushCache();
        counted.delete("event-2");
        counted.flushCache();
        assertThat(calls).as("held across a commit").containsExactly("put event-2", "delete event-2");
        assertThat(underneath.get("event-2")).isNull();

        // written without being read first: whether the store holds it is unknown, so the delete goes down
        counted.put("event-3", "held");
        counted.delete("event-3");
        counted.flushCache();
        assertThat(calls).endsWith("delete event-3");
    }

    /** The store with its writes recorded. */
    @SuppressWarnings("unchecked")
    private static KeyValueStore<String, String> counting(KeyValueStore<String, String> store, List<String> calls) {
        return (KeyValueStore<String, String>) Proxy.newProxyInstance(KeyValueStore.class.getClassLoader(),
                new Class<?>[] {KeyValueStore.class}, (proxy, method, args) -> {
                    if (method.getName().equals("put") || method.getName().equals("delete")) {
                        calls.add(method.getName() + " " + args[0]);
                    }
                    try {
                        return method.invoke(store, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    private static List<String> keys(KeyValueIterator<String, String> it) {
        List<String> keys = new ArrayList<>();
        try (it) {
            it.forEachRemaining((KeyValue<String, String> entry) -> keys.add(entry.key));
        }
        return keys;
    }
}
