package io.vigil.simulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.kafka.client.serialization.ObjectMapperSerde;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.vigil.detection.config.DetectionConfig;
import io.vigil.detection.messaging.DetectionTopology;
import io.vigil.detection.service.DetectionEngine;
import io.vigil.events.AccessEvent;
import io.vigil.events.AlertType;
import io.vigil.events.Detection;
import io.vigil.events.Topics;

/**
 * Replays a scenario through the production detection topology in a {@link TopologyTestDriver} (in arrival order,
 * each record stamped with its event time, as the service's timestamp extractor does) and scores the detections
 * against the labels.
 *
 * <p>Detections are folded into alerts as alert-service does (same correlation key, within 24 hours of the alert's
 * last activity); an alert is true when one of its detections matches an attack, false otherwise.
 *
 * <p>A detection <em>matches</em> an attack when its type is the attack's type or one of the related types below, it is
 * about the attacking principal or one of the attacked vaults of the same subscription, and it began between five
 * minutes before the attack's first event and an hour after its last. Recall counts an attack as detected only by a
 * detection of its own type; related types only keep a detection from counting as a false alert.
 */
public final class Evaluation {

    /**
     * Types an attack of a type necessarily raises as well, because its events are unusual in that second way too.
     * Tor exits and threat-listed hosts are external networks the victim never used; a sprayed identity never
     * succeeded on the vault; a listing or policy change by someone who never made one is a new operation kind; a
     * principal reaching a dozen vaults is new on most of them; refused on many vaults, it is refused on each as a
     * stranger.
     */
    public static final Map<AlertType, Set<AlertType>> RELATED = Map.of(
            AlertType.KV_TORAccess, Set.of(AlertType.KV_UnusualAccessSuspiciousIP),
            AlertType.KV_SuspiciousIPAccess, Set.of(AlertType.KV_UnusualAccessSuspiciousIP),
            AlertType.KV_SuspiciousIPAccessDenied, Set.of(AlertType.KV_UserAccessDeniedAnomaly),
            AlertType.KV_ListGetAnomaly, Set.of(AlertType.KV_OperationPatternAnomaly),
            AlertType.KV_PutGetAnomaly, Set.of(AlertType.KV_OperationPatternAnomaly),
            AlertType.KV_AccountVolumeAnomaly, Set.of(AlertType.KV_UserAnomaly, AlertType.KV_AppAnomaly),
            AlertType.KV_AccountVolumeAccessDeniedAnomaly, Set.of(AlertType.KV_UserAccessDeniedAnomaly));

    static final Duration BEFORE = Duration.ofMinutes(5);
    static final Duration AFTER = Duration.ofHours(1);
    /** alert-service's default {@code vigil.alert.aggregation-window}. */
    static final Duration AGGREGATION_WINDOW = Duration.ofHours(24);

    static final ObjectMapper MAPPER = Json.MAPPER;

    /** Per alert type: the figures of the table ({@code detections} counts alerts, folded as alert-service does). */
    public record Row(AlertType type, int attacks, int detected, int detections, int matched, int falseAlerts) {

        public double recall() {
            return attacks == 0 ? Double.NaN : (double) detected / attacks;
        }

        public double precision() {
            return detections == 0 ? Double.NaN : (double) matched / detections;
        }
    }

    /** The whole result: rows per type, totals, and the first detection of each false alert (for diagnosis). */
    public record Result(List<Row> rows, Row total, long events, long attackEvents, List<Detection> falseAlerts,
            List<Attack> missed, Map<String, Double> counters) {

        public long normalEvents() {
            return events - attackEvents;
        }

        public double falsePer100k(Row row) {
            return normalEvents() == 0 ? 0 : row.falseAlerts() * 100_000.0 / normalEvents();
        }
    }

    static {
        // Kafka Streams logs at debug per record otherwise, which costs more than the detectors
        java.util.logging.Logger.getLogger("org.apache.kafka").setLevel(java.util.logging.Level.WARNING);
    }

    private Evaluation() {
    }

