package io.vigil.e2e;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import picocli.CommandLine;

import io.vigil.simulator.Simulator;
import io.vigil.testsupport.GreenMailServer;
import io.vigil.testsupport.KafkaBroker;
import io.vigil.testsupport.OidcServer;
import io.vigil.testsupport.PostgresServer;
import io.vigil.testsupport.Procs;
import io.vigil.testsupport.ServiceProcess;

/**
 * The whole suite, started once for every end-to-end test class that extends with it and stopped after the last:
 * the four services as their packaged jars in their own JVMs against a real Kafka broker, a real PostgreSQL, a real
 * SMTP server, an OIDC provider issuing real tokens, and — for the export channels — a webhook receiver and a syslog
 * listener. The delivery subscription's settings are stored before notification-service starts, because it reads
 * every subscription's settings before its first alert: the exports then apply from the first sample alert on.
 */
public final class VigilSuite implements BeforeAllCallback {

    /** The Tor test: its recipient comes from notification-service's fallback configuration. */
    static final String TOR_SUBSCRIPTION = "sub-e2e";
    static final String TOR_RECIPIENT = "secops@contoso.com";
    /** The delivery test: recipients and exports from its settings. */
    static final String DELIVERY_SUBSCRIPTION = "sub-delivery";
    static final String DELIVERY_RECIPIENT = "soc-lead@contoso.com";
    static final String WEBHOOK_SECRET = "e2e-webhook-signing-secret";
    static final String OCSF_TOPIC = "soc.findings.ocsf";

    private static Running running;

    @Override
    public void beforeAll(ExtensionContext context) {
        context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(VigilSuite.class, key -> start(), Running.class);
    }

    /**
     * The catalog test's scenario: three weeks of 10 vaults and 60 principals in the simulator's organisation, one
     * labelled attack of every type after the 7-day learning period (the simulator's own evaluation detects them all).
     */
    static final List<String> SCENARIO = List.of("--seed", "11", "--days", "21", "--vaults", "10", "--principals",
            "60", "--attacks-per-type", "1", "--learning-days", "7");

    /** Runs the simulator's {@code generate} with the catalog scenario and these further options. */
    static void generate(String... options) {
        List<String> args = new ArrayList<>(List.of("generate"));
        args.addAll(SCENARIO);
        args.addAll(List.of(options));
        int exit = new CommandLine(new Simulator()).execute(args.toArray(String[]::new));
        if (exit != 0) {
            throw new IllegalStateException("simulator generate " + args + " exited with " + exit);
        }
    }

    static Running suite() {
        return running;
    }

    private static synchronized Running start() {
        running = new Running();
        return running;
    }

    /** Everything the suite runs; closed by JUnit once all tests are done. */
    static final class Running implements ExtensionContext.Store.CloseableResource {

        final KafkaBroker kafka;
        final PostgresServer postgres;
        final GreenMailServer smtp;
        final OidcServer oidc;
        final WebhookReceiver webhook;
        final SyslogListener syslog;
        final ServiceProcess ingest;
        final ServiceProcess detection;
        final ServiceProcess alerts;
        final ServiceProcess notification;
        /** Where the simulated scenario's lists and labels are. */
        final Path scenario;
        private final List<ServiceProcess> services = new ArrayList<>();

