package io.vigil.benchmarks;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;

import org.apache.http.client.methods.CloseableHttpResponse;
import org.apache.http.client.methods.HttpPost;
import org.apache.http.entity.ByteArrayEntity;
import org.apache.http.entity.ContentType;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.impl.client.HttpClients;
import org.apache.http.util.EntityUtils;
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
 * (acks=all, idempotent, lz4, linger 1 ms, 128 KB batches) sending pre-built canonical events; (b) ingest-service
 * over HTTP per format, batches of 500 records from 4 concurrent clients, every batch answered only after Kafka
 * acknowledged it. Prints events/s and the ratio of each to the ceiling. Records vary so none is dropped as a
 * duplicate, spread over 50 vaults (keys).
 */
public final class IngestBenchmark {

    static final int BATCH = 500;
    static final int CLIENTS = 4;
    static final int VAULTS = 50;
    static final String SUBSCRIPTION = "bench";
    static final Duration WARM_UP = Duration.ofSeconds(90);
    static final ContentType NDJSON = ContentType.create("application/x-ndjson", StandardCharsets.UTF_8);

    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args[0]);
        int batches = Integer.parseInt(args[1]);
        Map<String, IntFunction<String>> formats = Formats.all(root);
        if (args.length > 2) {
            // only the named formats, e.g. "vigil" to profile one path
            formats.keySet().retainAll(List.of(args[2].split(",")));
        }
        try (KafkaBroker kafka = new KafkaBroker(12).start().createVigilTopics();
                OidcServer oidc = new OidcServer().start()
                        .client("bench", "bench", Set.of("vigil-ingest"), List.of(SUBSCRIPTION))) {
            int events = batches * BATCH;
            Map<String, String> config = Map.of("kafka.bootstrap.servers", kafka.bootstrapServers(),
                    "quarkus.oidc.auth-server-url", oidc.issuer(),
                    "vigil.ingest.limits.requests-per-second", "1000000", "vigil.ingest.limits.burst", "1000000",
                    "quarkus.log.level", "WARN");
            // a plain blocking client with kept-alive connections: the load generator shares the two cores with the
            // service and the broker, and java.net.http's client took a sixth of the machine to send 850 KB bodies
            try (ServiceProcess ingest = ServiceProcess.start(root, "ingest-service", config, ServiceJvm.flags())
                    .awaitReady(Duration.ofSeconds(120));
                    CloseableHttpClient http = HttpClients.custom().setMaxConnPerRoute(CLIENTS)
                            .setMaxConnTotal(CLIENTS).disableContentCompression().build()) {
                String token = oidc.clientToken("bench", "bench");
                Map<String, IntFunction<String>> served = new LinkedHashMap<>();
                for (var format : formats.entrySet()) {
                    if (overHttp(http, ingest, token, format.getKey(), format.getValue(), 40, 1_000_000) == null) {
                        System.out.printf("%-16s not served by this build (415)%n", format.getKey());
                    } else {
                        served.put(format.getKey(), format.getValue());
                    }
                }
                // the broker is a JVM too: its warm-up (this one) comes before any measurement, the ceiling's as well
                warmUp(http, ingest, token, served);
                // the producer's own path needs warm-up as well (its first 100,000 events ran at a third of the later
                // rate): two full rounds. Then a burst of a second or so, noisy on its own (280k to 550k events/s in
                // one run), so measured three times before the HTTP runs and once after each; the median is the ceiling
                List<ProducerRecord<String, byte[]>> records = ceilingRecords(events);
                producerCeiling(kafka, records);
                producerCeiling(kafka, records);
                List<Double> ceilings = new ArrayList<>(List.of(producerCeiling(kafka, records),
                        producerCeiling(kafka, records), producerCeiling(kafka, records)));
                Map<String, Double> results = new LinkedHashMap<>();
                for (var format : served.entrySet()) {
                    results.put(format.getKey(), overHttp(http, ingest, token, format.getKey(), format.getValue(),
                            batches, 20_000_000));
                    ceilings.add(producerCeiling(kafka, records));
                }
                print(events, ceilings, results);
            }
        }
    }

    /**
     * Sends every format in turn for {@link #WARM_UP}, so that what is measured is the service's steady state. Counting
     * events is not enough: the per-request path (token verification, routing) runs once per 500 events, and after
     * three rounds of 500,000 events the compiler threads still took 30 % of the service's CPU through the
     * measurement.
     */
    static void warmUp(CloseableHttpClient http, ServiceProcess ingest, String token,
            Map<String, IntFunction<String>> formats) throws Exception {
        long until = System.nanoTime() + WARM_UP.toNanos();
        for (int round = 0; System.nanoTime() < until; round++) {
            for (var format : formats.entrySet()) {
                overHttp(http, ingest, token, format.getKey(), format.getValue(), 100,
                        100_000_000 + round * 100 * BATCH);
            }
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

    /**
     * Events/s of a bare producer sending pre-serialised canonical events. The clock starts once the producer has its
     * metadata and connection, and acknowledgements are counted rather than kept as a future each: the harness's own
     * allocations and their collections had been part of what a one-second burst measured.
     */
    static double producerCeiling(KafkaBroker kafka, List<ProducerRecord<String, byte[]>> records) throws Exception {
        Map<String, Object> props = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 1, ProducerConfig.BATCH_SIZE_CONFIG, 131072,
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(),
                new ByteArraySerializer())) {
            // one record first, unmeasured: the producer then has its metadata and connection
            producer.send(records.get(0)).get();
            CountDownLatch acknowledged = new CountDownLatch(records.size());
            AtomicReference<Exception> failure = new AtomicReference<>();
            long start = System.nanoTime();
            for (ProducerRecord<String, byte[]> record : records) {
                producer.send(record, (metadata, error) -> {
                    if (error != null) {
                        failure.compareAndSet(null, error);
                    }
                    acknowledged.countDown();
                });
            }
            if (!acknowledged.await(5, TimeUnit.MINUTES)) {
                throw new IllegalStateException("The broker acknowledged only " + (records.size()
                        - acknowledged.getCount()) + " of " + records.size() + " records in 5 minutes");
            }
            if (failure.get() != null) {
                throw failure.get();
            }
            return records.size() / ((System.nanoTime() - start) / 1e9);
        }
    }

    /** Events/s through ingest-service, or null when it does not serve the format. */
    static Double overHttp(CloseableHttpClient http, ServiceProcess ingest, String token, String format,
            IntFunction<String> record, int batches, int offset) throws Exception {
        List<byte[]> bodies = new ArrayList<>(batches);
        for (int b = 0; b < batches; b++) {
            StringBuilder body = new StringBuilder();
            for (int r = 0; r < BATCH; r++) {
                body.append(record.apply(offset + b * BATCH + r)).append('\n');
            }
            bodies.add(body.toString().getBytes(StandardCharsets.UTF_8));
        }
        String uri = ingest.url() + "/api/v1/subscriptions/" + SUBSCRIPTION + "/events/" + format;
        AtomicInteger next = new AtomicInteger();
        AtomicInteger accepted = new AtomicInteger();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS, task -> {
            Thread thread = new Thread(task, "bench-client");
            thread.setDaemon(true);
            return thread;
        });
        long start = System.nanoTime();
        List<Future<Integer>> done = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            done.add(clients.submit(() -> {
                for (int b; (b = next.getAndIncrement()) < bodies.size();) {
                    HttpPost post = new HttpPost(uri);
                    post.setHeader("Authorization", "Bearer " + token);
                    post.setEntity(new ByteArrayEntity(bodies.get(b), NDJSON));
                    int status;
                    String answer;
                    try (CloseableHttpResponse response = http.execute(post)) {
                        status = response.getStatusLine().getStatusCode();
                        answer = EntityUtils.toString(response.getEntity(), StandardCharsets.UTF_8);
                    }
                    if (status == 415) {
                        return 415;
                    }
                    if (status != 202) {
                        throw new IllegalStateException(format + ": HTTP " + status + " " + answer);
                    }
                    accepted.addAndGet(JSON.readTree(answer).get("accepted").asInt());
                }
                return 202;
            }));
        }
        boolean unsupported = false;
        for (Future<Integer> client : done) {
            unsupported |= client.get() == 415;
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        clients.shutdown();
        if (unsupported) {
            return null;
        }
        if (accepted.get() != batches * BATCH) {
            throw new IllegalStateException(format + ": " + accepted.get() + " of " + batches * BATCH + " accepted");
        }
        return accepted.get() / seconds;
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

    private static void print(int events, List<Double> ceilings, Map<String, Double> results) {
        double ceiling = ceilings.stream().sorted().toList().get(ceilings.size() / 2);
        System.out.println();
        System.out.printf("Ingest throughput, %d events per measurement, batches of %d, %d clients%n", events, BATCH,
                CLIENTS);
        System.out.printf("ceiling runs (events/s): %s; the median is the ceiling%n", ceilings.stream()
                .map(rate -> String.format("%.0f", rate)).toList());
        System.out.printf("%-28s %12s %10s%n", "path", "events/s", "ceiling");
        System.out.printf("%-28s %12.0f %9.0f%%%n", "kafka producer (ceiling)", ceiling, 100.0);
        results.forEach((format, rate) -> System.out.printf("%-28s %12.0f %9.1f%%%n", "http " + format, rate,
                100 * rate / ceiling));
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