    /**
     * Replays a generated scenario, one topology per subscription on {@code threads} threads. Subscriptions share no
     * state in the topology (every key starts with the subscription), so this decides as one instance would, only
     * with stream time kept per subscription as partitions keep it in production.
     */
    public static Result run(Scenario scenario, Map<String, String> overrides, int threads) {
        List<String> subscriptions = new ArrayList<>();
        for (int s = 0; s < scenario.world().subscriptions(); s++) {
            subscriptions.add(World.subscriptionId(s));
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads));
        try {
            List<Future<Replay>> shards = new ArrayList<>();
            for (String subscription : subscriptions) {
                shards.add(pool.submit(() -> replay(sink -> new Scenario(scenario.spec()).forEach(d -> {
                    if (d.event().subscriptionId().equals(subscription)) {
                        sink.accept(d);
                    }
                }), overrides)));
            }
            List<Detection> detections = new ArrayList<>();
            Map<String, Double> counters = new HashMap<>();
            long events = 0;
            long attackEvents = 0;
            for (Future<Replay> shard : shards) {
                Replay r = shard.get();
                detections.addAll(r.detections());
                events += r.events();
                attackEvents += r.attackEvents();
                r.counters().forEach((k, v) -> counters.merge(k, v, Double::sum));
            }
            return score(detections, scenario.labels(), events, attackEvents, counters);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /** Replays events given in arrival order (from a scenario or files) with their labels, in one topology. */
    public static Result run(Consumer<Consumer<Scenario.Delivered>> events, List<Attack> labels,
            Map<String, String> overrides) {
        Replay r = replay(events, overrides);
        return score(r.detections(), labels, r.events(), r.attackEvents(), r.counters());
    }

    private record Replay(List<Detection> detections, long events, long attackEvents, Map<String, Double> counters) {
    }

    private static Replay replay(Consumer<Consumer<Scenario.Delivered>> events, Map<String, String> overrides) {
        List<Detection> detections = new ArrayList<>();
        long[] counts = new long[2];
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "vigil-simulator");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        try {
            props.put(StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory("vigil-simulator").toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        DetectionEngine engine = new DetectionEngine(config(overrides));
        try (TopologyTestDriver driver = new TopologyTestDriver(
                new DetectionTopology(engine, MAPPER, meters).topology(), props)) {
            TestInputTopic<String, AccessEvent> input = driver.createInputTopic(Topics.ACCESS_EVENTS,
                    Serdes.String().serializer(), new ObjectMapperSerde<>(AccessEvent.class, MAPPER).serializer());
            TestOutputTopic<String, Detection> output = driver.createOutputTopic(Topics.DETECTIONS,
                    Serdes.String().deserializer(), new ObjectMapperSerde<>(Detection.class, MAPPER).deserializer());
            TestOutputTopic<String, ?> usage = driver.createOutputTopic(Topics.USAGE, Serdes.String().deserializer(),
                    Serdes.String().deserializer());
            events.accept(delivered -> {
                AccessEvent event = delivered.event();
                input.pipeInput(event.partitionKey(), event, event.time());
                counts[0]++;
                if (delivered.attack()) {
                    counts[1]++;
                }
                if (counts[0] % 10_000 == 0) {
                    detections.addAll(output.readValuesToList());
                    usage.readValuesToList();
                }
            });
            // the principal stage releases what it still holds at its next two wall-clock ticks
            Duration tick = engine.config().reorder().maxWait();
            driver.advanceWallClockTime(tick);
            driver.advanceWallClockTime(tick);
            detections.addAll(output.readValuesToList());
        }
        Map<String, Double> counters = new HashMap<>();
        meters.getMeters().forEach(meter -> meter.measure().forEach(m -> counters.merge(
                meter.getId().getName() + meter.getId().getTags(), m.getValue(), Double::sum)));
        return new Replay(detections, counts[0], counts[1], counters);
    }

    static DetectionConfig config(Map<String, String> overrides) {
        Map<String, String> properties = new HashMap<>();
        // a TopologyTestDriver commits (and so flushes RocksDB) after every record: memory keeps weeks of traffic fast
        properties.put("vigil.detection.persistent-stores", "false");
        overrides.forEach((key, value) -> properties.put("vigil.detection." + key, value));
        return new SmallRyeConfigBuilder()
                .withMapping(DetectionConfig.class)
                .withSources(new PropertiesConfigSource(properties, "simulator", 500))
                .build()
                .getConfigMapping(DetectionConfig.class);
    }

    static Result score(List<Detection> all, List<Attack> labels, long events, long attackEvents,
            Map<String, Double> counters) {
        Map<AlertType, int[]> figures = new EnumMap<>(AlertType.class);
        Set<AlertType> types = EnumSet.noneOf(AlertType.class);
        for (AlertType type : AlertType.values()) {
            if (!type.vigilInternal()) {
                types.add(type);
                figures.put(type, new int[5]);
            }
        }
        Set<String> detected = new HashSet<>();
        for (Detection d : all) {
            for (Attack attack : labels) {
                if (d.alertType() == attack.type() && matches(d, attack)) {
                    detected.add(attack.attackId());
                }
            }
        }
        List<Detection> falseAlerts = new ArrayList<>();
        for (List<Detection> alert : alerts(all)) {
            int[] f = figures.get(alert.get(0).alertType());
            f[2]++;
            boolean matched = alert.stream().anyMatch(d -> labels.stream().anyMatch(a -> matches(d, a)));
            if (matched) {
                f[3]++;
            } else {
                f[4]++;
                falseAlerts.add(alert.get(0));
            }
        }
        List<Attack> missed = new ArrayList<>();
        for (Attack attack : labels) {
            int[] f = figures.get(attack.type());
            f[0]++;
            if (detected.contains(attack.attackId())) {
                f[1]++;
            } else {
                missed.add(attack);
            }
        }
        List<Row> rows = new ArrayList<>();
        int[] total = new int[5];
        for (AlertType type : types) {
            int[] f = figures.get(type);
            rows.add(new Row(type, f[0], f[1], f[2], f[3], f[4]));
            for (int i = 0; i < 5; i++) {
                total[i] += f[i];
            }
        }
        return new Result(rows, new Row(null, total[0], total[1], total[2], total[3], total[4]), events,
                attackEvents, falseAlerts, missed, counters);
    }

    /**
     * The alerts a responder sees, as alert-service folds detections: one per correlation key while detections keep
     * coming within its aggregation window (24 hours) of the alert's last activity; a burst's update is one of them.
     */
    static List<List<Detection>> alerts(List<Detection> detections) {
        List<Detection> ordered = new ArrayList<>(detections);
        ordered.sort(java.util.Comparator.comparing(Detection::firstSeen).thenComparing(Detection::detectionId));
        Map<String, List<Detection>> open = new HashMap<>();
        Map<String, java.time.Instant> lastActivity = new HashMap<>();
        List<List<Detection>> alerts = new ArrayList<>();
        for (Detection d : ordered) {
            String key = d.correlationKey();
            java.time.Instant last = lastActivity.get(key);
            if (last == null || d.firstSeen().isAfter(last.plus(AGGREGATION_WINDOW))) {
                List<Detection> alert = new ArrayList<>();
                alerts.add(alert);
                open.put(key, alert);
                last = d.lastSeen();
            }
            open.get(key).add(d);
            lastActivity.put(key, d.lastSeen().isAfter(last) ? d.lastSeen() : last);
        }
        return alerts;
    }

    static boolean matches(Detection d, Attack attack) {
        if (d.alertType() != attack.type()
                && !RELATED.getOrDefault(attack.type(), Set.of()).contains(d.alertType())) {
            return false;
        }
        if (!d.subscriptionId().equals(attack.subscriptionId())) {
            return false;
        }
        boolean entity = attack.principal().equals(d.principal().objectId())
                || (d.vault() != null && attack.vaults().contains(d.vault().id())
                        && d.correlationKey().endsWith("|*"));
        return entity && !d.firstSeen().isBefore(attack.start().minus(BEFORE))
                && !d.firstSeen().isAfter(attack.end().plus(AFTER));
    }

    /** The table: per type attacks, detected, recall, detections, precision, false alerts per 100k normal events. */
    public static String table(Result result) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%,d events (%,d normal, %,d attack), %d attacks%n", result.events(),
                result.normalEvents(), result.attackEvents(), result.total().attacks()));
        out.append(String.format(Locale.ROOT, "| %-36s | %7s | %8s | %6s | %10s | %9s | %12s | %14s |%n", "alert type",
                "attacks", "detected", "recall", "alerts", "precision", "false alerts", "false per 100k"));
        out.append("|").append("-".repeat(38)).append("|--------:|---------:|-------:|-----------:|----------:|")
                .append("-------------:|---------------:|\n");
        for (Row row : result.rows()) {
            out.append(line(row.type().name(), row, result));
        }
        out.append(line("total", result.total(), result));
        return out.toString();
    }

    private static String line(String name, Row row, Result result) {
        return String.format(Locale.ROOT, "| %-36s | %7d | %8d | %6s | %10d | %9s | %12d | %14.2f |%n", name,
                row.attacks(), row.detected(), ratio(row.recall()), row.detections(), ratio(row.precision()),
                row.falseAlerts(), result.falsePer100k(row));
    }

    private static String ratio(double value) {
        return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%.2f", value);
    }
}