        Running() {
            Instant begin = Instant.now();
            CompletableFuture<KafkaBroker> broker = CompletableFuture.supplyAsync(
                    () -> new KafkaBroker(3).start().createVigilTopics());
            CompletableFuture<PostgresServer> database = CompletableFuture.supplyAsync(
                    () -> new PostgresServer().start("vigil_alerts", "vigil_notifications"));
            CompletableFuture<GreenMailServer> mail = CompletableFuture.supplyAsync(
                    () -> new GreenMailServer().start());
            oidc = new OidcServer().start()
                    .client("log-shipper", "shipper-secret", Set.of("vigil-ingest"), List.of(TOR_SUBSCRIPTION))
                    .user("responder", "responder", Set.of("vigil-viewer", "vigil-responder"),
                            List.of(TOR_SUBSCRIPTION))
                    .user("delivery-admin", "delivery-admin", Set.of("vigil-viewer", "vigil-responder",
                            "vigil-admin"), List.of(DELIVERY_SUBSCRIPTION))
                    .client("simulator", "simulator-secret", Set.of("vigil-ingest"), List.of("*"))
                    .user("soc-viewer", "soc-viewer", Set.of("vigil-viewer"), List.of("*"));
            webhook = new WebhookReceiver();
            syslog = new SyslogListener();
            kafka = broker.join();
            createTopic(kafka, OCSF_TOPIC); // a tenant's SIEM topic exists before it is named in settings
            postgres = database.join();
            smtp = mail.join();
            Instant infraReady = Instant.now();

            Path root = Path.of(System.getProperty("vigil.root.dir"));
            // the simulated organisation's lists: Tor exits (185.220.101.0/24, the Tor test's address included),
            // malicious hosts and its trusted egress, written by the scenario the catalog test posts
            scenario = Procs.workDir("scenario");
            generate("--out", scenario.toString());
            Map<String, String> common = Map.of("kafka.bootstrap.servers", kafka.bootstrapServers(),
                    "quarkus.oidc.auth-server-url", oidc.issuer());
            ingest = start(root, "ingest-service", common, Map.of(
                    "vigil.ingest.threat-intel.sources.tor.kind", "tor",
                    "vigil.ingest.threat-intel.sources.tor.location", scenario.resolve("tor-exit-list.txt").toString(),
                    "vigil.ingest.threat-intel.sources.threats.kind", "malicious",
                    "vigil.ingest.threat-intel.sources.threats.location",
                    scenario.resolve("threat-list.txt").toString(),
                    "vigil.ingest.threat-intel.sources.offices.kind", "trusted",
                    "vigil.ingest.threat-intel.sources.offices.location",
                    scenario.resolve("trusted-networks.txt").toString()));
            detection = start(root, "detection-service", common, Map.of(
                    "quarkus.kafka-streams.bootstrap-servers", kafka.bootstrapServers(),
                    "kafka-streams.state.dir", Procs.workDir("streams-state").toString()));
            alerts = start(root, "alert-service", common, database("vigil_alerts"));
            for (ServiceProcess service : services) {
                service.awaitReady(Duration.ofSeconds(120));
            }
            configureDeliverySubscription();

            Map<String, String> mailer = new HashMap<>(database("vigil_notifications"));
            mailer.put("quarkus.mailer.port", String.valueOf(smtp.smtpPort()));
            mailer.put("quarkus.mailer.host", "127.0.0.1");
            mailer.put("vigil.notification.email.recipients." + TOR_SUBSCRIPTION, TOR_RECIPIENT);
            mailer.put("vigil.notification.webhook-secrets.e2e-hook", WEBHOOK_SECRET);
            // the webhook receiver listens on loopback, which production denies
            mailer.put("vigil.notification.webhook.denied-networks", "169.254.0.0/16,fe80::/10");
            notification = start(root, "notification-service", common, mailer);
            notification.awaitReady(Duration.ofSeconds(120));
            System.out.printf("e2e: infrastructure up in %d ms, four services ready %d ms later%n",
                    Duration.between(begin, infraReady).toMillis(),
                    Duration.between(infraReady, Instant.now()).toMillis());
        }

        String adminToken() {
            return oidc.passwordToken("delivery-admin", "delivery-admin");
        }

        /** Email to one address, a signed webhook, CEF over syslog and OCSF to a tenant's own topic. */
        private void configureDeliverySubscription() {
            String settings = """
                    {"protectionEnabled": true, "trustedNetworks": [],
                     "notifications": {"enabled": true, "minimumSeverity": "INFORMATIONAL",
                                       "emails": ["%s"], "roles": []},
                     "exports": [
                       {"name": "e2e-hook", "kind": "WEBHOOK", "target": "%s", "secretRef": "e2e-hook"},
                       {"name": "e2e-siem", "kind": "SYSLOG_CEF", "target": "127.0.0.1:%d"},
                       {"name": "e2e-ocsf", "kind": "KAFKA_OCSF", "target": "%s"}]}"""
                    .formatted(DELIVERY_RECIPIENT, webhook.url(), syslog.port(), OCSF_TOPIC);
            String path = "/api/v1/subscriptions/" + DELIVERY_SUBSCRIPTION + "/settings";
            given().baseUri(alerts.url()).auth().oauth2(adminToken()).header("If-Match", "\"0\"")
                    .contentType("application/json").body(settings)
                    .when().put(path).then().statusCode(200);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().baseUri(alerts.url())
                    .auth().oauth2(adminToken()).when().get(path).then().body("published", equalTo(true)));
        }

        private ServiceProcess start(Path root, String module, Map<String, String> common, Map<String, String> own) {
            Map<String, String> config = new HashMap<>(common);
            config.putAll(own);
            ServiceProcess service = ServiceProcess.start(root, module, config);
            services.add(service);
            return service;
        }

        private Map<String, String> database(String name) {
            return Map.of("quarkus.datasource.reactive.url", postgres.reactiveUrl(name),
                    "quarkus.datasource.jdbc.url", postgres.jdbcUrl(name),
                    "quarkus.datasource.username", PostgresServer.USER,
                    "quarkus.datasource.password", PostgresServer.PASSWORD);
        }

        private static void createTopic(KafkaBroker kafka, String topic) {
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                    kafka.bootstrapServers()))) {
                admin.createTopics(List.of(new NewTopic(topic, 3, (short) 1))).all().get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException("could not create " + topic, e);
            }
        }


        @Override
        public void close() {
            services.forEach(ServiceProcess::close);
            for (AutoCloseable server : new AutoCloseable[] {webhook, syslog, oidc, smtp, postgres, kafka}) {
                try {
                    if (server != null) {
                        server.close();
                    }
                } catch (Exception e) {
                    System.err.println("e2e: could not stop " + server + ": " + e);
                }
            }
        }
    }
}
