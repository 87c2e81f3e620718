package io.vigil.benchmarks;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import io.vigil.events.AccessEvent;
import io.vigil.events.AccessedObject;
import io.vigil.events.AlertType;
import io.vigil.events.Detection;
import io.vigil.events.DeterministicId;
import io.vigil.events.Evidence;
import io.vigil.events.IpEnrichment;
import io.vigil.events.Principal;
import io.vigil.events.PrincipalType;
import io.vigil.events.Source;
import io.vigil.events.Topics;
import io.vigil.events.Vault;
import io.vigil.testsupport.KafkaBroker;
import io.vigil.testsupport.OidcServer;
import io.vigil.testsupport.PostgresServer;
import io.vigil.testsupport.ServiceProcess;

/**
 * The alert query API and the detection consumption of one packaged alert-service instance, against a real
 * PostgreSQL holding a million alerts, a real Kafka broker and real OIDC tokens.
 *
 * <ol>
 * <li>The service starts once (Flyway creates the schema), then N alerts are loaded straight into PostgreSQL with
 * COPY (the secondary indexes dropped for the load and rebuilt after it, then VACUUM ANALYZE). PostgreSQL is then
 * restarted as production runs it (durable, 1 GB shared buffers, spaced checkpoints) for every measurement. The
 * alerts: five subscriptions of
 * unequal size, 40 vaults and 1,000 principals each (70 % users, 30 % applications, skewed: a few are busy), the
 * alert types in a realistic mix, eight weeks of activity, older alerts mostly resolved or dismissed.</li>
 * <li>Query latency over HTTP: a mix of filters (none, status, vault by name and by id, type, severity, principal
 * by UPN / object id / app id, IP, CIDR, a day, combinations, other sort orders), each value drawn from the same
 * skewed population, on a subscription drawn by size. Each round requests the first page (with its total) and
 * follows the cursor for the next pages; every tenth round follows it 30 pages deep. p50/p95/p99 by kind of page
 * and by filter; then the vault list, vault pages and statistics.</li>
 * <li>Detection consumption: the service is stopped, a backlog of detections produced to
 * {@code vigil.detections.v1}, the service started again; progress is the count of folded detections ({@code alert_detection}), polled every 200 ms. Run twice in
 * the same script: "before" with {@code vigil.alert.detections.transaction-size=1} (one transaction per detection,
 * as the consumer did before batching) and "after" with the default (a poll's worth per transaction).</li>
 * </ol>
 */
public final class AlertBenchmark {

