package io.vigil.detection.messaging;

import static io.vigil.detection.TestEvents.ALICE;
import static io.vigil.detection.TestEvents.KV_DEV;
import static io.vigil.detection.TestEvents.KV_PROD;
import static io.vigil.detection.TestEvents.by;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.JsonProcessingException;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.kafka.client.serialization.ObjectMapperSerde;
import io.vigil.detection.Harness;
import io.vigil.detection.domain.Burst;
import io.vigil.detection.domain.PrincipalState;
import io.vigil.detection.service.DetectionEngine;
import io.vigil.events.AccessEvent;
import io.vigil.events.Detection;
import io.vigil.events.SubscriptionConfig;
import io.vigil.events.Vault;

/**
 * The principal stage on its own, fed as the repartition topic feeds it in the service: two vault partitions' events
 * a fetch apart, each partition in order (so none was late for the vault stage), here three hours of alice's work on
 * kv-dev before the same three hours on kv-prod.
 */
class PrincipalDetectionProcessorTest {

    private static final Instant T0 = Instant.parse("2026-11-20T09:00:00Z");
    private static final String OUT_OF_ORDER = "vigil.detection.principal.events.out.of.order";

    @Test
    void eventsInterleavedByVaultPartitionAreAnalysedInEventTimeOrder() {
        Run run = new Run(Map.of());
        run.interleaved();
        assertThat(run.meters.counter(OUT_OF_ORDER).count()).as("held: none analysed yet").isZero();
        assertThat(run.held()).isEqualTo(36);

        run.tick();
        run.tick();

        assertThat(run.held()).isZero();
        assertThat(run.meters.counter(OUT_OF_ORDER).count()).isZero();
        assertThat(run.alice().successes()).as("every event analysed").isEqualTo(36);
        assertThat(run.alice().lastSeen()).isEqualTo(T0.plus(Duration.ofMinutes(170)).toEpochMilli());
    }

    @Test
    void withoutRoomTheyAreAnalysedAsTheyComeAndTheDisorderIsCounted() {
        Run run = new Run(Map.of("reorder.max-events", "0"));
        run.interleaved();

        // kv-prod's events from 09:00 to 11:30 come after kv-dev's 11:50: more than the 15-minute grace behind
        assertThat(run.meters.counter(OUT_OF_ORDER).count()).isEqualTo(16);
        assertThat(run.alice().successes()).isEqualTo(36);
    }

    @Test
    void beyondItsBoundTheOldestHeldAreAnalysedAtOnce() {
        Run run = new Run(Map.of("reorder.max-events", "20"));
        run.interleaved();

        // each of kv-prod's events, older than most of kv-dev's held, pushes out the oldest held: still in order
        assertThat(run.held()).isEqualTo(20);
        assertThat(run.alice().successes()).isEqualTo(16);
        assertThat(run.meters.counter(OUT_OF_ORDER).count()).isZero();
        assertThat(run.meters.get("vigil.detection.principal.events.held").gauge().value()).isEqualTo(20);
    }

    /** A processor with the stores the topology gives it (in memory, unlogged). */
    @SuppressWarnings("unchecked")
    private static final class Run {
        final SimpleMeterRegistry meters = new SimpleMeterRegistry();
        final MockProcessorContext<String, Detection> context = new MockProcessorContext<>();
        final PrincipalDetectionProcessor processor;
        private final List<StateStore> stores = new ArrayList<>();

        Run(Map<String, String> overrides) {
            store(DetectionTopology.CONFIG_STORE, Stores.timestampedKeyValueStoreBuilder(
                    Stores.inMemoryKeyValueStore(DetectionTopology.CONFIG_STORE), Serdes.String(),
                    serde(SubscriptionConfig.class)).withLoggingDisabled().build());
            store(DetectionTopology.PRINCIPAL_STATES, Stores.keyValueStoreBuilder(
                    Stores.inMemoryKeyValueStore(DetectionTopology.PRINCIPAL_STATES), Serdes.String(),
                    serde(PrincipalState.class)).withLoggingDisabled().build());
            store(DetectionTopology.PRINCIPAL_BURSTS, Stores.keyValueStoreBuilder(
                    Stores.inMemoryKeyValueStore(DetectionTopology.PRINCIPAL_BURSTS), Serdes.String(),
                    serde(Burst.class)).withLoggingDisabled().build());
            store(DetectionTopology.PRINCIPAL_HELD, Stores.keyValueStoreBuilder(
                    Stores.inMemoryKeyValueStore(DetectionTopology.PRINCIPAL_HELD), Serdes.String(),
                    ReadEvent.serde(Harness.MAPPER)).withLoggingDisabled().build());
            processor = new PrincipalDetectionProcessor(new DetectionEngine(Harness.config(overrides)), meters);
            processor.init(context);
        }

        /** kv-dev every 10 minutes for three hours, then kv-prod the same. */
        void interleaved() {
            for (Vault vault : List.of(KV_DEV, KV_PROD)) {
                for (int minute = 0; minute < 180; minute += 10) {
                    send(by(ALICE).on(vault).reads("key").at(T0.plus(Duration.ofMinutes(minute))));
                }
            }
        }

        void send(AccessEvent event) {
            try {
                processor.process(new Record<>("sub-a/oid-alice", new ReadEvent(event,
                        Harness.MAPPER.writeValueAsBytes(event)), event.time().toEpochMilli()));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }

        /** Fires the processor's wall-clock punctuator, as a tick of {@code reorder.max-wait}. */
        void tick() {
            context.scheduledPunctuators().stream()
                    .filter(p -> p.getType() == PunctuationType.WALL_CLOCK_TIME)
                    .forEach(p -> p.getPunctuator().punctuate(0));
        }

        PrincipalState alice() {
            return ((KeyValueStore<String, PrincipalState>) stores.get(1)).get("sub-a/oid-alice");
        }

        long held() {
            return ((KeyValueStore<?, ?>) stores.get(3)).approximateNumEntries();
        }

        private void store(String name, StateStore store) {
            store.init(context.getStateStoreContext(), store);
            context.addStateStore(store);
            stores.add(store);
        }

        private static <T> Serde<T> serde(Class<T> type) {
            return new ObjectMapperSerde<>(type, Harness.MAPPER);
        }
    }
}
