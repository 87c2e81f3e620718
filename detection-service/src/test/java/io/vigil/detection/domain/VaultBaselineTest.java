package io.vigil.detection.domain;

import static io.vigil.detection.TestEvents.ALICE;
import static io.vigil.detection.TestEvents.KV_PROD;
import static io.vigil.detection.TestEvents.by;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

import io.quarkus.kafka.client.serialization.ObjectMapperSerde;
import io.vigil.detection.Harness;
import io.vigil.detection.config.DetectionConfig;
import io.vigil.events.AccessEvent;

/** Vault baseline entries are rewritten only when their last sighting moved by the resolution. */
class VaultBaselineTest {

    private static final Instant T0 = Instant.parse("2026-10-05T09:00:00Z");

    private final DetectionConfig config = Harness.config(Map.of());
    private final KeyValueStore<String, VaultState> states = store("vault-states", VaultState.class);
    private final KeyValueStore<String, Seen> entries = store("vault-entries", Seen.class);

    @Test
    void aSteadyCallersEntriesAreRewrittenOncePerResolutionNotOnEveryEvent() {
        learn(T0);
        Seen first = caller(T0);
        assertThat(first).isEqualTo(Seen.at(T0.toEpochMilli()));

        for (int minute = 5; minute < 60; minute += 5) {
            learn(T0.plus(Duration.ofMinutes(minute)));
        }
        assertThat(caller(T0.plus(Duration.ofMinutes(55)))).as("not rewritten within the hour").isEqualTo(first);

        learn(T0.plus(Duration.ofMinutes(61)));
        assertThat(caller(T0.plus(Duration.ofMinutes(61))).last()).isEqualTo(T0.plus(Duration.ofMinutes(61))
                .toEpochMilli());
        assertThat(config.lastSeenResolution()).isLessThan(config.entryTtl().dividedBy(100));
    }

    @Test
    void anEarlierSightingMovesTheFirstOneBackAtOnce() {
        learn(T0);
        learn(T0.minus(Duration.ofMinutes(3)));
        assertThat(caller(T0).first()).isEqualTo(T0.minus(Duration.ofMinutes(3)).toEpochMilli());
    }

    private void learn(Instant time) {
        AccessEvent event = by(ALICE).on(KV_PROD).reads("db-password").at(time);
        new VaultBaseline(states, entries, config, event.partitionKey(), event).learn();
    }

    private Seen caller(Instant time) {
        AccessEvent event = by(ALICE).on(KV_PROD).reads("db-password").at(time);
        return new VaultBaseline(states, entries, config, event.partitionKey(), event)
                .entry(VaultBaseline.CALLER, Callers.key(event));
    }

    private <T> KeyValueStore<String, T> store(String name, Class<T> type) {
        KeyValueStore<String, T> store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name),
                Serdes.String(), new ObjectMapperSerde<>(type, Harness.MAPPER)).withLoggingDisabled().build();
        MockProcessorContext<Object, Object> context = new MockProcessorContext<>();
        store.init(context.getStateStoreContext(), store);
        return store;
    }
}