    static final int PARTITIONS = 12;
    static final String DATABASE = "vigil_alerts";
    static final String[] SUBSCRIPTIONS = {"contoso-prod", "fabrikam", "northwind", "tailspin", "wingtip"};
    /** Shares of the alerts per subscription. */
    static final double[] SUBSCRIPTION_SHARE = {0.40, 0.25, 0.15, 0.12, 0.08};
    static final int VAULTS_PER_SUBSCRIPTION = 40;
    static final int PRINCIPALS_PER_SUBSCRIPTION = 1000;
    static final int SECRETS_PER_VAULT = 30;
    static final int DAYS = 56;
    static final int LIMIT = 50;

    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args[0]);
        int alerts = Integer.parseInt(arg(args, 1, "1000000"));
        int rounds = Integer.parseInt(arg(args, 2, "600"));
        int beforeBacklog = Integer.parseInt(arg(args, 3, "20000"));
        int afterBacklog = Integer.parseInt(arg(args, 4, "100000"));
        int clients = Integer.parseInt(arg(args, 5, "1"));
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Population population = new Population(now);
        Report report = new Report();

        try (KafkaBroker kafka = new KafkaBroker(PARTITIONS).start().createVigilTopics();
                PostgresServer postgres = new PostgresServer().start(DATABASE);
                OidcServer oidc = new OidcServer().start()) {
            Map<String, String> config = new TreeMap<>(Map.of(
                    "kafka.bootstrap.servers", kafka.bootstrapServers(),
                    "quarkus.datasource.reactive.url", postgres.reactiveUrl(DATABASE),
                    "quarkus.datasource.jdbc.url", postgres.jdbcUrl(DATABASE),
                    "quarkus.datasource.username", PostgresServer.USER,
                    "quarkus.datasource.password", PostgresServer.PASSWORD,
                    "quarkus.oidc.auth-server-url", oidc.issuer(),
                    "quarkus.log.level", "WARN"));
            // SERVICE_CONFIG="key=value key=value" overrides the service's configuration in every run
            for (String pair : System.getenv().getOrDefault("SERVICE_CONFIG", "").trim().split("\\s+")) {
                if (pair.contains("=")) {
                    config.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
                }
            }
            try (ServiceProcess service = start(root, config, Map.of());
                    Connection loader = connect(postgres)) {
                // Flyway has created the schema; now the million alerts, with the test cluster's fast settings
                load(loader, population, alerts, report);
            }
            // then PostgreSQL as production runs it, for every measurement
            report.settings = production(postgres);
            try (Connection jdbc = connect(postgres)) {
                try (ServiceProcess service = start(root, config, Map.of())) {
                    Tokens tokens = new Tokens(oidc);
                    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                    check(http, service.url(), tokens, population);
                    if (rounds > 0) {
                        queries(http, service.url(), tokens, population, rounds, clients, report);
                        extras(http, service.url(), tokens, population, report);
                    }
                }
                if (beforeBacklog > 0) {
                    report.consumption.add(consume(root, config, kafka, jdbc, population, "before", beforeBacklog,
                            Map.of("vigil.alert.detections.transaction-size", "1",
                                    "vigil.alert.detections.concurrency", "1")));
                }
                if (afterBacklog > 0) {
                    report.consumption.add(consume(root, config, kafka, jdbc, population, "after", afterBacklog,
                            Map.of()));
                }
                report.print(alerts, clients);
            }
        }
    }

    static Connection connect(PostgresServer postgres) throws SQLException {
        return DriverManager.getConnection(postgres.jdbcUrl(DATABASE), PostgresServer.USER, PostgresServer.PASSWORD);
    }

    static String arg(String[] args, int index, String fallback) {
        return args.length > index ? args[index] : fallback;
    }

    static ServiceProcess start(Path root, Map<String, String> config, Map<String, String> overrides) {
        return ServiceProcess.start(root, "alert-service", merged(config, overrides),
                ServiceJvm.flags(root, "alert-service"))
                .awaitReady(Duration.ofSeconds(180));
    }


    // ---- the population ----

    /** A deterministic, skewed population: what alerts are about and what queries ask for. */
    static final class Population {

        /** Alert types and their shares, roughly as a tenant sees them. */
        static final AlertType[] TYPES = {AlertType.KV_UserAnomaly, AlertType.KV_AppAnomaly,
                AlertType.KV_UserAccessDeniedAnomaly, AlertType.KV_OperationVolumeAnomaly,
                AlertType.KV_UserAppAnomaly, AlertType.KV_TORAccess, AlertType.KV_SuspiciousIPAccess,
                AlertType.KV_SuspiciousIPAccessDenied, AlertType.KV_ListGetAnomaly,
                AlertType.KV_OperationPatternAnomaly, AlertType.KV_AccountVolumeAnomaly,
                AlertType.KV_AccountVolumeAccessDeniedAnomaly, AlertType.KV_UnusualAccessSuspiciousIP,
                AlertType.KV_PutGetAnomaly};
        static final double[] TYPE_SHARE = {0.20, 0.12, 0.14, 0.08, 0.07, 0.07, 0.06, 0.05, 0.05, 0.04, 0.03, 0.03,
                0.03, 0.03};
        static final List<String> REMEDIATION = List.of(
                "Identify the source: confirm with the caller's owner whether this access was expected.",
                "Contain: restrict the vault's network access and remove or limit the caller's access policy.",
                "Measure the impact: review the accessed secrets and the vault's diagnostic logs for this caller.",
                "Rotate what was touched: rotate, disable or delete the accessed secrets, keys and certificates.");

        final Instant now;

        Population(Instant now) {
            this.now = now;
        }

        int subscription(Random random) {
            double r = random.nextDouble();
            for (int s = 0; s < SUBSCRIPTIONS.length; s++) {
                r -= SUBSCRIPTION_SHARE[s];
                if (r < 0) {
                    return s;
                }
            }
            return SUBSCRIPTIONS.length - 1;
        }

        /** Skewed: low indices are drawn far more often (a few busy vaults, principals). */
        static int skewed(Random random, int n) {
            double r = random.nextDouble();
            return (int) (n * r * r * r);
        }

        AlertType type(Random random) {
            double r = random.nextDouble();
            for (int t = 0; t < TYPES.length; t++) {
                r -= TYPE_SHARE[t];
                if (r < 0) {
                    return TYPES[t];
                }
            }
            return TYPES[0];
        }

        static String vaultName(int s, int v) {
            return "kv-" + SUBSCRIPTIONS[s].substring(0, 4) + "-" + (v < 10 ? "0" : "") + v;
        }

        static Vault vault(int s, int v) {
            String name = vaultName(s, v);
            return new Vault("/subscriptions/" + SUBSCRIPTIONS[s] + "/resourcegroups/rg-" + (v % 4)
                    + "/providers/microsoft.keyvault/vaults/" + name, name);
        }

        static boolean isApp(int p) {
            return p % 10 < 3;
        }

        static Principal principal(int s, int p) {
            String objectId = UUID.nameUUIDFromBytes(("oid" + s + "/" + p).getBytes(StandardCharsets.UTF_8))
                    .toString();
            if (isApp(p)) {
                return new Principal(PrincipalType.APPLICATION, objectId, null,
                        UUID.nameUUIDFromBytes(("app" + s + "/" + p).getBytes(StandardCharsets.UTF_8)).toString(),
                        "service-" + p);
            }
            return new Principal(PrincipalType.USER, objectId, "user" + p + "@" + SUBSCRIPTIONS[s] + ".example",
                    null, null);
        }

        /** The principal's usual address: applications inside, users from their office ranges. */
        static String homeIp(int s, int p) {
            return isApp(p) ? "10." + s + "." + (p / 250) + "." + (p % 250 + 1)
                    : "198.51." + (100 + s * 10 + p % 10) + "." + (p % 250 + 1);
        }

        /** Address and enrichment of an alert of this type by this principal. */
        static Object[] client(AlertType type, int s, int p, Random random) {
            return switch (type) {
                case KV_TORAccess -> new Object[] {"185.220." + (100 + random.nextInt(4)) + "." + random.nextInt(256),
                        new IpEnrichment(true, List.of(), false, false)};
                case KV_SuspiciousIPAccess, KV_SuspiciousIPAccessDenied -> new Object[] {
                        "45.146.164." + random.nextInt(256), new IpEnrichment(false,
                                List.of(new IpEnrichment.ThreatListMatch("feodo", "ab12")), false, false)};
                case KV_UnusualAccessSuspiciousIP -> new Object[] {"100." + (64 + random.nextInt(64)) + "."
                        + random.nextInt(256) + "." + random.nextInt(256), IpEnrichment.none()};
                default -> new Object[] {homeIp(s, p), new IpEnrichment(false, List.of(), false, isApp(p))};
            };
        }

        /** One stored alert, deterministic per index. */
        Row alert(int i) {
            Random random = new Random(0xa1e47_0000L + i);
            int s = subscription(random);
            int v = skewed(random, VAULTS_PER_SUBSCRIPTION);
            int p = skewed(random, PRINCIPALS_PER_SUBSCRIPTION);
            AlertType type = type(random);
            Instant lastSeen = now.minusSeconds((long) (random.nextDouble() * DAYS * 86_400));
            Instant firstSeen = lastSeen.minusSeconds(random.nextInt(7_200));
            int detections = 1 + (int) (-Math.log(1 - random.nextDouble()) * 2);
            long ageDays = Duration.between(lastSeen, now).toDays();
            double st = random.nextDouble();
            String status = ageDays >= 7
                    ? (st < 0.70 ? "RESOLVED" : st < 0.95 ? "DISMISSED" : "ACTIVE")
                    : (st < 0.60 ? "ACTIVE" : st < 0.75 ? "IN_PROGRESS" : st < 0.95 ? "RESOLVED" : "DISMISSED");
            Object[] client = client(type, s, p, random);
            Vault vault = vault(s, v);
            Principal principal = principal(s, p);
            List<AccessedObject> objects = new ArrayList<>();
            int count = 1 + random.nextInt(4);
            for (int k = 0; k < count; k++) {
                String secret = "secret-" + ((p * 7 + random.nextInt(6)) % SECRETS_PER_VAULT);
                objects.add(new AccessedObject("https://" + vault.name() + ".vault.azure.net/secrets/" + secret,
                        secret, k % 3 == 2 ? "SecretList" : "SecretGet", lastSeen.minusSeconds(60L * k)));
            }
            String ip = (String) client[0];
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("tactics", type.tactics());
            details.put("techniques", type.techniques());
            details.put("principal", principal);
            details.put("client", new AccessEvent.Client(ip, isApp(p) ? "azsdk-java/4.8" : "azure-cli/2.60"));
            details.put("ip", client[1]);
            details.put("objects", objects);
            details.put("evidence", new Evidence(principal.label() + " accessed " + count + " secrets in vault "
                    + vault.name() + " from " + ip + ", which this caller has not done in the last 30 days.",
                    Map.of("ip", ip, "operations", count * detections, "baselineDays", 30)));
            details.put("remediationSteps", REMEDIATION);
            String key = String.join("|", SUBSCRIPTIONS[s], type.name(), vault.id(),
                    principal.objectId() + "#" + i);
            int version = detections + (status.equals("ACTIVE") ? 0 : 1);
            return new Row(DeterministicId.of("abench", String.valueOf(i)), version, SUBSCRIPTIONS[s], type,
                    status, vault, firstSeen, lastSeen, detections, details, key);
        }

        /** A detection of the backlog: recent activity, some of it on keys seen earlier in the backlog. */
        Detection detection(String run, int i, int backlog) {
            Random random = new Random(0xde7ec7L + i * 31L + run.hashCode());
            // about 40 % of detections fold into an alert an earlier detection of the backlog opened
            int keyIndex = random.nextDouble() < 0.4 && i > 0 ? random.nextInt(i) : i;
            Random keyed = new Random(0xc0ffeeL + keyIndex * 17L + run.hashCode());
            int s = subscription(keyed);
            int v = skewed(keyed, VAULTS_PER_SUBSCRIPTION);
            int p = skewed(keyed, PRINCIPALS_PER_SUBSCRIPTION);
            AlertType type = type(keyed);
            Vault vault = vault(s, v);
            Principal principal = principal(s, p);
            Object[] client = client(type, s, p, random);
            Instant time = now.minusSeconds(3_600).plusMillis((long) i * 3_600_000L / Math.max(1, backlog));
            String secret = "secret-" + ((p * 7 + random.nextInt(6)) % SECRETS_PER_VAULT);
            List<AccessedObject> objects = List.of(new AccessedObject("https://" + vault.name()
                    + ".vault.azure.net/secrets/" + secret, secret, "SecretGet", time));
            String key = String.join("|", SUBSCRIPTIONS[s], type.name(), vault.id(), principal.objectId(),
                    run + keyIndex);
            String eventId = DeterministicId.of(run, String.valueOf(i));
            return new Detection(DeterministicId.of(type.name(), eventId), Detection.SCHEMA_VERSION, type,
                    SUBSCRIPTIONS[s], Source.AZURE_KEY_VAULT, vault, principal,
                    new AccessEvent.Client((String) client[0], "azure-cli/2.60"), (IpEnrichment) client[1],
                    type.severity(), type.tactics(), type.techniques(), time, time,
                    new Evidence(principal.label() + " read " + secret + " in " + vault.name(), Map.of("n", i)),
                    objects, 1, List.of(eventId), key);
        }
    }

    record Row(String id, int version, String subscription, AlertType type, String status, Vault vault,
            Instant firstSeen, Instant lastSeen, int detections, Map<String, Object> details, String key) {
    }

    // ---- loading ----

    static void load(Connection jdbc, Population population, int alerts, Report report) throws Exception {
        long start = System.nanoTime();
        List<String[]> indexes = new ArrayList<>();
        try (Statement statement = jdbc.createStatement()) {
            try (ResultSet rs = statement.executeQuery("SELECT indexname, indexdef FROM pg_indexes WHERE tablename "
                    + "= 'alert' AND indexname <> 'alert_pkey'")) {
                while (rs.next()) {
                    indexes.add(new String[] {rs.getString(1), rs.getString(2)});
                }
            }
            for (String[] index : indexes) {
                statement.execute("DROP INDEX " + index[0]);
            }
        }
        CopyIn copy = jdbc.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY alert (id, version, subscription_id, "
                + "alert_type, display_name, description, severity, status, source, vault_id, vault_name, first_seen, "
                + "last_seen, detection_count, details, correlation_key, created_at, updated_at) FROM STDIN WITH "
                + "(FORMAT csv)");
        StringBuilder buffer = new StringBuilder(1 << 20);
        for (int i = 0; i < alerts; i++) {
            Row row = population.alert(i);
            csv(buffer, row.id()).append(',').append(row.version()).append(',');
            csv(buffer, row.subscription()).append(',');
            csv(buffer, row.type().name()).append(',');
            csv(buffer, row.type().displayName()).append(',');
            csv(buffer, "The vault was accessed in a way this caller does not normally access it ("
                    + row.type().displayName() + ").").append(',');
            csv(buffer, row.type().severity().name()).append(',');
            csv(buffer, row.status()).append(",AZURE_KEY_VAULT,");
            csv(buffer, row.vault().id()).append(',');
            csv(buffer, row.vault().name()).append(',');
            buffer.append(row.firstSeen()).append(',').append(row.lastSeen()).append(',').append(row.detections())
                    .append(',');
            csv(buffer, JSON.writeValueAsString(row.details())).append(',');
            csv(buffer, row.key()).append(',');
            buffer.append(row.firstSeen()).append(',').append(row.lastSeen()).append('\n');
            if (buffer.length() > (1 << 20) - 8192) {
                byte[] bytes = buffer.toString().getBytes(StandardCharsets.UTF_8);
                copy.writeToCopy(bytes, 0, bytes.length);
                buffer.setLength(0);
            }
            if ((i + 1) % 200_000 == 0) {
                System.out.printf("  loaded %,d alerts (%.0f s)%n", i + 1, (System.nanoTime() - start) / 1e9);
            }
        }
        byte[] bytes = buffer.toString().getBytes(StandardCharsets.UTF_8);
        copy.writeToCopy(bytes, 0, bytes.length);
        copy.endCopy();
        double copySeconds = (System.nanoTime() - start) / 1e9;
        long indexStart = System.nanoTime();
        try (Statement statement = jdbc.createStatement()) {
            statement.execute("SET maintenance_work_mem = '512MB'");
            for (String[] index : indexes) {
                statement.execute(index[1]);
            }
            long vacuumStart = System.nanoTime();
            statement.execute("VACUUM ANALYZE alert");
            report.loadSeconds = new double[] {copySeconds, (vacuumStart - indexStart) / 1e9,
                    (System.nanoTime() - vacuumStart) / 1e9};
            try (ResultSet rs = statement.executeQuery("SELECT pg_total_relation_size('alert'), "
                    + "pg_relation_size('alert'), pg_indexes_size('alert')")) {
                rs.next();
                report.tableBytes = new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3)};
            }
            try (ResultSet rs = statement.executeQuery("SELECT subscription_id, count(*) FROM alert GROUP BY 1 "
                    + "ORDER BY 2 DESC")) {
                while (rs.next()) {
                    report.perSubscription.put(rs.getString(1), rs.getLong(2));
                }
            }
        }
        System.out.printf("loaded %,d alerts: COPY %.0f s, %d indexes rebuilt in %.0f s, VACUUM ANALYZE %.0f s%n",
                alerts, report.loadSeconds[0], indexes.size(), report.loadSeconds[1], report.loadSeconds[2]);
    }

    static StringBuilder csv(StringBuilder buffer, String value) {
        buffer.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"') {
                buffer.append('"');
            }
            buffer.append(c);
        }
        return buffer.append('"');
    }

    // ---- queries ----

    /** Fresh tokens (they live 10 minutes): one viewer covering the five subscriptions. */
    static final class Tokens {
        private final OidcServer oidc;
        private String token;
        private long issued;

        Tokens(OidcServer oidc) {
            this.oidc = oidc;
        }

        synchronized String get() {
            if (token == null || System.nanoTime() - issued > 300_000_000_000L) {
                token = oidc.tokenFor(Set.of("vigil-viewer"), List.of(SUBSCRIPTIONS));
                issued = System.nanoTime();
            }
            return token;
        }
    }

    /** A query of the mix: its name and, per draw, the query string. */
    record Scenario(String name, java.util.function.BiFunction<Integer, Random, String> query) {
    }

    static List<Scenario> scenarios(Population population) {
        return List.of(
                new Scenario("no filter (newest first)", (s, r) -> ""),
                new Scenario("status=ACTIVE,IN_PROGRESS", (s, r) -> "status=ACTIVE,IN_PROGRESS"),
                new Scenario("vault (name)", (s, r) -> "vault=" + Population.vaultName(s,
                        Population.skewed(r, VAULTS_PER_SUBSCRIPTION))),
                new Scenario("vault (id) + open", (s, r) -> "vault=" + enc(Population.vault(s,
                        Population.skewed(r, VAULTS_PER_SUBSCRIPTION)).id()) + "&status=ACTIVE,IN_PROGRESS"),
                new Scenario("type", (s, r) -> "type=" + population.type(r).name()),
                new Scenario("minSeverity=MEDIUM + ACTIVE", (s, r) -> "minSeverity=MEDIUM&status=ACTIVE"),
                new Scenario("severity=HIGH (none exist)", (s, r) -> "severity=HIGH"),
                new Scenario("principal (UPN / object id / app id)", (s, r) -> {
                    Principal p = Population.principal(s, Population.skewed(r, PRINCIPALS_PER_SUBSCRIPTION));
                    String value = r.nextBoolean() ? p.objectId() : p.upn() != null ? p.upn() : p.appId();
                    return "principal=" + enc(value);
                }),
                new Scenario("ip (address)", (s, r) -> "ip=" + Population.homeIp(s,
                        Population.skewed(r, PRINCIPALS_PER_SUBSCRIPTION))),
                new Scenario("ip (CIDR /22, Tor exits)", (s, r) -> "ip=" + enc("185.220.100.0/22")),
                new Scenario("one day (from/to)", (s, r) -> {
                    Instant day = population.now.truncatedTo(ChronoUnit.DAYS).minus(r.nextInt(DAYS), ChronoUnit.DAYS);
                    return "from=" + day + "&to=" + day.plus(1, ChronoUnit.DAYS);
                }),
                new Scenario("vault + type + open", (s, r) -> "vault=" + Population.vaultName(s,
                        Population.skewed(r, VAULTS_PER_SUBSCRIPTION)) + "&type=KV_UserAnomaly"
                        + "&status=ACTIVE,IN_PROGRESS"),
                new Scenario("principal + last 7 days", (s, r) -> {
                    Principal p = Population.principal(s, Population.skewed(r, PRINCIPALS_PER_SUBSCRIPTION));
                    return "principal=" + enc(p.objectId()) + "&from=" + population.now.minus(7, ChronoUnit.DAYS);
                }),
                new Scenario("sort=severity", (s, r) -> "sort=severity"),
                new Scenario("sort=firstSeen asc + RESOLVED", (s, r) -> "sort=firstSeen&order=asc&status=RESOLVED"));
    }

    static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** A first sanity check: a list, and one alert's detail read back through Hibernate. */
    static void check(HttpClient http, String base, Tokens tokens, Population population) throws Exception {
        JsonNode page = JSON.readTree(get(http, base + path(0, ""), tokens).body());
        if (page.path("items").size() != LIMIT || page.path("total").asLong() == 0) {
            throw new IllegalStateException("unexpected first page: " + page);
        }
        HttpResponse<String> detail = get(http, base + "/api/v1/subscriptions/" + SUBSCRIPTIONS[0] + "/alerts/"
                + page.path("items").get(0).path("id").asText(), tokens);
        if (detail.statusCode() != 200 || !detail.body().contains("remediationSteps")) {
            throw new IllegalStateException("alert detail unreadable: " + detail.statusCode() + " " + detail.body());
        }
        System.out.printf("first page of %s: total %,d%n", SUBSCRIPTIONS[0], page.path("total").asLong());
    }

    static String path(int subscription, String query) {
        return "/api/v1/subscriptions/" + SUBSCRIPTIONS[subscription] + "/alerts?limit=" + LIMIT
                + (query.isEmpty() ? "" : "&" + query);
    }

    static HttpResponse<String> get(HttpClient http, String url, Tokens tokens) throws IOException,
            InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + tokens.get())
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static void queries(HttpClient http, String base, Tokens tokens, Population population, int rounds, int clients,
            Report report) throws Exception {
        List<Scenario> scenarios = scenarios(population);
        // warm-up: JIT, connection pool, PostgreSQL's caches
        run(http, base, tokens, population, scenarios, Math.max(30, rounds / 5), 1, new Latencies(), 0x3a3aL);
        Latencies latencies = new Latencies();
        long start = System.nanoTime();
        run(http, base, tokens, population, scenarios, rounds, clients, latencies, 0x5eedL);
        report.queries = latencies;
        report.querySeconds = (System.nanoTime() - start) / 1e9;
    }

    static void run(HttpClient http, String base, Tokens tokens, Population population, List<Scenario> scenarios,
            int rounds, int clients, Latencies latencies, long seed) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Future<?>> futures = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            int client = c;
            futures.add(pool.submit(() -> {
                Random random = new Random(seed + client);
                for (int round = client; round < rounds; round += clients) {
                    Scenario scenario = scenarios.get(round % scenarios.size());
                    int s = population.subscription(random);
                    String url = base + path(s, scenario.query().apply(s, random));
                    int depth = round % 10 == 9 ? 30 : 5;
                    for (int page = 1; page <= depth && url != null; page++) {
                        long t0 = System.nanoTime();
                        HttpResponse<String> response = get(http, url, tokens);
                        double ms = (System.nanoTime() - t0) / 1e6;
                        if (response.statusCode() != 200) {
                            latencies.errors.incrementAndGet();
                            System.out.println("  " + response.statusCode() + " on " + url + ": " + response.body());
                            break;
                        }
                        JsonNode body = JSON.readTree(response.body());
                        String kind = page == 1 ? "first page (with total)" : page <= 5 ? "pages 2-5 (cursor)"
                                : page >= 20 ? "pages 20-30 (cursor)" : null;
                        if (kind != null) {
                            latencies.add(kind, ms);
                        }
                        if (page == 1) {
                            latencies.add("first page: " + scenario.name(), ms);
                            latencies.totals.merge(scenario.name(), body.path("total").asLong(), Math::max);
                        } else {
                            latencies.add("later page: " + scenario.name(), ms);
                        }
                        latencies.add("all pages", ms);
                        String next = body.path("links").path("next").asText(null);
                        url = next == null ? null : base + next;
                    }
                }
                return null;
            }));
        }
        for (Future<?> future : futures) {
            future.get();
        }
        pool.shutdown();
    }

    /** Latencies by label, in milliseconds. */
    static final class Latencies {
        final Map<String, List<Double>> byLabel = new ConcurrentHashMap<>();
        final Map<String, Long> totals = new ConcurrentHashMap<>();
        final java.util.concurrent.atomic.AtomicInteger errors = new java.util.concurrent.atomic.AtomicInteger();

        void add(String label, double ms) {
            byLabel.computeIfAbsent(label, l -> java.util.Collections.synchronizedList(new ArrayList<>())).add(ms);
        }

        static double[] percentiles(List<Double> values) {
            double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            return new double[] {at(sorted, 0.50), at(sorted, 0.95), at(sorted, 0.99), sorted[sorted.length - 1]};
        }

        static double at(double[] sorted, double q) {
            return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)];
        }
    }

    /** The other read endpoints, for the record: vault list, vault pages, statistics. */
    static void extras(HttpClient http, String base, Tokens tokens, Population population, Report report)
            throws Exception {
        Random random = new Random(0xe7e7L);
        Map<String, Supplier<String>> calls = new LinkedHashMap<>();
        calls.put("GET …/vaults", () -> "/api/v1/subscriptions/" + SUBSCRIPTIONS[population.subscription(random)]
                + "/vaults");
        calls.put("GET …/vaults/{name}/security", () -> {
            int s = population.subscription(random);
            return "/api/v1/subscriptions/" + SUBSCRIPTIONS[s] + "/vaults/"
                    + Population.vaultName(s, Population.skewed(random, VAULTS_PER_SUBSCRIPTION)) + "/security";
        });
        calls.put("GET …/alerts/statistics (30 days)", () -> "/api/v1/subscriptions/"
                + SUBSCRIPTIONS[population.subscription(random)] + "/alerts/statistics");
        calls.put("GET …/alerts/statistics (7 days, one vault)", () -> {
            int s = population.subscription(random);
            return "/api/v1/subscriptions/" + SUBSCRIPTIONS[s] + "/alerts/statistics?from="
                    + population.now.minus(7, ChronoUnit.DAYS) + "&vault="
                    + Population.vaultName(s, Population.skewed(random, VAULTS_PER_SUBSCRIPTION));
        });
        Latencies latencies = new Latencies();
        for (var call : calls.entrySet()) {
            for (int i = 0; i < 60; i++) {
                String url = base + call.getValue().get();
                long t0 = System.nanoTime();
                HttpResponse<String> response = get(http, url, tokens);
                double ms = (System.nanoTime() - t0) / 1e6;
                if (response.statusCode() != 200) {
                    latencies.errors.incrementAndGet();
                    System.out.println("  " + response.statusCode() + " on " + url + ": " + response.body());
                } else if (i >= 10) { // the first ten warm up
                    latencies.add(call.getKey(), ms);
                }
            }
        }
        report.extras = latencies;
    }

    // ---- consumption ----

    /**
     * Restarts the test cluster as production runs PostgreSQL: durable (fsync, synchronous commit and full page
     * writes on, their defaults; the test cluster turns them off on its command line, which no configuration file
     * overrides, so the restart leaves them out), 1 GB of shared buffers for the 3 GB database, and checkpoints spaced
     * as a write-heavy database has them (max_wal_size 4 GB, checkpoint_timeout 15 min). Returns the settings in
     * force.
     */
    static String production(PostgresServer postgres) throws Exception {
        String dataDirectory;
        String bin;
        try (Connection jdbc = connect(postgres); Statement statement = jdbc.createStatement()) {
            dataDirectory = single(statement, "SHOW data_directory");
            bin = single(statement, "SELECT setting FROM pg_config WHERE name = 'BINDIR'");
            statement.execute("ALTER SYSTEM SET shared_buffers = '1GB'");
            statement.execute("ALTER SYSTEM SET max_wal_size = '4GB'");
            statement.execute("ALTER SYSTEM SET checkpoint_timeout = '15min'");
        }
        Path cluster = Path.of(dataDirectory).getParent();
        List<String> command = new ArrayList<>();
        if ("root".equals(System.getProperty("user.name"))) {
            command.addAll(List.of("runuser", "-u", "postgres", "--")); // as PostgresServer runs it
        }
        command.addAll(List.of(bin + "/pg_ctl", "-D", dataDirectory, "-l", cluster.resolve("pg.log").toString(),
                "-m", "fast", "-w", "-t", "120", "-o", "-p " + postgres.port() + " -k " + cluster
                        + " -c listen_addresses=127.0.0.1 -c max_connections=200", "restart"));
        Path work = io.vigil.testsupport.Procs.workDir("pg-restart");
        io.vigil.testsupport.Procs.run(command, work, work.resolve("pg_ctl.log"), Duration.ofSeconds(180));
        try (Connection jdbc = connect(postgres); Statement statement = jdbc.createStatement();
                ResultSet rs = statement.executeQuery("SELECT string_agg(name || '=' || current_setting(name),"
                        + " ', ' ORDER BY name) FROM pg_settings WHERE name IN ('fsync', 'synchronous_commit', "
                        + "'full_page_writes', 'shared_buffers', 'max_wal_size', 'checkpoint_timeout', "
                        + "'wal_level', 'server_version')")) {
            rs.next();
            String settings = rs.getString(1);
            System.out.println("PostgreSQL restarted for the measurements: " + settings);
            if (!settings.contains("fsync=on") || !settings.contains("synchronous_commit=on")) {
                throw new IllegalStateException("PostgreSQL is not durable: " + settings);
            }
            return settings;
        }
    }

    static String single(Statement statement, String sql) throws SQLException {
        try (ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    /**
     * @param seconds from the first stored detection to the last
     * @param steadyRate detections/s after the first ten seconds of progress (the service warmed up), NaN if the run
     *        was shorter
     */
    record Consumption(String run, Map<String, String> overrides, int backlog, double produceSeconds,
            double readySeconds, double toFirstProgress, double seconds, long firstSeen, long newAlerts,
            double toPublished, double steadyRate, List<String> samples) {

        double rate() {
            return backlog / seconds;
        }
    }

    static Consumption consume(Path root, Map<String, String> config, KafkaBroker kafka, Connection jdbc,
            Population population, String run, int backlog, Map<String, String> overrides) throws Exception {
        System.out.printf("%nconsumption run '%s' %s: %,d detections%n", run, overrides, backlog);
        long folded = count(jdbc, "SELECT count(*) FROM alert_detection");
        long alerts = count(jdbc, "SELECT count(*) FROM alert");
        long produceStart = System.nanoTime();
        Map<String, Object> props = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 10, ProducerConfig.BATCH_SIZE_CONFIG, 131072,
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(),
                new ByteArraySerializer())) {
            for (int i = 0; i < backlog; i++) {
                Detection detection = population.detection(run, i, backlog);
                producer.send(new ProducerRecord<>(Topics.DETECTIONS, detection.correlationKey(),
                        JSON.writeValueAsBytes(detection)), (metadata, error) -> {
                            if (error != null) {
                                throw new IllegalStateException(error);
                            }
                        });
            }
            producer.flush();
        }
        double produceSeconds = (System.nanoTime() - produceStart) / 1e9;
        long start = System.nanoTime();
        List<String> samples = new ArrayList<>();
        try (ServiceProcess service = ServiceProcess.start(root, "alert-service", merged(config, overrides),
                ServiceJvm.flags(root, "alert-service"))) {
            double ready = -1;
            long first = -1;
            long firstCount = 0;
            long last = System.nanoTime();
            long lastCount = 0;
            long warmNanos = -1;
            long warmCount = 0;
            long done;
            long deadline = System.nanoTime() + Duration.ofMinutes(30).toNanos();
            while (true) {
                if (ready < 0 && ready(http(), service.url())) {
                    ready = (System.nanoTime() - start) / 1e9;
                }
                long stored = count(jdbc, "SELECT count(*) FROM alert_detection") - folded;
                long now = System.nanoTime();
                if (first < 0 && stored > 0) {
                    first = now;
                    firstCount = stored;
                    last = now;
                    lastCount = stored;
                }
                if (first >= 0 && warmNanos < 0 && now - first >= 10_000_000_000L) {
                    warmNanos = now;
                    warmCount = stored;
                }
                if (first >= 0 && now - last >= 10_000_000_000L) {
                    samples.add(String.format("  t+%5.1f s  stored %,9d  %,8.0f detections/s", (now - start) / 1e9,
                            stored, (stored - lastCount) / ((now - last) / 1e9)));
                    System.out.println(samples.get(samples.size() - 1));
                    last = now;
                    lastCount = stored;
                }
                if (stored >= backlog) {
                    done = now;
                    break;
                }
                if (now > deadline) {
                    throw new IllegalStateException("not consumed within 30 minutes: " + stored + " of " + backlog
                            + "; see " + service.log());
                }
                Thread.sleep(200);
            }
            // then until every change is on vigil.alerts.v1 (the outbox is empty)
            while (count(jdbc, "SELECT count(*) FROM outbox") > 0) {
                Thread.sleep(200);
            }
            double published = (System.nanoTime() - start) / 1e9;
            long newAlerts = count(jdbc, "SELECT count(*) FROM alert") - alerts;
            double steady = warmNanos < 0 || done <= warmNanos ? Double.NaN
                    : (backlog - warmCount) / ((done - warmNanos) / 1e9);
            Consumption result = new Consumption(run, overrides, backlog, produceSeconds, ready,
                    (first - start) / 1e9, (done - first) / 1e9, firstCount, newAlerts, published, steady, samples);
            System.out.printf("  %,d detections stored in %.1f s after the first: %,.0f detections/s (%,.0f after "
                    + "the first 10 s); %,d new alerts, the rest folded into them; outbox empty %.1f s after start%n",
                    backlog, result.seconds(), result.rate(), steady, newAlerts, published);
            return result;
        }
    }

    static Map<String, String> merged(Map<String, String> config, Map<String, String> overrides) {
        Map<String, String> all = new TreeMap<>(config);
        all.putAll(overrides);
        return all;
    }

    private static HttpClient readiness;

    static HttpClient http() {
        if (readiness == null) {
            readiness = HttpClient.newHttpClient();
        }
        return readiness;
    }

    static boolean ready(HttpClient http, String base) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(base + "/q/health/ready"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    static long count(Connection jdbc, String sql) throws SQLException {
        try (Statement statement = jdbc.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    // ---- report ----

    static final class Report {
        double[] loadSeconds;
        String settings;
        long[] tableBytes;
        final Map<String, Long> perSubscription = new LinkedHashMap<>();
        Latencies queries;
        double querySeconds;
        Latencies extras;
        final List<Consumption> consumption = new ArrayList<>();

        void print(int alerts, int clients) {
            System.out.println();
            System.out.printf("Alert API and consumption: %,d alerts in PostgreSQL, one alert-service instance "
                    + "(-Xmx1g), %d core(s), load average %.1f%n", alerts, Runtime.getRuntime().availableProcessors(),
                    java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
            System.out.printf("alerts per subscription: %s%n", perSubscription);
            System.out.printf("load: COPY %.0f s, index rebuild %.0f s, VACUUM ANALYZE %.0f s; table %,.0f MB "
                    + "(heap %,.0f MB, indexes %,.0f MB)%n", loadSeconds[0], loadSeconds[1], loadSeconds[2],
                    tableBytes[0] / 1e6, tableBytes[1] / 1e6, tableBytes[2] / 1e6);
            System.out.println("PostgreSQL during the measurements: " + settings);
            if (queries != null) {
                printQueries(clients);
            }
            printConsumption();
        }

        void printQueries(int clients) {
            System.out.println();
            System.out.printf("List query over HTTP (limit %d, %d client(s), %.0f s, %d errors)%n", LIMIT, clients,
                    querySeconds, queries.errors.get());
            table(queries, List.of("first page (with total)", "pages 2-5 (cursor)", "pages 20-30 (cursor)",
                    "all pages"));
            System.out.println();
            System.out.println("by filter, first page (largest total seen) and later pages:");
            for (Scenario scenario : scenarios(new Population(Instant.now()))) {
                row(queries, "first page: " + scenario.name(), " total ≤ " + String.format("%,d",
                        queries.totals.getOrDefault(scenario.name(), 0L)));
                row(queries, "later page: " + scenario.name(), "");
            }
            System.out.println();
            System.out.println("other read endpoints (50 requests each after 10 warm-up):");
            table(extras, new ArrayList<>(extras.byLabel.keySet()));
        }

        void printConsumption() {
            System.out.println();
            System.out.println("Detection consumption (backlog produced first, then the service started)");
            System.out.printf("%-8s %9s %9s %11s %13s %16s %11s %13s%n", "run", "backlog", "ready s",
                    "stored in s", "detections/s", "after first 10 s", "new alerts", "published s");
            for (Consumption c : consumption) {
                System.out.printf("%-8s %,9d %9.1f %11.1f %,13.0f %,16.0f %,11d %13.1f%n", c.run(), c.backlog(),
                        c.readySeconds(), c.seconds(), c.rate(), c.steadyRate(), c.newAlerts(), c.toPublished());
            }
            for (Consumption c : consumption) {
                System.out.printf("  %s: %s%n", c.run(), c.overrides().isEmpty()
                        ? "defaults (a poll of 500 in 2 lanes, transactions of up to 500)" : c.overrides());
            }
            if (consumption.size() == 2) {
                System.out.printf("after / before: %.1f× the detections per second (%.1f× after the first 10 s)%n",
                        consumption.get(1).rate() / consumption.get(0).rate(),
                        consumption.get(1).steadyRate() / consumption.get(0).steadyRate());
            }
            for (Consumption c : consumption) {
                System.out.println("progress of '" + c.run() + "' (every 10 s):");
                c.samples().forEach(System.out::println);
            }
        }

        static void table(Latencies latencies, List<String> labels) {
            System.out.printf("  %-58s %8s %9s %9s %9s %9s%n", "", "requests", "p50 ms", "p95 ms", "p99 ms",
                    "max ms");
            for (String label : labels) {
                row(latencies, label, "");
            }
        }

        static void row(Latencies latencies, String label, String note) {
            List<Double> values = latencies.byLabel.get(label);
            if (values == null || values.isEmpty()) {
                return;
            }
            double[] p = Latencies.percentiles(values);
            System.out.printf("  %-58s %8d %9.1f %9.1f %9.1f %9.1f%s%n", label, values.size(), p[0], p[1], p[2],
                    p[3], note);
        }
    }

    static {
        // the shares must cover everything
        if (Math.abs(Arrays.stream(SUBSCRIPTION_SHARE).sum() - 1) > 1e-9
                || Math.abs(Arrays.stream(Population.TYPE_SHARE).sum() - 1) > 1e-9) {
            throw new IllegalStateException("shares do not add up to 1");
        }
    }
}
