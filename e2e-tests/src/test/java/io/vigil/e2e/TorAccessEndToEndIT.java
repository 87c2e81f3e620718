package io.vigil.e2e;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.restassured.path.json.JsonPath;
import io.vigil.testsupport.GreenMailServer;
import io.vigil.testsupport.KafkaBroker;
import io.vigil.testsupport.OidcServer;
import io.vigil.testsupport.PostgresServer;
import io.vigil.testsupport.Procs;
import io.vigil.testsupport.ServiceProcess;

/**
 * The thin path through the whole suite: an Azure Key Vault record from a Tor exit node is POSTed to ingest-service
 * and comes out as a stored alert and an email. The four services run as their packaged jars in their own JVMs
 * against a real Kafka broker, a real PostgreSQL, a real SMTP server and an OIDC provider issuing real tokens.
 */
class TorAccessEndToEndIT {

    static final String SUBSCRIPTION = "sub-e2e";
    static final String RECIPIENT = "secops@contoso.com";

    static KafkaBroker kafka;
    static PostgresServer postgres;
    static GreenMailServer smtp;
    static OidcServer oidc;
    static final List<ServiceProcess> services = new ArrayList<>();
    static ServiceProcess ingest;
    static ServiceProcess alerts;

    @BeforeAll
    static void startTheSuite() throws Exception {
        Instant begin = Instant.now();
        CompletableFuture<KafkaBroker> broker = CompletableFuture.supplyAsync(
                () -> new KafkaBroker(3).start().createVigilTopics());
        CompletableFuture<PostgresServer> database = CompletableFuture.supplyAsync(
                () -> new PostgresServer().start("vigil_alerts", "vigil_notifications"));
        CompletableFuture<GreenMailServer> mail = CompletableFuture.supplyAsync(() -> new GreenMailServer().start());
        oidc = new OidcServer().start()
                .client("log-shipper", "shipper-secret", Set.of("vigil-ingest"), List.of(SUBSCRIPTION))
                .user("responder", "responder", Set.of("vigil-viewer", "vigil-responder"), List.of(SUBSCRIPTION));
        kafka = broker.join();
        postgres = database.join();
        smtp = mail.join();
        Instant infraReady = Instant.now();

        Path root = Path.of(System.getProperty("vigil.root.dir"));
        Path torList = Files.writeString(Procs.workDir("threat-intel").resolve("tor-exit-list.txt"),
                "# Tor bulk exit list\n185.220.101.45\n");
        Map<String, String> common = Map.of("kafka.bootstrap.servers", kafka.bootstrapServers(),
                "quarkus.oidc.auth-server-url", oidc.issuer());

        ingest = start(root, "ingest-service", common, Map.of(
                "vigil.ingest.threat-intel.tor-exit-list", torList.toString()));
        start(root, "detection-service", common, Map.of(
                "quarkus.kafka-streams.bootstrap-servers", kafka.bootstrapServers(),
                "kafka-streams.state.dir", Procs.workDir("streams-state").toString()));
        alerts = start(root, "alert-service", common, database("vigil_alerts"));
        Map<String, String> notification = new HashMap<>(database("vigil_notifications"));
        notification.put("quarkus.mailer.port", String.valueOf(smtp.smtpPort()));
        notification.put("quarkus.mailer.host", "127.0.0.1");
        notification.put("vigil.notification.email.recipients." + SUBSCRIPTION, RECIPIENT);
        start(root, "notification-service", common, notification);
        for (ServiceProcess service : services) {
            service.awaitReady(Duration.ofSeconds(120));
        }
        System.out.printf("e2e: infrastructure up in %d ms, four services ready %d ms later%n",
                Duration.between(begin, infraReady).toMillis(),
                Duration.between(infraReady, Instant.now()).toMillis());
    }

    @AfterAll
    static void stopTheSuite() {
        services.forEach(ServiceProcess::close);
        for (AutoCloseable server : new AutoCloseable[] {oidc, smtp, postgres, kafka}) {
            try {
                if (server != null) {
                    server.close();
                }
            } catch (Exception e) {
                System.err.println("e2e: could not stop " + server + ": " + e);
            }
        }
    }

    @Test
    void torAccessBecomesAStoredAlertAndAnEmail() throws Exception {
        String record = Files.readString(Path.of("src/test/resources/azure-tor-secretget.json"));
        String shipperToken = oidc.clientToken("log-shipper", "shipper-secret");

        Instant posted = Instant.now();
        given().baseUri(ingest.url()).auth().oauth2(shipperToken).contentType("application/json").body(record)
                .when().post("/api/v1/subscriptions/" + SUBSCRIPTION + "/events/azure-keyvault")
                .then().statusCode(202);

        String responderToken = oidc.passwordToken("responder", "responder");
        JsonPath alert = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> given().baseUri(alerts.url()).auth().oauth2(responderToken)
                        .when().get("/api/v1/alerts").then().statusCode(200).extract().jsonPath(),
                        list -> !list.getList("").isEmpty());
        Instant stored = Instant.now();
        assertThat(alert.getString("[0].alertType")).isEqualTo("KV_TORAccess");
        assertThat(alert.getString("[0].subscriptionId")).isEqualTo(SUBSCRIPTION);
        assertThat(alert.getString("[0].vault.name")).isEqualTo("kv-prod");
        assertThat(alert.getString("[0].principal.objectId")).isEqualTo("7d1e3a52-1f0c-4c1e-9d57-0a3b2c4d5e6f");
        assertThat(alert.getString("[0].principal.upn")).isEqualTo("mallory@contoso.com");
        assertThat(alert.getString("[0].client.ip")).isEqualTo("185.220.101.45");
        assertThat(alert.getString("[0].objects[0].name")).isEqualTo("db-password");
        assertThat(alert.getString("[0].objects[0].time")).isEqualTo("2026-11-23T09:41:07.123456700Z");

        JsonNode messages = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> new ObjectMapper().readTree(smtp.inbox(RECIPIENT)), inbox -> inbox.size() > 0);
        Instant mailed = Instant.now();
        String mime = messages.get(0).get("mimeMessage").asText();
        assertThat(messages.get(0).get("subject").asText())
                .isEqualTo("[Vigil][Medium] Access from a TOR exit node to a key vault: kv-prod");
        assertThat(mime).contains("mallory@contoso.com", "7d1e3a52-1f0c-4c1e-9d57-0a3b2c4d5e6f", "185.220.101.45",
                "db-password", "2026-11-23 09:41:07 UTC", "Tor exit node", alert.getString("[0].id"));
        System.out.printf("e2e: POST → alert stored in %d ms, → email received in %d ms%n",
                Duration.between(posted, stored).toMillis(), Duration.between(posted, mailed).toMillis());
    }

    private static ServiceProcess start(Path root, String module, Map<String, String> common,
            Map<String, String> own) {
        Map<String, String> config = new HashMap<>(common);
        config.putAll(own);
        ServiceProcess service = ServiceProcess.start(root, module, config);
        services.add(service);
        return service;
    }

    private static Map<String, String> database(String name) {
        return Map.of("quarkus.datasource.reactive.url", postgres.reactiveUrl(name),
                "quarkus.datasource.jdbc.url", postgres.jdbcUrl(name),
                "quarkus.datasource.username", PostgresServer.USER,
                "quarkus.datasource.password", PostgresServer.PASSWORD);
    }
}
