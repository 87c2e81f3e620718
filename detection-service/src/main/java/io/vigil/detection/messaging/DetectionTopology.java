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
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
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
 * <li>Re-keyed to {@code subscription/principal} through a repartition topic, put back into event-time order
 * ({@code vigil.detection.reorder}): cross-vault detectors against the principal's baseline.</li>
 * <li>Per subscription: transactions per hour of event time, emitted once the hour is closed and corrected when
 * events of a closed hour arrive late.</li>
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
    static final String PRINCIPAL_HELD = "principal-held";
    static final String USAGE_HOURS = "usage-hours";

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
        DetectionConfig.Reorder reorder = config.reorder();
        if (reorder.maxEvents() < 0 || reorder.maxWait().isNegative() || reorder.maxWait().isZero()) {
            throw new IllegalArgumentException("vigil.detection.reorder.max-events must be 0 or more and "
                    + "vigil.detection.reorder.max-wait positive, not " + reorder.maxEvents() + " and "
                    + reorder.maxWait());
        }
        StreamsBuilder builder = new StreamsBuilder();
        Serde<ReadEvent> events = ReadEvent.serde(mapper);

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
        // events held for seconds, a bounded number per task: in memory (still changelogged)
        builder.addStateStore(cached(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(PRINCIPAL_HELD),
                Serdes.String(), events), config));
        // a few entries per subscription, read and written on every event: in memory (still changelogged)
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(USAGE_HOURS), Serdes.String(),
                serde(UsageHour.class)));

        KStream<String, ReadEvent> accepted = builder.stream(Topics.ACCESS_EVENTS,
                        Consumed.with(Serdes.String(), events).withTimestampExtractor(new EventTimeExtractor())
                                .withName("access-events"))
                .filter((key, read) -> read != null && readable(read.event()), Named.as("readable-events"))
                .processValues(() -> new DedupeProcessor(config.grace(), meters), Named.as("dedupe-and-grace"), EVENT_IDS);

        KStream<String, Detection> perVault = accepted.process(() -> new VaultDetectionProcessor(engine, meters),
                Named.as("vault-detectors"), VAULT_STATES, VAULT_ENTRIES, VAULT_BURSTS);

        KStream<String, Detection> perPrincipal = accepted
                .filter((key, read) -> Callers.key(read.event()) != null, Named.as("identified-callers"))
                .selectKey((key, read) -> read.event().subscriptionId() + "/" + Callers.key(read.event()),
                        Named.as("by-principal"))
                .repartition(Repartitioned.with(Serdes.String(), events).withName("events-by-principal"))
                .process(() -> new PrincipalDetectionProcessor(engine, meters), Named.as("principal-detectors"),
                        PRINCIPAL_STATES, PRINCIPAL_BURSTS, PRINCIPAL_HELD);

        // two sinks, not a merge: merging would join both stages in one sub-topology, whose tasks read a vault
        // partition and a principal partition together, and the principal partition (fed by every vault task,
        // however far ahead) would advance the vault stage's stream time and make its own events late
        perVault.to(Topics.DETECTIONS, Produced.with(Serdes.String(), serde(Detection.class))
                .withName("vault-detections"));
        perPrincipal.to(Topics.DETECTIONS, Produced.with(Serdes.String(), serde(Detection.class))
                .withName("principal-detections"));

        accepted.map((key, read) -> KeyValue.pair(read.event().subscriptionId(), 1L), Named.as("transactions"))
                .repartition(Repartitioned.with(Serdes.String(), Serdes.Long())
                        .withName("transactions-by-subscription"))
                .process(() -> new UsageProcessor(config.grace(), config.usageRetention(), meters),
                        Named.as("hourly-transactions"), USAGE_HOURS)
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
        return cached(Stores.keyValueStoreBuilder(keyValueBytes(name, config), Serdes.String(), serde(type)), config);
    }

    private static <T> StoreBuilder<KeyValueStore<String, T>> cached(StoreBuilder<KeyValueStore<String, T>> store,
            DetectionConfig config) {
        // a vault's or principal's state is read and rewritten by every one of its events, a held event written and
        // deleted within seconds: kept as objects, and only the last value of each key per commit reaches the store
        // and its changelog (an entry created and deleted between two commits, nothing)
        return config.stateCacheEntries() > 0 ? ObjectCacheStore.wrap(store, config.stateCacheEntries())
                : store.withCachingEnabled();
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
