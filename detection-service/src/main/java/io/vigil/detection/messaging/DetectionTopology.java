package io.vigil.detection.messaging;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.kstream.Suppressed;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowBytesStoreSupplier;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.kafka.client.serialization.ObjectMapperSerde;
import io.vigil.detection.config.DetectionConfig;
import io.vigil.detection.domain.Burst;
import io.vigil.detection.domain.Callers;
import io.vigil.detection.domain.PrincipalState;
import io.vigil.detection.domain.Seen;
import io.vigil.detection.domain.VaultState;
import io.vigil.detection.service.DetectionEngine;
import io.vigil.events.AccessEvent;
import io.vigil.events.Detection;
import io.vigil.events.SubscriptionConfig;
import io.vigil.events.Topics;
import io.vigil.events.Usage;

/**
 * Access events (keyed {@code subscription/vault}) in, detections (keyed by correlation key) and hourly usage out.
 * <ol>
 * <li>Event time from the record's {@code time}; events beyond the grace and redelivered event ids are dropped.</li>
 * <li>On the vault's partition: stateless and per-vault detectors against the vault's baseline.</li>
 * <li>Re-keyed to {@code subscription/principal} through a repartition topic: cross-vault detectors against the
 * principal's baseline.</li>
 * <li>Per subscription: transactions per hour of event time, emitted once the hour is closed.</li>
 * </ol>
 * Every store is persistent and changelogged, and processing is exactly-once, so a restart or rebalance resumes the
 * baselines without emitting anything twice. Subscription settings (detection exceptions) come from the compacted
 * config topic as a global table, so every instance sees every subscription's.
 */
@ApplicationScoped
public class DetectionTopology {

    static final String CONFIG_STORE = "subscription-configs";
    static final String EVENT_IDS = "event-ids";
    static final String VAULT_STATES = "vault-states";
    static final String VAULT_ENTRIES = "vault-entries";
    static final String VAULT_BURSTS = "vault-bursts";
    static final String PRINCIPAL_STATES = "principal-states";
    static final String PRINCIPAL_BURSTS = "principal-bursts";

    private final DetectionEngine engine;
    private final ObjectMapper mapper;
    private final MeterRegistry meters;

    public DetectionTopology(DetectionEngine engine, ObjectMapper mapper, MeterRegistry meters) {
        this.engine = engine;
        this.mapper = mapper;
        this.meters = meters;
    }

    @Produces
    public Topology topology() {
        DetectionConfig config = engine.config();
        StreamsBuilder builder = new StreamsBuilder();
        Serde<AccessEvent> events = serde(AccessEvent.class);

        builder.globalTable(Topics.CONFIG, Consumed.with(Serdes.String(), serde(SubscriptionConfig.class))
                .withName("subscription-config"),
                Materialized.<String, SubscriptionConfig>as(keyValueBytes(CONFIG_STORE, config))
                        .withKeySerde(Serdes.String()).withValueSerde(serde(SubscriptionConfig.class)));
        builder.addStateStore(Stores.windowStoreBuilder(windowBytes(EVENT_IDS, config.dedupeRetention(),
                Duration.ofMillis(1), config), Serdes.String(), Serdes.Long()));
        builder.addStateStore(keyValue(VAULT_STATES, VaultState.class, config));
        builder.addStateStore(keyValue(VAULT_ENTRIES, Seen.class, config));
        builder.addStateStore(keyValue(VAULT_BURSTS, Burst.class, config));
        builder.addStateStore(keyValue(PRINCIPAL_STATES, PrincipalState.class, config));
        builder.addStateStore(keyValue(PRINCIPAL_BURSTS, Burst.class, config));

        KStream<String, AccessEvent> accepted = builder.stream(Topics.ACCESS_EVENTS,
                        Consumed.with(Serdes.String(), events).withTimestampExtractor(new EventTimeExtractor())
                                .withName("access-events"))
                .filter((key, event) -> readable(event), Named.as("readable-events"))
                .processValues(() -> new DedupeProcessor(config.grace(), meters), Named.as("dedupe-and-grace"), EVENT_IDS);

        KStream<String, Detection> perVault = accepted.process(() -> new VaultDetectionProcessor(engine, meters),
                Named.as("vault-detectors"), VAULT_STATES, VAULT_ENTRIES, VAULT_BURSTS);

        KStream<String, Detection> perPrincipal = accepted
                .filter((key, event) -> Callers.key(event) != null, Named.as("identified-callers"))
                .selectKey((key, event) -> event.subscriptionId() + "/" + Callers.key(event), Named.as("by-principal"))
                .repartition(Repartitioned.with(Serdes.String(), events).withName("events-by-principal"))
                .process(() -> new PrincipalDetectionProcessor(engine, meters), Named.as("principal-detectors"),
                        PRINCIPAL_STATES, PRINCIPAL_BURSTS);

        perVault.merge(perPrincipal, Named.as("all-detections"))
                .to(Topics.DETECTIONS, Produced.with(Serdes.String(), serde(Detection.class)).withName("detections"));

        accepted.map((key, event) -> KeyValue.pair(event.subscriptionId(), 1L), Named.as("transactions"))
                .groupByKey(Grouped.with("transactions-by-subscription", Serdes.String(), Serdes.Long()))
                .windowedBy(TimeWindows.ofSizeAndGrace(Duration.ofHours(1), config.usageGrace()))
                // a few counters per subscription: kept in memory (still changelogged), because a RocksDB window
                // store opens and drops a segment every half hour of event time, which dominates a catch-up
                .count(Named.as("hourly-transactions"),
                        Materialized.<String, Long>as(Stores.inMemoryWindowStore("hourly-transactions",
                                Duration.ofHours(1).plus(config.usageGrace()), Duration.ofHours(1), false))
                                .withKeySerde(Serdes.String()).withValueSerde(Serdes.Long()))
                .suppress(Suppressed.untilWindowCloses(Suppressed.BufferConfig.unbounded()).withName("closed-hours"))
                .toStream(Named.as("closed-hour-counts"))
                .map((window, count) -> KeyValue.pair(window.key(),
                        Usage.of(window.key(), window.window().startTime(), count)), Named.as("usage-records"))
                .to(Topics.USAGE, Produced.with(Serdes.String(), serde(Usage.class)).withName("usage"));
        return builder.build();
    }

    /** What every detector relies on; a record without it would stop the stream thread, so it is skipped. */
    private static boolean readable(AccessEvent event) {
        return event != null && event.eventId() != null && event.subscriptionId() != null && event.time() != null
                && event.vault() != null && event.vault().id() != null && event.operation() != null
                && event.operation().kind() != null && event.result() != null && event.result().outcome() != null;
    }

    private <T> ObjectMapperSerde<T> serde(Class<T> type) {
        return new ObjectMapperSerde<>(type, mapper);
    }

    private <T> StoreBuilder<KeyValueStore<String, T>> keyValue(String name, Class<T> type,
            DetectionConfig config) {
        return Stores.keyValueStoreBuilder(keyValueBytes(name, config), Serdes.String(), serde(type));
    }

    private static KeyValueBytesStoreSupplier keyValueBytes(String name, DetectionConfig config) {
        return config.persistentStores() ? Stores.persistentKeyValueStore(name) : Stores.inMemoryKeyValueStore(name);
    }

    private static WindowBytesStoreSupplier windowBytes(String name, Duration retention, Duration size,
            DetectionConfig config) {
        return config.persistentStores() ? Stores.persistentWindowStore(name, retention, size, false)
                : Stores.inMemoryWindowStore(name, retention, size, false);
    }
}
