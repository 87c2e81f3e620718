package io.vigil.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.LogDirDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.ReplicaInfo;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import io.vigil.events.AccessEvent;
import io.vigil.events.DeterministicId;
import io.vigil.events.IpEnrichment;
import io.vigil.events.ObjectType;
import io.vigil.events.OperationKind;
import io.vigil.events.Outcome;
import io.vigil.events.Principal;
import io.vigil.events.PrincipalType;
import io.vigil.events.Source;
import io.vigil.events.Topics;
import io.vigil.events.Vault;
import io.vigil.testsupport.KafkaBroker;
import io.vigil.testsupport.ServiceProcess;

/**
 * Throughput of one detection-service instance against a real broker, and the state it keeps. A bare producer first
 * writes N canonical access events (time order over several weeks of event time, many vaults and principals, mostly
 * routine work with a few novel vaults, new networks, denials, Tor and threat-listed callers) to
 * {@code vigil.access-events.v1}; only then is the packaged service started (production JVM flags, RocksDB stores in a
 * temporary state dir). Its progress is read as the committed offsets of its consumer group ({@code vigil-detection})
 * against the end offsets of the source topic and of its repartition topics, polled by an Admin client. Prints the
 * time to ready, events/s from first committed progress to zero lag, detections emitted, and the size of the local
 * state dir and of the changelog topics in total and per 1,000 principals.
 */
public final class DetectionBenchmark {

