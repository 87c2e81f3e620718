package io.vigil.benchmarks;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;

import org.apache.http.client.methods.CloseableHttpResponse;
import org.apache.http.client.methods.HttpPost;
import org.apache.http.entity.ByteArrayEntity;
import org.apache.http.entity.ContentType;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.impl.client.HttpClients;
import org.apache.http.util.EntityUtils;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

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
import io.vigil.testsupport.OidcServer;
import io.vigil.testsupport.ServiceProcess;

/**
 * Measures, in one run on one machine: (a) the ceiling, a bare Kafka producer configured as ingest-service's
 * (acks=all, idempotent, lz4, linger 2 ms, 128 KB batches) sending pre-built canonical events; (b) ingest-service
 * over HTTP per format, batches of 500 records from 4 concurrent clients, every batch answered only after Kafka
 * acknowledged it. Each is a sustained load measured over a window of its steady state, the ceiling before and after
 * every format; it prints events/s, the ratio of each path to the median ceiling, and the CPU each process (service,
 * broker, load generator) spent per event. Records vary so none is dropped as a duplicate, spread over 50 vaults
 * (keys).
 */
public final class IngestBenchmark {

    static final int BATCH = 500;
    static final int CLIENTS = 4;
    static final int VAULTS = 50;
    /**
     * Distinct bodies per format, sent in turns (50,000 distinct records): ingest keeps nothing from one request to the
     * next, so a repeated body costs what a new one does.
     */
    static final int BODIES = 100;
    /** Pre-built records the ceiling's producer sends in turns. */
    static final int CEILING_RECORDS = 200_000;
    static final String SUBSCRIPTION = "bench";
    static final Duration WARM_UP = Duration.ofSeconds(90);
    /** How long a load runs before its window opens: the window sees its steady state, not its ramp. */
    static final Duration SETTLE = Duration.ofSeconds(2);
    static final String CEILING = "kafka producer";
    static final ContentType NDJSON = ContentType.create("application/x-ndjson", StandardCharsets.UTF_8);

    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args[0]);
        Duration window = Duration.ofSeconds(Long.parseLong(args[1]));
        int rounds = Integer.parseInt(args[2]);
        Map<String, IntFunction<String>> formats = Formats.all(root);
        if (args.length > 3) {
            // only the named formats, e.g. "vigil" to profile one path
            formats.keySet().retainAll(List.of(args[3].split(",")));
        }
        try (KafkaBroker kafka = new KafkaBroker(12).start().createVigilTopics();
                OidcServer oidc = new OidcServer().start()
                        .client("bench", "bench", Set.of("vigil-ingest"), List.of(SUBSCRIPTION))) {
            Map<String, String> config = Map.of("kafka.bootstrap.servers", kafka.bootstrapServers(),
                    "quarkus.oidc.auth-server-url", oidc.issuer(),
                    "vigil.ingest.limits.requests-per-second", "1000000", "vigil.ingest.limits.burst", "1000000",
                    "quarkus.log.level", "WARN");
            // a plain blocking client with kept-alive connections: the load generator shares the two cores with the
            // service and the broker, and java.net.http's client took a sixth of the machine to send 850 KB bodies
            try (ServiceProcess ingest = ServiceProcess.start(root, "ingest-service", config,
                    ServiceJvm.flags(root, "ingest-service"))
                    .awaitReady(Duration.ofSeconds(120));
                    CloseableHttpClient http = HttpClients.custom().setMaxConnPerRoute(CLIENTS)
                            .setMaxConnTotal(CLIENTS).disableContentCompression().build()) {
                Cpu cpu = new Cpu(ingest.handle(), kafka.handle());
                Target target = new Target(http, ingest.url(), oidc.clientToken("bench", "bench"));
                Map<String, List<byte[]>> served = new LinkedHashMap<>();
                for (var format : formats.entrySet()) {
                    List<byte[]> bodies = bodies(format.getValue());
                    if (target.status(format.getKey(), bodies.get(0)) == 415) {
                        System.out.printf("%-16s not served by this build (415)%n", format.getKey());
                    } else {
                        served.put(format.getKey(), bodies);
                    }
                }
                List<ProducerRecord<String, byte[]>> records = ceilingRecords(CEILING_RECORDS);
                warmUp(target, served, kafka, records);
                // rounds over all paths rather than one path's windows in a row: a slow spell of the machine (a
                // window in which every process, the broker too, takes a fifth more CPU per event) then costs one
                // window of a path, which its median leaves out, not all of them
                List<Measurement> windows = new ArrayList<>();
                windows.add(measure(CEILING, new ProducerLoad(kafka, records), cpu, window));
                for (int round = 0; round < rounds; round++) {
                    for (var format : served.entrySet()) {
                        windows.add(measure("http " + format.getKey(), target.load(format.getKey(),
                                format.getValue()), cpu, window));
                        windows.add(measure(CEILING, new ProducerLoad(kafka, records), cpu, window));
                    }
                }
                print(window, windows);
            }
        }
    }

    /**
     * Sends every format in turn for {@link #WARM_UP}, then runs the producer twice, so that what is measured is the
     * steady state of the service, of the broker (a JVM too) and of the producer. Counting events is not enough: the
     * per-request path (token verification, routing) runs once per 500 events, and after three rounds of 500,000 events
     * the compiler threads still took 30 % of the service's CPU through the measurement.
     */
    static void warmUp(Target target, Map<String, List<byte[]>> formats, KafkaBroker kafka,
            List<ProducerRecord<String, byte[]>> records) throws Exception {
        long until = System.nanoTime() + WARM_UP.toNanos();
        while (System.nanoTime() < until) {
            for (var format : formats.entrySet()) {
                try (Load load = target.load(format.getKey(), format.getValue())) {
                    Thread.sleep(5_000);
                }
            }
        }
        for (int round = 0; round < 2; round++) {
            try (Load load = new ProducerLoad(kafka, records)) {
                Thread.sleep(5_000);
            }
        }
    }

    /** Runs the load for {@link #SETTLE}, then measures it over the window, then stops it. */
    static Measurement measure(String path, Load load, Cpu cpu, Duration window) throws Exception {
        try (load) {
            Thread.sleep(SETTLE.toMillis());
            Cpu.Sample before = cpu.sample(load);
            Thread.sleep(window.toMillis());
            Cpu.Sample after = cpu.sample(load);
            return Measurement.between(path, before, after);
        }
    }

    /** Pre-serialised canonical events, built once: every ceiling run sends the same ones. */
    static List<ProducerRecord<String, byte[]>> ceilingRecords(int count) throws Exception {
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            AccessEvent event = canonical(i);
            records.add(new ProducerRecord<>(Topics.ACCESS_EVENTS, event.partitionKey(), JSON.writeValueAsBytes(event)));
        }
        return records;
    }

    /** {@link #BODIES} bodies of {@link #BATCH} distinct records each, as JSON lines. */
    static List<byte[]> bodies(IntFunction<String> record) {
        List<byte[]> bodies = new ArrayList<>(BODIES);
        for (int b = 0; b < BODIES; b++) {
            StringBuilder body = new StringBuilder();
            for (int r = 0; r < BATCH; r++) {
                body.append(record.apply(b * BATCH + r)).append('\n');
            }
            bodies.add(body.toString().getBytes(StandardCharsets.UTF_8));
        }
        return bodies;
    }

    /**
     * A load: threads that each repeat one step until the load is closed, counting the events Kafka acknowledged. A
     * step that throws ends its thread; the first failure (of a step or of an acknowledgement) fails the measurement.
     */
    abstract static class Load implements AutoCloseable {

        final AtomicLong acknowledged = new AtomicLong();
        /** Batches answered and the time they took, for the loads that send batches. */
        final AtomicLong answered = new AtomicLong();
        final AtomicLong answerNanos = new AtomicLong();
        private final AtomicReference<Exception> failure = new AtomicReference<>();
        private final List<Thread> threads = new ArrayList<>();
        private volatile boolean running = true;

        /** One step of a load's thread: a record handed to the producer, a batch posted and answered. */
        @FunctionalInterface
        interface Step {
            void run() throws Exception;
        }

        final void start(String name, Step step) {
            Thread thread = new Thread(() -> {
                try {
                    while (running) {
                        step.run();
                    }
                } catch (Exception e) {
                    fail(e);
                }
            }, name);
            threads.add(thread);
            thread.start();
        }

        final void fail(Exception e) {
            failure.compareAndSet(null, e);
        }

        /** Events acknowledged so far; throws the load's first failure. */
        final long acknowledged() throws Exception {
            if (failure.get() != null) {
                throw failure.get();
            }
            return acknowledged.get();
        }

        /** Releases what the load holds, once its threads have stopped. */
        void release() {
        }

        @Override
        public final void close() throws Exception {
            running = false;
            for (Thread thread : threads) {
                thread.join();
            }
            release();
            acknowledged();
        }
    }

    /**
     * The ceiling: one thread hands pre-built records to a bare producer as fast as it takes them (it blocks once its
     * buffer is full, i.e. at the pace the broker acknowledges). Acknowledgements are counted, not kept as a future
     * each: the harness's own allocations would otherwise be part of what it measures.
     */
    static final class ProducerLoad extends Load {

        private final KafkaProducer<String, byte[]> producer;

        ProducerLoad(KafkaBroker kafka, List<ProducerRecord<String, byte[]>> records) throws Exception {
            Map<String, Object> props = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                    ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                    ProducerConfig.LINGER_MS_CONFIG, 2, ProducerConfig.BATCH_SIZE_CONFIG, 131072,
                    ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
            producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
            // one record first: the load then starts with the producer's metadata and connection in place
            producer.send(records.get(0)).get();
            Callback counted = (metadata, error) -> {
                if (error == null) {
                    acknowledged.incrementAndGet();
                } else {
                    fail(error);
                }
            };
            int[] next = {0};
            start("bench-producer", () -> {
                producer.send(records.get(next[0]), counted);
                next[0] = next[0] + 1 == records.size() ? 0 : next[0] + 1;
            });
        }

        @Override
        void release() {
            producer.close();
        }
    }

    /** ingest-service's ingest endpoint, called as one client of the benchmark. */
    record Target(CloseableHttpClient http, String url, String token) {

        int status(String format, byte[] body) throws Exception {
            try (CloseableHttpResponse response = http.execute(post(format, body))) {
                EntityUtils.consume(response.getEntity());
                return response.getStatusLine().getStatusCode();
            }
        }

        HttpPost post(String format, byte[] body) {
            HttpPost post = new HttpPost(url + "/api/v1/subscriptions/" + SUBSCRIPTION + "/events/" + format);
            post.setHeader("Authorization", "Bearer " + token);
            post.setEntity(new ByteArrayEntity(body, NDJSON));
            return post;
        }

        Load load(String format, List<byte[]> bodies) {
            return new HttpLoad(this, format, bodies);
        }
    }

    /** {@link #CLIENTS} clients, each sending the bodies in turn and waiting for each answer. */
    static final class HttpLoad extends Load {

        private final AtomicInteger next = new AtomicInteger();

        HttpLoad(Target target, String format, List<byte[]> bodies) {
            for (int c = 0; c < CLIENTS; c++) {
                start("bench-client-" + c, () -> {
                    byte[] body = bodies.get(Math.floorMod(next.getAndIncrement(), bodies.size()));
                    long sent = System.nanoTime();
                    int status;
                    String answer;
                    try (CloseableHttpResponse response = target.http().execute(target.post(format, body))) {
                        status = response.getStatusLine().getStatusCode();
                        answer = EntityUtils.toString(response.getEntity(), StandardCharsets.UTF_8);
                    }
                    int count = status == 202 ? JSON.readTree(answer).get("accepted").asInt() : -1;
                    if (count != BATCH) {
                        throw new IllegalStateException(format + ": HTTP " + status + ", " + count + " of " + BATCH
                                + " accepted: " + answer);
                    }
                    answerNanos.addAndGet(System.nanoTime() - sent);
                    answered.incrementAndGet();
                    acknowledged.addAndGet(count);
                });
            }
        }
    }

    /**
     * CPU time of the service, the broker and this process (the load generator), and the machine's busy time from
     * {@code /proc/stat}: what a path costs per event, whatever share of the machine it got.
     */
    record Cpu(ProcessHandle service, ProcessHandle broker) {

        record Sample(long nanos, long events, long answered, long answerNanos, Duration service, Duration broker,
                Duration load, long machineBusyTicks) {
        }

        Sample sample(Load load) throws Exception {
            return new Sample(System.nanoTime(), load.acknowledged(), load.answered.get(), load.answerNanos.get(),
                    cpu(service), cpu(broker), cpu(ProcessHandle.current()), machineBusyTicks());
        }

        private static Duration cpu(ProcessHandle process) {
            return process.info().totalCpuDuration().orElseThrow(
                    () -> new IllegalStateException("no CPU time for process " + process.pid()));
        }

        /** All CPUs' time outside idle and I/O wait, in clock ticks (USER_HZ, 100 per second on Linux). */
        private static long machineBusyTicks() throws Exception {
            String[] cpu = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long busy = 0;
            for (int field = 1; field < cpu.length && field <= 8; field++) {
                if (field != 4 && field != 5) {
                    busy += Long.parseLong(cpu[field]);
                }
            }
            return busy;
        }
    }

    /**
     * One window: events/s, CPU microseconds per event by process, how many of the machine's cores were busy, and
     * how long a batch took to be answered (NaN for the ceiling, which sends no batches). With a fixed number of
     * clients each waiting for its answer, events/s is clients × batch / answer time: where the machine is not busy,
     * that time (mostly the wait for Kafka's acknowledgements) bounds the rate, not CPU.
     */
    record Measurement(String path, double eventsPerSecond, double serviceMicros, double brokerMicros,
            double loadMicros, double busyCores, double answerMillis) {

        static Measurement between(String path, Cpu.Sample before, Cpu.Sample after) {
            double seconds = (after.nanos() - before.nanos()) / 1e9;
            long events = after.events() - before.events();
            long answered = after.answered() - before.answered();
            return new Measurement(path, events / seconds, micros(before.service(), after.service(), events),
                    micros(before.broker(), after.broker(), events), micros(before.load(), after.load(), events),
                    (after.machineBusyTicks() - before.machineBusyTicks()) / 100.0 / seconds,
                    answered == 0 ? Double.NaN : (after.answerNanos() - before.answerNanos()) / 1e6 / answered);
        }

        private static double micros(Duration before, Duration after, long events) {
            return after.minus(before).toNanos() / 1e3 / events;
        }
    }

    static AccessEvent canonical(int i) {
        Instant time = Instant.parse("2026-11-01T00:00:00Z").plusMillis(i);
        Vault vault = new Vault("/subscriptions/bench/providers/microsoft.keyvault/vaults/kv-" + (i % VAULTS),
                "kv-" + (i % VAULTS));
        return new AccessEvent(DeterministicId.of("bench", String.valueOf(i)), AccessEvent.SCHEMA_VERSION,
                SUBSCRIPTION, Source.AZURE_KEY_VAULT, vault, time, time,
                new AccessEvent.Operation("SecretGet", OperationKind.SECRET_READ),
                new AccessEvent.ObjectRef(ObjectType.SECRET, "https://kv.vault.azure.net/secrets/s" + (i % 500),
                        "s" + (i % 500)),
                new AccessEvent.Result(Outcome.SUCCESS, 200, null),
                new Principal(PrincipalType.USER, "oid-" + (i % 200), "user" + (i % 200) + "@contoso.com", null, null),
                new AccessEvent.Client("20.40.60." + (i % 250), "azsdk-java/4.8"), "corr-" + i,
                IpEnrichment.none());
    }

    static String canonicalJson(int i) {
        try {
            return JSON.writeValueAsString(canonical(i));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void print(Duration window, List<Measurement> windows) {
        Map<String, List<Measurement>> byPath = new LinkedHashMap<>();
        windows.forEach(run -> byPath.computeIfAbsent(run.path(), path -> new ArrayList<>()).add(run));
        double ceiling = median(byPath.get(CEILING)).eventsPerSecond();
        System.out.println();
        System.out.printf("Ingest throughput: sustained loads, each window %d s after %d s of settling; batches of %d,"
                + " %d clients; the ceiling measured before the first path and after each%n", window.toSeconds(),
                SETTLE.toSeconds(), BATCH, CLIENTS);
        System.out.println("Every window, in the order measured:");
        table(windows, ceiling);
        System.out.println("Per path, the median window (the ceiling is the median of the producer's):");
        table(byPath.values().stream().map(IngestBenchmark::median).toList(), ceiling);
        byPath.forEach((path, runs) -> System.out.printf("%-26s %s%n", path, runs.stream()
                .map(run -> String.format("%.0f", run.eventsPerSecond())).toList()));
    }

    private static void table(List<Measurement> rows, double ceiling) {
        System.out.printf("%-26s %10s %8s   %-31s %-10s %s%n", "", "", "of", "CPU per event (µs)", "machine",
                "batch answered");
        System.out.printf("%-26s %10s %8s   %9s %9s %11s %10s %9s%n", "path", "events/s", "ceiling", "service",
                "broker", "load gen.", "busy cores", "in (ms)");
        for (Measurement row : rows) {
            boolean ceilingRow = row.path().equals(CEILING);
            System.out.printf("%-26s %10.0f %7.1f%%   %9s %9.2f %11.2f %10.2f %9s%n", row.path(),
                    row.eventsPerSecond(), 100 * row.eventsPerSecond() / ceiling,
                    ceilingRow ? "-" : String.format("%.2f", row.serviceMicros()), row.brokerMicros(),
                    row.loadMicros(), row.busyCores(), ceilingRow ? "-" : String.format("%.2f", row.answerMillis()));
        }
    }

    /** The window with the median rate (the upper one of an even count). */
    private static Measurement median(List<Measurement> runs) {
        List<Measurement> sorted = runs.stream()
                .sorted(Comparator.comparingDouble(Measurement::eventsPerSecond)).toList();
        return sorted.get(sorted.size() / 2);
    }

    /** One record generator per format, each yielding distinct records from a published sample. */
    static final class Formats {

        static Map<String, IntFunction<String>> all(Path root) throws Exception {
            Map<String, IntFunction<String>> formats = new LinkedHashMap<>();
            formats.put("vigil", IngestBenchmark::canonicalJson);
            String azure = Files.readString(root.resolve("ingest-service/src/test/resources/samples/"
                    + "azure-keyvault-auditevent.jsonl")).lines().toList().get(1);
            formats.put("azure-keyvault", i -> azure
                    .replace("2022-06-30T11:59:25.4111792Z", Instant.parse("2026-11-01T00:00:00Z").plusMillis(i)
                            .toString())
                    .replace("1e00f8e4-d4c8-46fe-ba9b-3863dde1ff54", "corr-" + i)
                    .replace("VAULTS/SECURAALLKEYVAULT", "VAULTS/KV-" + (i % VAULTS)));
            Path vault = root.resolve("ingest-service/src/test/resources/samples/hashicorp-vault-audit.jsonl");
            if (Files.exists(vault)) {
                String response = Files.readString(vault).lines().toList().get(4);
                String id = JSON.readTree(response).at("/request/id").asText();
                formats.put("hashicorp-vault", i -> response.replace(id, "bench-" + i)
                        .replace("\"mount_point\":\"secret/\"", "\"mount_point\":\"secret-" + (i % VAULTS) + "/\""));
            }
            Path aws = root.resolve("ingest-service/src/test/resources/samples/aws-cloudtrail-secretsmanager-kms.jsonl");
            if (Files.exists(aws)) {
                String get = Files.readString(aws).lines().toList().get(0);
                String id = JSON.readTree(get).get("eventID").asText();
                formats.put("aws-cloudtrail", i -> get.replace(id, "bench-" + i));
            }
            return formats;
        }
    }
}