    static final String GROUP = "vigil-detection";
    static final int PARTITIONS = 12;
    static final int SUBSCRIPTIONS = 20;
    static final Instant START = Instant.parse("2026-09-01T00:00:00Z");
    static final long POLL_MS = 200;

    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args[0]);
        int events = Integer.parseInt(args.length > 1 ? args[1] : "1000000");
        int vaults = Integer.parseInt(args.length > 2 ? args[2] : "200");
        int principals = Integer.parseInt(args.length > 3 ? args[3] : "5000");
        int days = Integer.parseInt(args.length > 4 ? args[4] : "28");
        Workload workload = new Workload(events, vaults, principals, days);

        try (KafkaBroker kafka = new KafkaBroker(PARTITIONS).start().createVigilTopics();
                Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                        kafka.bootstrapServers()))) {
            long produceStart = System.nanoTime();
            long bytes = produce(kafka, workload);
            double produceSeconds = (System.nanoTime() - produceStart) / 1e9;
            System.out.printf("produced %,d events (%,d MB of JSON) in %.1f s%n", events, bytes >> 20, produceSeconds);

            List<Map<String, String>> variants = variants(args);
            List<Double> rates = new ArrayList<>();
            long detectionsBefore = 0;
            for (int v = 0; v < variants.size(); v++) {
                String group = variants.size() == 1 ? GROUP : GROUP + "-" + (v + 1);
                Map<String, String> config = new TreeMap<>(Map.of("kafka.bootstrap.servers",
                        kafka.bootstrapServers(), "kafka-streams.state.dir",
                        Files.createTempDirectory("vigil-detection-state-").toString(), "quarkus.log.level", "WARN",
                        "quarkus.kafka-streams.application-id", group));
                config.putAll(variants.get(v));
                System.out.printf("%nvariant %d: %s%n", v + 1, variants.get(v).isEmpty() ? "production configuration"
                        : variants.get(v));
                Progress progress = run(root, kafka, admin, workload, group, config, detectionsBefore);
                detectionsBefore = countRecords(kafka, Topics.DETECTIONS, false);
                double seconds = (progress.doneNanos - progress.firstCommitNanos) / 1e9;
                rates.add(progress.consumed / seconds);
            }
            if (variants.size() > 1) {
                System.out.printf("%nsame backlog, same broker, one variant after the other:%n");
                for (int v = 0; v < variants.size(); v++) {
                    System.out.printf("  variant %d  %,10.0f events/s  %5.2f x variant 1   %s%n", v + 1,
                            rates.get(v), rates.get(v) / rates.get(0), variants.get(v));
                }
            }
        }
    }

    /**
     * Arguments after the fourth are {@code key=value} overrides of the service's configuration; {@code --}
     * separates variants, each run in turn over the same backlog with its own application id (so its own offsets,
     * state and internal topics), which makes their rates comparable within one run.
     */
    static List<Map<String, String>> variants(String[] args) {
        List<Map<String, String>> variants = new ArrayList<>();
        Map<String, String> current = new TreeMap<>();
        for (int a = 5; a < args.length; a++) {
            if (args[a].equals("--")) {
                variants.add(current);
                current = new TreeMap<>();
            } else {
                current.put(args[a].substring(0, args[a].indexOf('=')), args[a].substring(args[a].indexOf('=') + 1));
            }
        }
        variants.add(current);
        return variants;
    }

    /** One service instance over the whole backlog: start, wait for lag 0, measure, stop. */
    static Progress run(Path root, KafkaBroker kafka, Admin admin, Workload workload, String group,
            Map<String, String> config, long detectionsBefore) throws Exception {
        Path stateDir = Path.of(config.get("kafka-streams.state.dir"));
        long start = System.nanoTime();
        try (ServiceProcess detection = ServiceProcess.start(root, "detection-service", config,
                ServiceJvm.flags(root, "detection-service"))) {
            CompletableFuture<Long> ready = CompletableFuture.supplyAsync(() -> {
                detection.awaitReady(Duration.ofSeconds(180));
                return System.nanoTime();
            });
            Progress progress = awaitCaughtUp(admin, group, workload.events, start, Duration.ofMinutes(30),
                    Duration.ofSeconds(60));
            double readySeconds = (ready.get(1, TimeUnit.MINUTES) - start) / 1e9;
            Thread.sleep(2_000); // let the last transaction's detections commit
            long detections = countRecords(kafka, Topics.DETECTIONS, detectionsBefore == 0) - detectionsBefore;
            // every event the dedupe step let through wrote its id to this changelog: a check that the committed
            // offsets stand for events actually analysed. Approximate: the broker may already have deleted segments
            // whose event times are older than the store's retention (weeks of event time pass in a minute here)
            long analysed = countRecords(kafka, group + "-event-ids-changelog", false);
            long stateRunning = directorySize(stateDir);
            Map<String, long[]> topics = internalTopicSizes(admin, group);
            printDropMetrics(detection);
            detection.close();
            long stateStopped = directorySize(stateDir);
            print(workload, progress, readySeconds, detections, analysed, stateRunning, stateStopped, topics);
            return progress;
        }
    }

    /** Sends every event, pre-serialised, with a producer configured as ingest-service's; returns the JSON bytes. */
    static long produce(KafkaBroker kafka, Workload workload) throws Exception {
        Map<String, Object> props = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 10, ProducerConfig.BATCH_SIZE_CONFIG, 131072,
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        long bytes = 0;
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(),
                new ByteArraySerializer())) {
            for (int i = 0; i < workload.events; i++) {
                AccessEvent event = workload.event(i);
                byte[] value = JSON.writeValueAsBytes(event);
                bytes += value.length;
                // as ingest-service sends: create time = now (event time as record time would be weeks old and
                // fall to the broker's 7-day retention at once); detection reads event time from the payload
                producer.send(new ProducerRecord<>(Topics.ACCESS_EVENTS, event.partitionKey(), value),
                        (metadata, error) -> {
                            if (error != null) {
                                throw new IllegalStateException(error);
                            }
                        });
            }
            producer.flush();
        }
        return bytes;
    }

    /**
     * When the group first committed, when it had consumed everything (or, if it stalled, its last progress), what it
     * had committed at first sight and at the end, and the lag it left.
     */
    record Progress(long startNanos, long firstCommitNanos, long firstCommitted, long doneNanos, long consumed,
            long leftoverRepartitionLag, boolean stalled, List<String> samples) {
    }

    static Progress awaitCaughtUp(Admin admin, String group, long events, long start, Duration timeout, Duration stall)
            throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        long firstCommitNanos = -1;
        long firstCommitted = 0;
        long candidateNanos = -1;
        long lastSample = 0;
        long lastSampleCommitted = 0;
        long lastChange = System.nanoTime();
        long lastTotal = -1;
        long sourceCommitted = 0;
        List<String> samples = new ArrayList<>();
        while (System.nanoTime() < deadline) {
            long now = System.nanoTime();
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
            Set<String> repartition = admin.listTopics().names().get(10, TimeUnit.SECONDS).stream()
                    .filter(name -> name.startsWith(group + "-") && name.endsWith("-repartition"))
                    .collect(Collectors.toSet());
            Map<TopicPartition, Long> ends = endOffsets(admin, Set.copyOf(
                    Stream.concat(Stream.of(Topics.ACCESS_EVENTS), repartition.stream()).toList()));
            sourceCommitted = 0;
            long sourceLag = 0;
            long repartitionLag = 0;
            long total = 0;
            for (var end : ends.entrySet()) {
                OffsetAndMetadata offset = committed.get(end.getKey());
                long at = offset == null ? 0 : offset.offset();
                total += at;
                if (end.getKey().topic().equals(Topics.ACCESS_EVENTS)) {
                    sourceCommitted += at;
                    sourceLag += end.getValue() - at;
                } else {
                    repartitionLag += end.getValue() - at;
                }
            }
            if (total != lastTotal) {
                lastTotal = total;
                lastChange = now;
            }
            if (firstCommitNanos < 0 && sourceCommitted > 0) {
                firstCommitNanos = now;
                firstCommitted = sourceCommitted;
                lastSample = now;
                lastSampleCommitted = sourceCommitted;
            }
            if (firstCommitNanos >= 0 && now - lastSample >= 10_000_000_000L) {
                samples.add(String.format("  t+%5.1f s  consumed %,10d  lag %,10d  repartition lag %,8d  %,8.0f ev/s",
                        (now - start) / 1e9, sourceCommitted, sourceLag, repartitionLag,
                        (sourceCommitted - lastSampleCommitted) / ((now - lastSample) / 1e9)));
                System.out.println(samples.get(samples.size() - 1));
                lastSample = now;
                lastSampleCommitted = sourceCommitted;
            }
            if (sourceCommitted >= events && sourceLag == 0) {
                if (repartitionLag == 0) {
                    return new Progress(start, firstCommitNanos, firstCommitted, now, sourceCommitted, 0, false,
                            samples);
                }
                // a transactional producer leaves one commit marker per partition, which a committed offset may sit
                // behind until the next fetch: accept that much lag once it has stopped moving
                int partitions = ends.size() - PARTITIONS;
                if (repartitionLag <= partitions) {
                    if (candidateNanos < 0) {
                        candidateNanos = now;
                    } else if (now - candidateNanos > 10_000_000_000L) {
                        return new Progress(start, firstCommitNanos, firstCommitted, candidateNanos, sourceCommitted,
                                repartitionLag, false, samples);
                    }
                } else {
                    candidateNanos = -1;
                }
            } else if (firstCommitNanos >= 0 && now - lastChange > stall.toNanos()) {
                System.out.printf("STALLED: no committed progress for %d s with %,d events left; per source "
                        + "partition committed / end:%n", stall.toSeconds(), sourceLag);
                new TreeMap<>(Comparator.comparingInt(TopicPartition::partition)) {
                    {
                        ends.forEach((partition, end) -> {
                            if (partition.topic().equals(Topics.ACCESS_EVENTS)) {
                                put(partition, end);
                            }
                        });
                    }
                }.forEach((partition, end) -> {
                    OffsetAndMetadata offset = committed.get(partition);
                    System.out.printf("  %-28s %10s / %,d%n", partition, offset == null ? "none"
                            : String.format("%,d", offset.offset()), end);
                });
                return new Progress(start, firstCommitNanos, firstCommitted, lastChange, sourceCommitted,
                        repartitionLag, true, samples);
            }
            Thread.sleep(POLL_MS);
        }
        throw new IllegalStateException("detection-service did not catch up within " + timeout);
    }

    static Map<TopicPartition, Long> endOffsets(Admin admin, Set<String> topics) throws Exception {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        admin.describeTopics(topics).allTopicNames().get(10, TimeUnit.SECONDS).forEach((name, description) ->
                description.partitions().forEach(p -> request.put(new TopicPartition(name, p.partition()),
                        OffsetSpec.latest())));
        Map<TopicPartition, Long> ends = new HashMap<>();
        for (var entry : admin.listOffsets(request).all().get(10, TimeUnit.SECONDS).entrySet()) {
            ListOffsetsResult.ListOffsetsResultInfo info = entry.getValue();
            ends.put(entry.getKey(), info.offset());
        }
        return ends;
    }

    /** Committed non-null records on a topic, read to its end; detections are also counted by alert type. */
    static long countRecords(KafkaBroker kafka, String topic, boolean byAlertType) {
        Map<String, Object> props = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false, ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            long count = 0;
            Map<String, Long> byType = new TreeMap<>();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofSeconds(1));
                for (var record : records) {
                    if (record.value() == null) {
                        continue;
                    }
                    count++;
                    if (byAlertType) {
                        try {
                            JsonNode detection = JSON.readTree(record.value());
                            byType.merge(detection.path("alertType").asText("?"), 1L, Long::sum);
                        } catch (IOException e) {
                            byType.merge("unreadable", 1L, Long::sum);
                        }
                    }
                }
            }
            if (byAlertType) {
                System.out.println("detections by type: " + byType);
            }
            return count;
        }
    }

    /** Bytes on the broker and end offset (records written, before any compaction) per internal topic. */
    static Map<String, long[]> internalTopicSizes(Admin admin, String group) throws Exception {
        Map<String, long[]> sizes = new TreeMap<>();
        Map<Integer, Map<String, LogDirDescription>> dirs = admin.describeLogDirs(List.of(1))
                .allDescriptions().get(30, TimeUnit.SECONDS);
        for (LogDirDescription dir : dirs.get(1).values()) {
            for (Map.Entry<TopicPartition, ReplicaInfo> replica : dir.replicaInfos().entrySet()) {
                String topic = replica.getKey().topic();
                if (topic.startsWith(group + "-")) {
                    sizes.computeIfAbsent(topic, t -> new long[2])[0] += replica.getValue().size();
                }
            }
        }
        Map<TopicPartition, Long> ends = endOffsets(admin, sizes.keySet());
        ends.forEach((partition, end) -> sizes.get(partition.topic())[1] += end);
        return sizes;
    }

    /** The service's own counters of dropped events (late, duplicate) and of detections by outcome. */
    static void printDropMetrics(ServiceProcess detection) {
        try {
            String metrics = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(detection.url() + "/q/metrics")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString()).body();
            metrics.lines().filter(line -> line.startsWith("vigil_detection_events_dropped_total")
                    || line.startsWith("vigil_detection_principal_events_out_of_order_total")
                    || line.startsWith("vigil_detection_detections_total")).map(line -> "  " + line)
                    .forEach(System.out::println);
            // Kafka Streams' own drops (expired windows, bad timestamps), summed per sub-topology
            Map<String, Double> streamsDropped = new TreeMap<>();
            metrics.lines().filter(line -> line.startsWith("kafka_stream_task_dropped_records_total{"))
                    .forEach(line -> {
                        java.util.regex.Matcher task = java.util.regex.Pattern.compile("task_id=\"(-?\\d+)_")
                                .matcher(line);
                        if (task.find()) {
                            streamsDropped.merge("sub-topology " + task.group(1),
                                    Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)), Double::sum);
                        }
                    });
            System.out.println("  kafka streams dropped records: " + streamsDropped);
        } catch (IOException e) {
            System.out.println("metrics unavailable: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static long directorySize(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(file -> {
                try {
                    return Files.size(file);
                } catch (IOException e) {
                    return 0; // RocksDB removed it meanwhile
                }
            }).sum();
        } catch (UncheckedIOException e) {
            return directorySize(dir); // a file vanished during the walk: walk again
        }
    }

    private static void print(Workload w, Progress p, double readySeconds, long detections, long analysed,
            long stateRunning,
            long stateStopped, Map<String, long[]> topics) {
        double seconds = (p.doneNanos - p.firstCommitNanos) / 1e9;
        double perK = w.principals / 1000.0;
        long changelogBytes = topics.entrySet().stream().filter(e -> e.getKey().endsWith("-changelog"))
                .mapToLong(e -> e.getValue()[0]).sum();
        System.out.println();
        System.out.printf("Detection throughput: %,d events, %d vaults, %,d principals, %d subscriptions, %d days of "
                + "event time, %d partitions, one instance (-Xmx1g); %d cores, load average %.1f%n", w.events,
                w.vaults, w.principals, SUBSCRIPTIONS, w.days, PARTITIONS,
                Runtime.getRuntime().availableProcessors(),
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        System.out.printf("%-52s %16s%n", "measure", "value");
        System.out.printf("%-52s %14.1f s%n", "time to ready (process start -> /q/health/ready)", readySeconds);
        System.out.printf("%-52s %14.1f s%n", "process start -> first committed progress",
                (p.firstCommitNanos - p.startNanos) / 1e9);
        if (p.stalled) {
            System.out.printf("%-52s %,16d%n", "STALLED: events consumed before the stall", p.consumed);
            System.out.printf("%-52s %14.1f s%n", "first committed progress -> last progress", seconds);
        } else {
            System.out.printf("%-52s %14.1f s%n", "first committed progress -> lag 0", seconds);
        }
        System.out.printf("%-52s %,16.0f%n", "events/s  (consumed / that time)", p.consumed / seconds);
        System.out.printf("%-52s %,16.0f%n", "events/s  (excluding the first commit's events)",
                (p.consumed - p.firstCommitted) / seconds);
        if (p.leftoverRepartitionLag > 0) {
            System.out.printf("%-52s %,16d%n", "repartition lag left (commit markers)", p.leftoverRepartitionLag);
        }
        System.out.printf("%-52s %,16d%n", "events analysed (event-ids changelog records left)", analysed);
        System.out.printf("%-52s %,16d%n", "detections emitted (vigil.detections.v1)", detections);
        System.out.printf("%-52s %,13.1f MB %,10.2f MB/1k principals%n", "state dir on disk, running",
                stateRunning / 1e6, stateRunning / 1e6 / perK);
        System.out.printf("%-52s %,13.1f MB %,10.2f MB/1k principals%n", "state dir on disk, after clean shutdown",
                stateStopped / 1e6, stateStopped / 1e6 / perK);
        System.out.printf("%-52s %,13.1f MB %,10.2f MB/1k principals%n", "changelog topics on the broker (uncompacted)",
                changelogBytes / 1e6, changelogBytes / 1e6 / perK);
        System.out.println();
        System.out.printf("%-72s %12s %14s%n", "internal topic", "MB on broker", "end offsets");
        topics.forEach((topic, size) -> System.out.printf("%-72s %12.1f %,14d%n", topic, size[0] / 1e6, size[1]));
        System.out.println();
        System.out.println("progress samples (every 10 s):");
        p.samples.forEach(System.out::println);
    }

    /**
     * A deterministic population: 20 subscriptions, vaults and principals spread over them; 30 % of principals are
     * applications (private addresses, one or two vaults, reads and key use), 70 % users (an office network, two to
     * four vaults, reads, lists, writes, rare policy changes). Activity is skewed (a few principals are busy, most are
     * occasional). Events are evenly spaced over {@code days} in time order. Rare deviations: 0.2 % on another vault
     * of the subscription (half of them denied), 0.05 % from a new external network, 0.02 % Tor, 0.02 % threat list.
     */
    static final class Workload {

        final int events;
        final int vaults;
        final int principals;
        final int days;
        final long stepMicros;

        Workload(int events, int vaults, int principals, int days) {
            this.events = events;
            this.vaults = vaults;
            this.principals = principals;
            this.days = days;
            this.stepMicros = Duration.ofDays(days).toNanos() / 1000 / events;
        }

        AccessEvent event(int i) {
            Random random = new Random(0x5eed_0000_0000L + i);
            Instant time = START.plusNanos(stepMicros * 1000 * i);
            double r = random.nextDouble();
            int p = (int) (principals * r * r); // skewed: low indices are busy
            int subscription = p % SUBSCRIPTIONS;
            boolean app = p % 10 < 3;
            int homeVaults = app ? 1 + p % 2 : 2 + p % 3;
            int vault = homeVault(p, random.nextInt(homeVaults));
            Outcome outcome = Outcome.SUCCESS;
            double deviation = random.nextDouble();
            String ip = app ? "10." + (p >> 8 & 255) + "." + (p & 255) + ".4"
                    : "198.51." + (100 + subscription) + "." + (p % 200 + 10);
            IpEnrichment enrichment = app ? new IpEnrichment(false, List.of(), false, true) : IpEnrichment.none();
            if (deviation < 0.002) {
                vault = vaultOf(subscription, random.nextInt(Math.max(1, vaults / SUBSCRIPTIONS)));
                outcome = random.nextBoolean() ? Outcome.DENIED : Outcome.SUCCESS;
            } else if (deviation < 0.0025) {
                ip = "100." + (64 + random.nextInt(64)) + "." + random.nextInt(256) + "." + random.nextInt(256);
                enrichment = IpEnrichment.none();
            } else if (deviation < 0.0027) {
                ip = "185.220.101." + random.nextInt(256);
                enrichment = new IpEnrichment(true, List.of(), false, false);
            } else if (deviation < 0.0029) {
                ip = "45.146.164." + random.nextInt(256);
                enrichment = new IpEnrichment(false, List.of(new IpEnrichment.ThreatListMatch("feodo", "ab12")),
                        false, false);
                outcome = random.nextBoolean() ? Outcome.DENIED : Outcome.SUCCESS;
            }
            String vaultName = "kv-" + vault;
            Vault v = new Vault("/subscriptions/sub-" + subscription + "/resourcegroups/rg/providers/"
                    + "microsoft.keyvault/vaults/" + vaultName, vaultName);
            double op = random.nextDouble();
            String secret = "secret-" + (p * 7 + random.nextInt(app ? 3 : 12)) % 500;
            AccessEvent.Operation operation;
            AccessEvent.ObjectRef object;
            if (app) {
                if (op < 0.85) {
                    operation = new AccessEvent.Operation("SecretGet", OperationKind.SECRET_READ);
                    object = secret(v, secret);
                } else if (op < 0.9) {
                    operation = new AccessEvent.Operation("SecretList", OperationKind.SECRET_LIST);
                    object = new AccessEvent.ObjectRef(ObjectType.VAULT, v.id(), null);
                } else {
                    operation = new AccessEvent.Operation("KeySign", OperationKind.KEY_USE);
                    object = new AccessEvent.ObjectRef(ObjectType.KEY, "https://" + vaultName
                            + ".vault.azure.net/keys/signing", "signing");
                }
            } else if (op < 0.6) {
                operation = new AccessEvent.Operation("SecretGet", OperationKind.SECRET_READ);
                object = secret(v, secret);
            } else if (op < 0.75) {
                operation = new AccessEvent.Operation("SecretList", OperationKind.SECRET_LIST);
                object = new AccessEvent.ObjectRef(ObjectType.VAULT, v.id(), null);
            } else if (op < 0.85) {
                operation = new AccessEvent.Operation("SecretSet", OperationKind.SECRET_WRITE);
                object = secret(v, secret);
            } else if (op < 0.999) {
                operation = new AccessEvent.Operation("VaultGet", OperationKind.VAULT_READ);
                object = new AccessEvent.ObjectRef(ObjectType.VAULT, v.id(), null);
            } else {
                operation = new AccessEvent.Operation("VaultPut", OperationKind.POLICY_CHANGE);
                object = new AccessEvent.ObjectRef(ObjectType.POLICY, v.id(), null);
            }
            Principal principal = app
                    ? new Principal(PrincipalType.APPLICATION, "sp-" + p, null, "app-" + p, "service-" + p)
                    : new Principal(PrincipalType.USER, "oid-" + p, "user" + p + "@contoso.com",
                            p % 4 == 0 ? "app-portal" : "app-cli", null);
            int status = outcome == Outcome.SUCCESS ? 200 : 403;
            return new AccessEvent(DeterministicId.of("dbench", String.valueOf(i)), AccessEvent.SCHEMA_VERSION,
                    "sub-" + subscription, Source.AZURE_KEY_VAULT, v, time, time.plusSeconds(90), operation, object,
                    new AccessEvent.Result(outcome, status, null), principal,
                    new AccessEvent.Client(ip, app ? "azsdk-java/4.8" : "azure-cli/2.60"), "corr-" + i, enrichment);
        }

        /** The k-th vault a principal works on, within its subscription. */
        int homeVault(int p, int k) {
            int perSubscription = Math.max(1, vaults / SUBSCRIPTIONS);
            return vaultOf(p % SUBSCRIPTIONS, (p / SUBSCRIPTIONS * 3 + k) % perSubscription);
        }

        int vaultOf(int subscription, int index) {
            return index * SUBSCRIPTIONS + subscription;
        }

        private static AccessEvent.ObjectRef secret(Vault v, String name) {
            return new AccessEvent.ObjectRef(ObjectType.SECRET, "https://" + v.name() + ".vault.azure.net/secrets/"
                    + name, name);
        }
    }
}
